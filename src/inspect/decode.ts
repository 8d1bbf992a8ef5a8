/**
 * `decodeSignedUrl`: what a signed OSS URL says (host and addressing, bucket,
 * key, signature version, AccessKey, scope, expiry, parameters) and what is
 * visibly wrong with it, without credentials.
 *
 * @module
 */
import { isV1SignedParam } from "../oss/v1.ts";
import { type AddressingKind, classifyHost } from "../oss/addressing.ts";
import { checkUrl, type Decoded } from "./_checks.ts";
import { firstValues, type QueryPair, splitQuery } from "./_query.ts";
import { decodeV1, decodeV4, type SignatureFields } from "./_signature.ts";
import { TOKEN_PARAMS } from "./signed_strings.ts";
import type {
  DecodedParam,
  DecodedSignedUrl,
  DecodeOptions,
  FindingSeverity,
  ParamKind,
  SignatureKind,
} from "./types.ts";

/** Query parameters of a V1 signature. */
const V1_AUTH_PARAMS: readonly string[] = [
  "OSSAccessKeyId",
  "Expires",
  "Signature",
  "security-token",
];

/** Query parameters of a V4 signature. */
const V4_AUTH_PARAMS: readonly string[] = [
  "x-oss-signature-version",
  "x-oss-credential",
  "x-oss-date",
  "x-oss-expires",
  "x-oss-additional-headers",
  "x-oss-security-token",
  "x-oss-signature",
];

/** The parameters that make OSS treat a URL as V1- or V4-signed. */
const V1_MARKERS = ["OSSAccessKeyId", "Expires", "Signature"];
const V4_MARKERS = [
  "x-oss-signature",
  "x-oss-credential",
  "x-oss-signature-version",
];

const NO_SIGNATURE: SignatureFields = {
  accessKeyId: undefined,
  signatureValue: undefined,
  token: undefined,
  signedAt: undefined,
  expiresAt: undefined,
  v4: undefined,
  findings: [],
};

const SEVERITY_ORDER: Readonly<Record<FindingSeverity, number>> = {
  error: 0,
  warning: 1,
  info: 2,
};

/** Strips one pair of quotes or angle brackets a copy from a chat or Markdown adds. */
function unwrap(text: string): string {
  const match = /^(?:<(.*)>|"(.*)"|'(.*)'|`(.*)`)$/s.exec(text);
  return match === null
    ? text
    : (match[1] ?? match[2] ?? match[3] ?? match[4] ?? "").trim();
}

function parseUrl(input: string): { url: URL; text: string } {
  const text = unwrap(input.trim());
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SyntaxError(
      'Cannot parse the URL: expected "https://" or "http://", a host and a path',
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new SyntaxError(
      `Cannot inspect a "${url.protocol}" URL: expected http or https`,
    );
  }
  return { url, text };
}

function signatureKind(query: Readonly<Record<string, string>>): SignatureKind {
  const v1 = V1_MARKERS.some((name) => Object.hasOwn(query, name));
  const v4 = V4_MARKERS.some((name) => Object.hasOwn(query, name));
  return v1 && v4 ? "mixed" : v1 ? "v1" : v4 ? "v4" : "unsigned";
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

interface Target {
  readonly bucket: string | undefined;
  readonly bucketSource: DecodedSignedUrl["bucketSource"];
  readonly rawKey: string;
}

function target(
  pathname: string,
  hostBucket: string | undefined,
  kind: AddressingKind,
): Target {
  if (hostBucket !== undefined) {
    return {
      bucket: hostBucket,
      bucketSource: "host",
      rawKey: pathname.slice(1),
    };
  }
  if (kind !== "path-style") {
    return {
      bucket: undefined,
      bucketSource: undefined,
      rawKey: pathname.slice(1),
    };
  }
  const slash = pathname.indexOf("/", 1);
  const rawBucket = slash === -1 ? pathname.slice(1) : pathname.slice(1, slash);
  const bucket = safeDecode(rawBucket) ?? rawBucket;
  return {
    bucket: bucket === "" ? undefined : bucket,
    bucketSource: bucket === "" ? undefined : "path",
    rawKey: slash === -1 ? "" : pathname.slice(slash + 1),
  };
}

function classify(name: string): ParamKind {
  if (name.startsWith("response-")) return "response-override";
  if (name === "x-oss-process") return "process";
  if (name === "versionId") return "version";
  if (name === "x-oss-traffic-limit") return "traffic-limit";
  if (name.startsWith("x-oss-")) return "oss";
  return isV1SignedParam(name) ? "sub-resource" : "other";
}

function parameters(
  pairs: readonly QueryPair[],
  kind: SignatureKind,
): DecodedParam[] {
  const own = kind === "v1"
    ? V1_AUTH_PARAMS
    : kind === "v4"
    ? V4_AUTH_PARAMS
    : [...V1_AUTH_PARAMS, ...V4_AUTH_PARAMS];
  return pairs.filter((pair) => !own.includes(pair.name)).map((pair) => ({
    name: pair.name,
    value: TOKEN_PARAMS.includes(pair.name)
      ? `[redacted: ${pair.value.length} characters]`
      : pair.value,
    kind: classify(pair.name),
    signed: kind === "v4" || (kind === "v1" && isV1SignedParam(pair.name)),
    duplicate: pair.duplicate,
  }));
}

function timing(
  fields: SignatureFields,
  now: Date,
): Pick<Decoded, "secondsLeft" | "expired"> {
  const { expiresAt } = fields;
  if (expiresAt === undefined) {
    return { secondsLeft: undefined, expired: false };
  }
  return {
    secondsLeft: Math.trunc((expiresAt.getTime() - now.getTime()) / 1000),
    expired: now.getTime() > expiresAt.getTime(),
  };
}

/**
 * Decodes a signed OSS URL: addressing, bucket and key, signature version,
 * AccessKey ID, STS token presence (never the token), V4 scope, signing and
 * expiry times relative to `now`, every other parameter, and the problems
 * visible without credentials.
 *
 * @example Usage
 * ```ts
 * import { decodeSignedUrl } from "@osslinks/osslinks/inspect";
 * const decoded = decodeSignedUrl(
 *   "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/a.txt?OSSAccessKeyId=AKID&Expires=1800000000&Signature=abc",
 *   { now: new Date("2026-11-28T09:00:00Z") },
 * );
 * console.log(decoded.bucket, decoded.key, decoded.signature); // examplebucket a.txt v1
 * ```
 *
 * @param input The URL, as pasted: surrounding whitespace, and one pair of
 * quotes or angle brackets around it, are ignored.
 * @param options The bucket for a custom domain, the bucket's region, the
 * current time.
 * @returns The decoded URL and its findings.
 * @throws {SyntaxError} When the input is not an http or https URL.
 */
export function decodeSignedUrl(
  input: string,
  options: DecodeOptions = {},
): DecodedSignedUrl {
  const { url, text } = parseUrl(input);
  const now = options.now ?? new Date();
  const host = classifyHost(url.hostname);
  const where = target(url.pathname, host.hostBucket, host.kind);
  const bucket = where.bucket ?? options.bucket;
  const flagRegion = options.region?.replace(/^oss-/, "");
  const key = safeDecode(where.rawKey);
  const pairs = splitQuery(url.search);
  const query = firstValues(pairs);
  const kind = signatureKind(query);
  const signature = kind === "v1"
    ? decodeV1(query)
    : kind === "v4"
    ? decodeV4(query)
    : NO_SIGNATURE;
  const decoded: Decoded = {
    href: url.href,
    scheme: url.protocol === "http:" ? "http" : "https",
    host: url.host,
    hostname: url.hostname,
    path: url.pathname,
    addressing: host.kind,
    hostRegion: host.hostRegion,
    bucket,
    bucketSource: where.bucket !== undefined
      ? where.bucketSource
      : bucket !== undefined
      ? "flag"
      : undefined,
    region: host.hostRegion ?? flagRegion,
    key: key ?? where.rawKey,
    keyMalformed: key === undefined,
    signature: kind,
    accessKeyId: signature.accessKeyId,
    signatureValue: signature.signatureValue,
    securityToken: {
      present: signature.token !== undefined,
      length: signature.token?.length ?? 0,
    },
    v4: signature.v4,
    now,
    signedAt: signature.signedAt,
    expiresAt: signature.expiresAt,
    lifetimeSeconds: signature.v4?.expiresSeconds,
    ...timing(signature, now),
    parameters: parameters(pairs, kind),
  };
  const findings = [
    ...signature.findings,
    ...checkUrl(decoded, {
      input: text,
      url,
      pairs,
      pathStyleOnOss: host.pathStyleOnOss,
      flagBucket: options.bucket,
      flagRegion,
      rawKey: where.rawKey,
    }),
  ].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return { ...decoded, findings };
}
