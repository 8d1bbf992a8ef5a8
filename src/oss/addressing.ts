/**
 * How a URL's host addresses its bucket: the OSS default domain and its
 * other `*.aliyuncs.com` forms (oss-facts §4.1), path style on an IP,
 * `localhost` or a region endpoint, the emulator's `*.localhost` names, or a
 * custom domain.
 *
 * @module
 */

/** How a URL addresses its bucket. */
export type AddressingKind =
  | "default-domain"
  | "internal-domain"
  | "accelerate-domain"
  | "dual-stack-domain"
  | "other-aliyuncs"
  | "path-style"
  | "emulator-domain"
  | "custom-domain";

/** What the host (and, for path style, the first path segment) tells. */
export interface HostAddressing {
  /** The addressing kind. */
  readonly kind: AddressingKind;
  /** The bucket the host names (virtual-hosted forms only). */
  readonly hostBucket: string | undefined;
  /** The region the host names, without `oss-`. */
  readonly hostRegion: string | undefined;
  /** Path style on an OSS region endpoint, which OSS rejects. */
  readonly pathStyleOnOss: boolean;
}

const BUCKET = "([a-z0-9_][a-z0-9_-]*)";
const ACCELERATE = new RegExp(
  `^${BUCKET}\\.oss-accelerate(?:-overseas)?\\.aliyuncs\\.com$`,
);
const DEFAULT = new RegExp(
  `^${BUCKET}\\.oss-([a-z0-9-]+?)(-internal)?\\.aliyuncs\\.com$`,
);
const DUAL_STACK = new RegExp(
  `^${BUCKET}\\.([a-z0-9-]+)\\.oss\\.aliyuncs\\.com$`,
);
const EMULATOR = new RegExp(
  `^${BUCKET}\\.oss-([a-z0-9-]+?)(?:-internal)?\\.localhost$`,
);
const REGION_ENDPOINT =
  /^oss-([a-z0-9-]+?)(?:-internal)?\.(aliyuncs\.com|localhost)$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function virtual(
  kind: AddressingKind,
  hostBucket: string | undefined,
  hostRegion: string | undefined,
): HostAddressing {
  return { kind, hostBucket, hostRegion, pathStyleOnOss: false };
}

/**
 * Classifies a host name.
 *
 * @param hostname The host name, lower case, without the port.
 * @returns The addressing kind, and the bucket and region the host names.
 */
export function classifyHost(hostname: string): HostAddressing {
  const accelerate = ACCELERATE.exec(hostname);
  if (accelerate !== null) {
    return virtual("accelerate-domain", accelerate[1], undefined);
  }
  const region = REGION_ENDPOINT.exec(hostname);
  if (region !== null) {
    return {
      kind: "path-style",
      hostBucket: undefined,
      hostRegion: region[1],
      pathStyleOnOss: region[2] === "aliyuncs.com",
    };
  }
  const byDefault = DEFAULT.exec(hostname);
  if (byDefault !== null) {
    return virtual(
      byDefault[3] === undefined ? "default-domain" : "internal-domain",
      byDefault[1],
      byDefault[2],
    );
  }
  const dualStack = DUAL_STACK.exec(hostname);
  if (dualStack !== null) {
    return virtual("dual-stack-domain", dualStack[1], dualStack[2]);
  }
  const emulator = EMULATOR.exec(hostname);
  if (emulator !== null) {
    return virtual("emulator-domain", emulator[1], emulator[2]);
  }
  if (
    hostname === "localhost" || IPV4.test(hostname) || hostname.startsWith("[")
  ) {
    return virtual("path-style", undefined, undefined);
  }
  if (hostname === "aliyuncs.com" || hostname.endsWith(".aliyuncs.com")) {
    return virtual("other-aliyuncs", undefined, undefined);
  }
  return virtual("custom-domain", undefined, undefined);
}

/** Human words for each addressing kind. */
export const ADDRESSING_TEXT: Readonly<Record<AddressingKind, string>> = {
  "default-domain": "OSS default domain (virtual-hosted)",
  "internal-domain": "OSS internal domain (same-region VPC/ECS only)",
  "accelerate-domain": "OSS transfer acceleration domain",
  "dual-stack-domain": "OSS dual-stack domain",
  "other-aliyuncs": "an aliyuncs.com host of an unknown form",
  "path-style": "path style (bucket in the path)",
  "emulator-domain": "osslinks emulator domain (virtual-hosted)",
  "custom-domain": "custom domain (CNAME)",
};
