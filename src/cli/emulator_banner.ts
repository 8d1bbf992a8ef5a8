/**
 * What `osslinks emulator` prints when it starts: where it listens, each
 * bucket's addresses and, unless `--quiet`, how to point `check --live` and
 * ali-oss at it. It names AccessKey IDs and where their secrets are written,
 * never a secret or a token.
 *
 * @module
 */
import type { EmulatorBucket } from "../emulator/model.ts";
import type { AccessKeyCredential } from "../oss/credentials.ts";

/** What the banner describes. */
export interface EmulatorBannerOptions {
  /** The emulator's base URL, `http://127.0.0.1:9000`. */
  readonly origin: string;
  /** The buckets it serves. */
  readonly buckets: readonly EmulatorBucket[];
  /** The virtual host of a bucket, `<bucket>.oss-<region>.localhost:<port>`. */
  readonly bucketHost: (bucket: string) => string;
  /** The config file, as given to `--config`; `undefined` without one. */
  readonly configPath: string | undefined;
  /** With `--quiet`: only where it listens. */
  readonly quiet: boolean;
}

/** The bucket and key the examples use: a permanent key if there is one. */
function exampleKey(
  buckets: readonly EmulatorBucket[],
): { bucket: EmulatorBucket; key: AccessKeyCredential } | undefined {
  const withKeys = buckets.filter((bucket) => bucket.credentials.length > 0);
  for (const bucket of withKeys) {
    const key = bucket.credentials.find((credential) =>
      credential.securityToken === undefined
    );
    if (key !== undefined) return { bucket, key };
  }
  const bucket = withKeys[0];
  const key = bucket?.credentials[0];
  return bucket && key && { bucket, key };
}

/** The lines that show how to use the emulator with a bucket and a key. */
function usageLines(
  origin: string,
  bucket: EmulatorBucket,
  key: AccessKeyCredential,
  configPath: string,
): string[] {
  const sts = key.securityToken !== undefined;
  const where = `in ${configPath}, bucket "${bucket.name}"`;
  const port = new URL(origin).port;
  const localhost = origin.replace(
    /^http:\/\/(?:127\.0\.0\.1|0\.0\.0\.0|\[::1?\])/,
    "http://localhost",
  );
  return [
    "",
    `Check a manifest whose bucket is "${bucket.name}" (region ${bucket.region}) against it:`,
    `  export OSS_ACCESS_KEY_ID=${key.accessKeyId}`,
    `  export OSS_ACCESS_KEY_SECRET=…   # its accessKeySecret ${where}`,
    ...(sts
      ? [`  export OSS_SESSION_TOKEN=…   # its securityToken ${where}`]
      : []),
    `  osslinks check links.yaml --live --endpoint ${origin}`,
    "Call it from ali-oss (Node.js):",
    `  const client = new OSS({ endpoint: "${origin}", bucket: "${bucket.name}",`,
    `    region: "oss-${bucket.region}", secure: false,`,
    `    accessKeyId: "${key.accessKeyId}", accessKeySecret: process.env.OSS_ACCESS_KEY_SECRET${
      sts ? ",\n    stsToken: process.env.OSS_SESSION_TOKEN" : ""
    } });`,
    `  // signatureUrl() needs a name, not an IP: endpoint "${localhost}" with sldEnable: true`,
    ...bucket.domains.filter((bound) => bound.status === "Enabled").slice(0, 1)
      .map((bound) =>
        `  // through its domain: cname: true, endpoint "http://${bound.domain}:${port}" where that name resolves to the emulator`
      ),
  ];
}

/**
 * Builds the start-up banner, LF-terminated.
 *
 * @param options Where the emulator listens, what it serves, and `--quiet`.
 * @returns The banner text.
 */
export function emulatorBanner(options: EmulatorBannerOptions): string {
  const { origin, buckets } = options;
  const lines = [`osslinks emulator listening on ${origin}`];
  for (const bucket of buckets) {
    lines.push(
      `  ${bucket.name}: ${origin}/${bucket.name}/ or http://${
        options.bucketHost(bucket.name)
      }/`,
    );
  }
  if (!options.quiet) {
    const example = exampleKey(buckets);
    if (buckets.length === 0) {
      lines.push(
        "No buckets: give --config FILE (the format is in docs/emulator.md).",
      );
    } else if (example === undefined) {
      lines.push(
        "No bucket has credentials: only public-read buckets answer, to anonymous requests.",
      );
    } else {
      lines.push(
        ...usageLines(
          origin,
          example.bucket,
          example.key,
          options.configPath ?? "the config",
        ),
      );
    }
    lines.push(
      "Each request is logged below: METHOD PATH STATUS TIME SIGNATURE [code=CODE] [host=HOST] (--quiet for none).",
    );
  }
  lines.push("Press Ctrl-C to stop.");
  return lines.join("\n") + "\n";
}
