/**
 * The emulator's access log: what one request was and how it was answered,
 * and its one-line text — `GET /examplebucket/a.txt 403 2ms V4-url
 * code=SignatureDoesNotMatch`. Signatures and tokens are never in it.
 *
 * @module
 */

/** One request as the emulator answered it, for a log line. */
export interface EmulatorRequestEntry {
  /** The HTTP method. */
  readonly method: string;
  /**
   * The path and query as sent, with the values of signature and token
   * parameters replaced by `[redacted]`.
   */
  readonly target: string;
  /**
   * The `Host` the client addressed, when it is not the emulator's own
   * address (a virtual host or a bound domain); `undefined` for path style.
   */
  readonly host: string | undefined;
  /** The response status. */
  readonly status: number;
  /** Milliseconds from receiving the request head to the response head. */
  readonly durationMs: number;
  /**
   * How the request was signed: `anonymous`, `V1-url`, `V4-url`, `V2-url`,
   * `V1-header`, `V4-header`, `V2-header`, `other-header` (an
   * `Authorization` of another scheme), or a URL kind and a header kind
   * joined by `+` when both are present.
   */
  readonly signature: string;
  /** The OSS error code of an error answer (`SignatureDoesNotMatch`). */
  readonly code: string | undefined;
}

/** Query parameters whose values are secrets or signatures (lower case). */
const SECRET_PARAMETERS: ReadonlySet<string> = new Set([
  "signature",
  "x-oss-signature",
  "security-token",
  "x-oss-security-token",
  "authorization",
]);

/** What stands for a redacted value. */
const REDACTED = "[redacted]";

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll("+", " ")).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/**
 * The path and query of a URL as sent, each secret parameter's value
 * replaced by `[redacted]` (its name and the rest kept as written).
 *
 * @param url The request URL.
 * @returns The redacted path and query.
 */
export function redactedTarget(url: URL): string {
  if (url.search === "") return url.pathname;
  const parts = url.search.slice(1).split("&").map((part) => {
    const equals = part.indexOf("=");
    const name = equals < 0 ? part : part.slice(0, equals);
    return SECRET_PARAMETERS.has(decodeName(name))
      ? `${name}=${REDACTED}`
      : part;
  });
  return `${url.pathname}?${parts.join("&")}`;
}

/** The signature kind a URL's query carries, if any. */
function urlSignature(url: URL): string | undefined {
  const names = new Set<string>();
  for (const name of url.searchParams.keys()) names.add(name.toLowerCase());
  const version = url.searchParams.get("x-oss-signature-version");
  if (version === "OSS2") return "V2-url";
  if (
    names.has("x-oss-signature") || names.has("x-oss-credential") ||
    names.has("x-oss-signature-version")
  ) {
    return "V4-url";
  }
  if (
    url.searchParams.has("Signature") || url.searchParams.has("OSSAccessKeyId")
  ) {
    return "V1-url";
  }
  return undefined;
}

/** The signature kind an `Authorization` header carries. */
function headerSignature(authorization: string): string {
  const scheme = authorization.trimStart().split(/\s/, 1)[0] ?? "";
  switch (scheme) {
    case "OSS4-HMAC-SHA256":
      return "V4-header";
    case "OSS2":
      return "V2-header";
    case "OSS":
      return "V1-header";
    default:
      return "other-header";
  }
}

/**
 * Tells how a request is signed, from its URL and `Authorization` header,
 * before (and whether or not) the emulator verifies it.
 *
 * @param url The request URL.
 * @param authorization The `Authorization` header, if any.
 * @returns `anonymous`, `V1-url`, `V4-header`… (see
 * {@linkcode EmulatorRequestEntry.signature}).
 */
export function signatureKind(
  url: URL,
  authorization: string | null | undefined,
): string {
  const inUrl = urlSignature(url);
  const inHeader = authorization === null || authorization === undefined
    ? undefined
    : headerSignature(authorization);
  if (inUrl !== undefined && inHeader !== undefined) {
    return `${inUrl}+${inHeader}`;
  }
  return inUrl ?? inHeader ?? "anonymous";
}

// Control characters, line breaks and bidirectional overrides.
const UNPRINTABLE =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069\s]/g;

/**
 * Formats a request as one log line, without the final line break:
 * `METHOD TARGET STATUS DURATIONms SIGNATURE[ code=CODE][ host=HOST]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatRequestLine } from "@osslinks/osslinks/emulator";
 * assert.equal(
 *   formatRequestLine({
 *     method: "GET",
 *     target: "/examplebucket/a.txt",
 *     host: undefined,
 *     status: 403,
 *     durationMs: 2.4,
 *     signature: "anonymous",
 *     code: "AccessDenied",
 *   }),
 *   "GET /examplebucket/a.txt 403 2ms anonymous code=AccessDenied",
 * );
 * ```
 *
 * @param entry The request.
 * @returns The line.
 */
export function formatRequestLine(entry: EmulatorRequestEntry): string {
  const clean = (text: string) => text.replace(UNPRINTABLE, "?");
  let line = `${clean(entry.method)} ${clean(entry.target)} ${entry.status} ${
    Math.round(entry.durationMs)
  }ms ${entry.signature}`;
  if (entry.code !== undefined) line += ` code=${clean(entry.code)}`;
  if (entry.host !== undefined) line += ` host=${clean(entry.host)}`;
  return line;
}
