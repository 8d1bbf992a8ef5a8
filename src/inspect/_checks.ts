/**
 * The problems a signed URL shows without credentials: how it was copied,
 * addressed and encoded, its parameters, its scope against the host, and
 * its expiry.
 *
 * @module
 */
import { MAX_SKEW_MS } from "../oss/credentials.ts";
import { V1_SUBRESOURCES } from "../oss/v1.ts";
import { closest } from "../text/closest.ts";
import { formatDuration } from "../manifest/duration.ts";
import type { QueryPair } from "./_query.ts";
import type { InspectFindingCode } from "./codes.ts";
import type { DecodedSignedUrl, InspectFinding } from "./types.ts";
import { isTrafficLimit, TRAFFIC_LIMIT } from "../oss/traffic_limit.ts";

/** A decoded URL before its findings are known. */
export type Decoded = Omit<DecodedSignedUrl, "findings">;

/** What the checks need besides the decoded URL. */
export interface CheckContext {
  /** The input as pasted, trimmed and unwrapped. */
  readonly input: string;
  /** The parsed URL. */
  readonly url: URL;
  /** Every query pair, as written. */
  readonly pairs: readonly QueryPair[];
  /** Path style on an OSS region endpoint. */
  readonly pathStyleOnOss: boolean;
  /** `--bucket`, if given. */
  readonly flagBucket: string | undefined;
  /** `--region` without `oss-`, if given. */
  readonly flagRegion: string | undefined;
  /** The key part of the path, as written. */
  readonly rawKey: string;
}

const SIGNATURE_PARAMS: ReadonlySet<string> = new Set([
  "Signature",
  "x-oss-signature",
  "security-token",
  "x-oss-security-token",
]);

const OSS_HOSTS: ReadonlySet<string> = new Set([
  "default-domain",
  "internal-domain",
  "accelerate-domain",
  "dual-stack-domain",
]);

function finding(
  code: InspectFindingCode,
  severity: InspectFinding["severity"],
  message: string,
  hint?: string,
): InspectFinding {
  return hint === undefined
    ? { code, severity, message }
    : { code, severity, message, hint };
}

/** Decodes the path once, or `undefined` when it has a malformed escape. */
function decodedPath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

function copyChecks(decoded: Decoded, context: CheckContext): InspectFinding[] {
  const out: InspectFinding[] = [];
  const text = context.input;
  if (/\s/.test(text)) {
    out.push(finding(
      "url-whitespace",
      "warning",
      "The URL contains spaces or line breaks, as a wrapped or hand-edited copy does: parsers drop line breaks and encode spaces as %20",
      "Copy the URL again from its source, on one line",
    ));
  }
  const rawPath = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*([^?#]*)/i.exec(text)?.[1] ??
    "/";
  const before = decodedPath(rawPath === "" ? "/" : rawPath);
  const after = decodedPath(decoded.path);
  if (
    before !== undefined && after !== undefined && before !== after &&
    !/\s/.test(rawPath)
  ) {
    out.push(finding(
      "path-normalized",
      "warning",
      `URL parsers change this path ("." or ".." segments, or backslashes): "${before}" becomes "${after}"`,
      "Browsers and HTTP clients request the changed path, so the object and the signature no longer match; avoid such keys",
    ));
  }
  if (context.url.hash !== "") {
    out.push(finding(
      "url-fragment",
      "warning",
      "The URL has a #fragment: clients never send it to OSS",
      'If the key contains "#", the path must say %23; if the parameters come after "#", they are lost',
    ));
  }
  return out;
}

function hostChecks(decoded: Decoded, context: CheckContext): InspectFinding[] {
  const out: InspectFinding[] = [];
  if (decoded.scheme === "http") {
    out.push(finding(
      "http-scheme",
      "warning",
      "The URL uses http: https pages block it as mixed content and the link travels unencrypted",
      "Sign with https (ali-oss in Node needs secure: true)",
    ));
  }
  if (context.pathStyleOnOss) {
    out.push(finding(
      "path-style-forbidden",
      "error",
      `Path-style URL on the OSS endpoint "${decoded.hostname}": OSS answers SecondLevelDomainForbidden`,
      `Use the virtual-hosted form <bucket>.${decoded.hostname}`,
    ));
  }
  if (decoded.addressing === "internal-domain") {
    out.push(finding(
      "internal-domain",
      "info",
      "The internal domain works only from ECS or VPC in the same region",
    ));
  }
  if (decoded.bucket === undefined) {
    out.push(finding(
      "bucket-unknown",
      "warning",
      decoded.addressing === "path-style"
        ? "The path names no bucket"
        : "The host does not name the bucket (custom domain): the signature cannot be checked without it",
      "Pass --bucket NAME: the signature covers the real bucket name even on a custom domain",
    ));
  }
  if (
    context.flagBucket !== undefined && decoded.bucketSource !== "flag" &&
    decoded.bucket !== context.flagBucket
  ) {
    out.push(finding(
      "bucket-flag-ignored",
      "warning",
      `--bucket "${context.flagBucket}" differs from "${decoded.bucket}" in the URL: using the URL's`,
    ));
  }
  if (
    context.flagRegion !== undefined && decoded.hostRegion !== undefined &&
    decoded.hostRegion !== context.flagRegion
  ) {
    out.push(finding(
      "region-flag-ignored",
      "warning",
      `--region "${context.flagRegion}" differs from "${decoded.hostRegion}" in the host: using the host's`,
    ));
  }
  return out;
}

function keyChecks(decoded: Decoded, context: CheckContext): InspectFinding[] {
  const out: InspectFinding[] = [];
  const { key } = decoded;
  if (decoded.keyMalformed) {
    out.push(finding(
      "key-malformed",
      "error",
      "The path has a malformed percent-escape: OSS rejects the URL (InvalidURI)",
      "A % in a key must be written %25",
    ));
    return out;
  }
  if (key === "") {
    out.push(finding(
      "no-key",
      "info",
      "The URL names no object: it addresses the bucket",
    ));
  }
  const escape = /%[0-9A-Fa-f]{2}/.exec(key);
  if (escape !== null) {
    out.push(finding(
      "key-double-encoded",
      "warning",
      `The key still contains "${
        escape[0]
      }" after decoding: the path was probably percent-encoded twice (%25${
        escape[0].slice(1)
      })`,
      "Sign the raw key and encode it once; ignore this if the object's name really contains that text",
    ));
  }
  if (key !== key.trim()) {
    out.push(finding(
      "key-whitespace",
      "warning",
      "The key starts or ends with a space (%20): copies and editors often add or drop those",
    ));
  }
  if (key.startsWith("/") || key.startsWith("\\")) {
    out.push(finding(
      "key-leading-slash",
      "warning",
      'The key starts with "/" or "\\": OSS object names cannot (ali-oss strips a leading "/" before signing)',
    ));
  }
  if (context.rawKey.includes("+")) {
    out.push(finding(
      "key-plus",
      "info",
      'The path has a literal "+": OSS reads it as a plus sign, not a space',
      "If the object's name has a space there, the path must say %20",
    ));
  }
  return out;
}

function duplicateChecks(
  decoded: Decoded,
  pairs: readonly QueryPair[],
): InspectFinding[] {
  const counts = new Map<string, number>();
  for (const pair of pairs) {
    counts.set(pair.name, (counts.get(pair.name) ?? 0) + 1);
  }
  const out: InspectFinding[] = [];
  for (const [name, count] of counts) {
    if (count < 2) continue;
    const own = decoded.parameters.every((param) => param.name !== name);
    out.push(finding(
      "duplicate-param",
      own || decoded.signature === "v4" ? "error" : "warning",
      `Parameter "${name}" appears ${count} times: OSS uses the first one`,
      "A parameter was added again after signing; keep one",
    ));
  }
  return out;
}

/** Names that only a signed URL carries, which a cut leaves behind. */
const SIGNING_LEFTOVERS: readonly string[] = [
  "x-oss-date",
  "x-oss-expires",
  "x-oss-additional-headers",
  "security-token",
  "x-oss-security-token",
];

/** Signature parameters after a `#`: the URL's key had a bare "#". */
const SIGNATURE_IN_FRAGMENT =
  /[#?&](?:x-oss-signature|x-oss-credential|OSSAccessKeyId|Signature|Expires)=/;

/**
 * The finding of a URL without a signature: `url-truncated` when what is
 * left shows that it had one (signing parameters, `response-*` overrides,
 * which need a signed request, or the signature after a `#`), else
 * `unsigned`.
 */
function unsignedFinding(
  pairs: readonly QueryPair[],
  url: URL,
): InspectFinding {
  if (SIGNATURE_IN_FRAGMENT.test(url.hash)) {
    return finding(
      "url-truncated",
      "error",
      'Truncated URL: the signature parameters come after a "#", and clients never send what follows "#"',
      'The key contains "#": the path must say %23 (the URL was decoded once too often)',
    );
  }
  const leftovers = pairs.filter((pair) =>
    SIGNING_LEFTOVERS.includes(pair.name) || pair.name.startsWith("response-")
  ).map((pair) => `"${pair.name}"`);
  if (leftovers.length > 0) {
    return finding(
      "url-truncated",
      "error",
      `Truncated URL: it has ${
        leftovers.join(", ")
      }, which only signed URLs carry, but no signature: the URL was cut, most likely at an "&"`,
      "Copy the whole URL and quote it in the shell: an unquoted & ends the command and drops the rest",
    );
  }
  return finding(
    "unsigned",
    "error",
    "Unsigned URL: no V1 (OSSAccessKeyId, Expires, Signature) or V4 (x-oss-signature…) parameters",
    "It works only for public-read objects",
  );
}

function encodingChecks(
  decoded: Decoded,
  pairs: readonly QueryPair[],
  url: URL,
): InspectFinding[] {
  const out: InspectFinding[] = [];
  for (const pair of pairs) {
    if (pair.malformed) {
      out.push(finding(
        "param-malformed",
        "error",
        `Parameter "${pair.rawName}" has a malformed percent-escape: OSS rejects the URL (InvalidURI)`,
        "A % in a value must be written %25",
      ));
    } else if (pair.rawValue?.includes("+")) {
      const vital = SIGNATURE_PARAMS.has(pair.name);
      out.push(finding(
        "plus-in-query",
        vital ? "error" : "warning",
        `Parameter "${pair.name}" has a literal "+", which reads as a space${
          vital
            ? ": the URL lost its encoding (%2B), for example in a tool that decoded it"
            : ""
        }`,
        'Encode "+" as %2B (and a space as %20)',
      ));
    }
  }
  if (decoded.signature === "unsigned") out.push(unsignedFinding(pairs, url));
  if (decoded.signature === "mixed") {
    out.push(finding(
      "mixed-signature",
      "error",
      "The URL has both V1 and V4 signature parameters: OSS answers InvalidArgument",
      "One URL carries one signature; sign it again",
    ));
  }
  return out;
}

function paramChecks(decoded: Decoded): InspectFinding[] {
  const out: InspectFinding[] = [];
  for (const param of decoded.parameters) {
    const { name, value } = param;
    if (param.kind === "response-override" && !V1_SUBRESOURCES.has(name)) {
      const known = [...V1_SUBRESOURCES].filter((n) =>
        n.startsWith("response-")
      );
      const suggestion = closest(name, known);
      out.push(finding(
        "unknown-override",
        "warning",
        `"${name}" is not a response override OSS knows${
          suggestion ? `: did you mean "${suggestion}"?` : ""
        }`,
        `Known overrides: ${known.join(", ")}`,
      ));
    }
    if (param.kind === "traffic-limit") {
      const limit = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!isTrafficLimit(limit)) {
        out.push(finding(
          "traffic-limit-range",
          "warning",
          `"x-oss-traffic-limit" is "${value}": OSS accepts ${TRAFFIC_LIMIT.min} to ${TRAFFIC_LIMIT.max} bit/s`,
        ));
      }
    }
    if (name === "response-content-disposition") {
      if (/filename\s*:/i.test(value)) {
        out.push(finding(
          "disposition-syntax",
          "warning",
          'The response-content-disposition says "filename:": the syntax is filename="name"',
        ));
      }
      if (/^\s*inline/i.test(value) && OSS_HOSTS.has(decoded.addressing)) {
        out.push(finding(
          "inline-on-default-domain",
          "info",
          "Inline preview on an OSS domain: OSS forces a download of images and web pages there for most buckets",
          "Preview through a custom domain bound to the bucket",
        ));
      }
    }
  }
  return out;
}

function unsignedParams(decoded: Decoded): InspectFinding[] {
  if (decoded.signature === "v1") {
    const loose = decoded.parameters.filter((param) => !param.signed);
    const out = [finding(
      "v1-deprecated",
      "info",
      "V1 signature: OSS no longer offers V1 to new accounts and buckets",
      "Sign with V4",
    )];
    if (loose.length > 0) {
      out.push(finding(
        "v1-unsigned-params",
        "info",
        `V1 does not sign ${
          loose.map((param) => `"${param.name}"`).join(", ")
        }: anyone may change or drop ${
          loose.length === 1 ? "it" : "them"
        } without breaking the URL`,
      ));
    }
    return out;
  }
  if (decoded.signature !== "v4") return [];
  const out = [finding(
    "v4-all-params-signed",
    "info",
    "V4 signs every query parameter: one added, removed or changed after signing breaks the URL",
  )];
  const headers = decoded.v4?.additionalHeaders ?? [];
  if (headers.length > 0) {
    out.push(finding(
      "signed-headers",
      "info",
      `The signature covers the header${headers.length === 1 ? "" : "s"} ${
        headers.map((name) => `"${name}"`).join(", ")
      }: clients must send ${
        headers.length === 1 ? "it" : "them"
      } with the values used when signing`,
      headers.some((name) => name !== "host")
        ? "Pass them with --header to verify"
        : undefined,
    ));
  }
  return out;
}

function regionChecks(
  decoded: Decoded,
  context: CheckContext,
): InspectFinding[] {
  const region = decoded.v4?.region;
  if (region === undefined || decoded.signature !== "v4") return [];
  const plain = region.replace(/^oss-/, "");
  if (decoded.hostRegion !== undefined && plain !== decoded.hostRegion) {
    return [finding(
      "region-mismatch",
      "error",
      `The scope region "${region}" is not the host's region "${decoded.hostRegion}": OSS rejects it (EC 0002-00000226)`,
      `Sign with region "${decoded.hostRegion}"; ali-oss signs for cn-hangzhou when only an endpoint is set`,
    )];
  }
  if (decoded.hostRegion === undefined && context.flagRegion !== undefined) {
    if (plain === context.flagRegion) return [];
    return [finding(
      "region-mismatch",
      "error",
      `The scope region "${region}" is not the bucket's region "${context.flagRegion}" (--region): OSS rejects it (EC 0002-00000228)`,
      `Sign with region "${context.flagRegion}"`,
    )];
  }
  if (decoded.hostRegion === undefined) {
    return [finding(
      "region-unchecked",
      "info",
      `The scope says region "${region}"; the host does not say the bucket's region`,
      "Pass --region to check it: a scope for another region fails (ali-oss signs for cn-hangzhou when only an endpoint is set)",
    )];
  }
  return [];
}

function timeChecks(decoded: Decoded): InspectFinding[] {
  const out: InspectFinding[] = [];
  const { expiresAt, signedAt, now } = decoded;
  if (expiresAt !== undefined && decoded.expired) {
    const late = (now.getTime() - expiresAt.getTime()) / 1000;
    out.push(finding(
      "expired",
      "error",
      `The URL expired at ${expiresAt.toISOString()}, ${
        formatDuration(Math.ceil(late), { units: 2 })
      } before ${now.toISOString()}: OSS answers AccessDenied "Request has expired."`,
      "Sign a new URL: the expiry is signed, editing it breaks the signature",
    ));
  }
  if (
    signedAt !== undefined && signedAt.getTime() > now.getTime() + MAX_SKEW_MS
  ) {
    out.push(finding(
      "signed-in-future",
      "warning",
      `The URL was signed at ${signedAt.toISOString()}, ${
        formatDuration((signedAt.getTime() - now.getTime()) / 1000, {
          units: 2,
        })
      } after ${now.toISOString()}: the signer's clock is ahead, or --now is wrong`,
      "The emulator rejects it beyond 15 min (RequestTimeTooSkewed); OSS may too",
    ));
  }
  return out;
}

/**
 * Finds the problems a decoded URL shows without credentials.
 *
 * @param decoded The decoded URL.
 * @param context The input, the parsed URL and the flags.
 * @returns The findings, in check order.
 */
export function checkUrl(
  decoded: Decoded,
  context: CheckContext,
): InspectFinding[] {
  return [
    ...copyChecks(decoded, context),
    ...hostChecks(decoded, context),
    ...keyChecks(decoded, context),
    ...encodingChecks(decoded, context.pairs, context.url),
    ...duplicateChecks(decoded, context.pairs),
    ...regionChecks(decoded, context),
    ...paramChecks(decoded),
    ...timeChecks(decoded),
    ...unsignedParams(decoded),
  ];
}
