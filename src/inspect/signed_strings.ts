/**
 * The V1 StringToSign, or the V4 canonical request and StringToSign, that a
 * signed URL's signature must match, built with the signer's own code. They
 * need no secret; the STS token in them is redacted.
 *
 * @module
 */
import { parseQuery } from "../oss/request.ts";
import { encodeRfc3986 } from "../oss/encode.ts";
import { v1StringToSign } from "../oss/v1.ts";
import { v4CanonicalRequest, v4StringToSign } from "../oss/v4.ts";
import type { DecodedSignedUrl } from "./types.ts";

/** The strings a signature covers. */
export interface SignedStrings {
  /** The StringToSign, STS token redacted. */
  readonly stringToSign: string;
  /** The V4 canonical request, STS token redacted; `undefined` for V1. */
  readonly canonicalRequest: string | undefined;
}

/** Options of {@linkcode signedStrings}. */
export interface SignedStringsOptions {
  /**
   * The HTTP method the URL is used with.
   *
   * @default {"GET"}
   */
  readonly method?: string | undefined;
  /**
   * Headers the client sends (`Content-Type` for an upload, `x-oss-*`,
   * V4 additional headers). `Host` defaults to the URL's host.
   */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * The request headers a URL is verified with: `host` from the URL, then the
 * given ones, names lower case.
 *
 * @param decoded The decoded URL.
 * @param headers The headers given.
 * @returns The headers.
 */
export function requestHeaders(
  decoded: DecodedSignedUrl,
  headers: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const result: Record<string, string> = { host: decoded.host };
  for (const [name, value] of Object.entries(headers)) {
    result[name.toLowerCase()] = value;
  }
  return result;
}

/** The query parameters that carry an STS token (V1, V4). */
export const TOKEN_PARAMS: readonly string[] = [
  "x-oss-security-token",
  "security-token",
];

/**
 * Replaces the STS tokens of a URL in a StringToSign, canonical request or
 * error detail with their length: `security-token=…` and
 * `x-oss-security-token=…`, raw (V1) or encoded (V4).
 *
 * @param text The text.
 * @param query The URL's decoded query.
 * @returns The text without the tokens.
 */
export function redactTokens(
  text: string,
  query: Readonly<Record<string, string>>,
): string {
  let result = text;
  for (const name of TOKEN_PARAMS) {
    const token = query[name];
    if (token === undefined || token === "") continue;
    const placeholder = `${name}=[redacted: ${token.length} characters]`;
    for (const form of new Set([encodeRfc3986(token), token])) {
      result = result.replaceAll(`${name}=${form}`, placeholder);
    }
  }
  return result;
}

/**
 * The token a URL carries, decoded.
 *
 * @param query The URL's decoded query.
 * @returns The token, or `undefined`.
 */
export function tokenOf(
  query: Readonly<Record<string, string>>,
): string | undefined {
  return query["x-oss-security-token"] ?? query["security-token"];
}

/**
 * Builds the strings a URL's signature covers, for the given method and
 * headers: the V1 StringToSign, or the V4 canonical request and
 * StringToSign. Compare them with the `StringToSign` and `CanonicalRequest`
 * of an OSS `SignatureDoesNotMatch` error.
 *
 * @example Usage
 * ```ts
 * import { presignUrl } from "@osslinks/osslinks";
 * import { decodeSignedUrl, signedStrings } from "@osslinks/osslinks/inspect";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const url = presignUrl({
 *   signature: "v4", method: "GET", bucket: "examplebucket", key: "a.txt",
 *   region: "cn-hangzhou", credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
 *   signedAt: now, expires: 1800,
 * });
 * const strings = signedStrings(decodeSignedUrl(url, { now }), { method: "HEAD" });
 * if (!strings?.canonicalRequest?.startsWith("HEAD\n/examplebucket/a.txt\n")) {
 *   throw new Error(JSON.stringify(strings));
 * }
 * ```
 *
 * @param decoded The decoded URL.
 * @param options The method and headers.
 * @returns The strings, or `undefined` when the URL is not V1 or V4, the
 * bucket is unknown, or the parameters they need are missing or malformed.
 */
export function signedStrings(
  decoded: DecodedSignedUrl,
  options: SignedStringsOptions = {},
): SignedStrings | undefined {
  const { bucket, v4 } = decoded;
  if (bucket === undefined || decoded.keyMalformed) return undefined;
  let query: Record<string, string>;
  try {
    query = parseQuery(new URL(decoded.href).search);
  } catch {
    return undefined;
  }
  const method = (options.method ?? "GET").toUpperCase();
  const headers = requestHeaders(decoded, options.headers);
  const { key } = decoded;
  if (decoded.signature === "v1") {
    const expires = query["Expires"];
    if (!expires) return undefined;
    const stringToSign = v1StringToSign({
      method,
      expiresOrDate: expires,
      headers,
      bucket,
      key,
      query,
    });
    return {
      stringToSign: redactTokens(stringToSign, query),
      canonicalRequest: undefined,
    };
  }
  if (
    decoded.signature !== "v4" || v4?.scope === undefined ||
    v4.dateTime === undefined
  ) {
    return undefined;
  }
  const { "x-oss-signature": _signature, ...signed } = query;
  const canonicalRequest = v4CanonicalRequest({
    method,
    bucket,
    key,
    query: signed,
    headers,
    additionalHeaders: v4.additionalHeaders,
  });
  return {
    stringToSign: v4StringToSign(v4.dateTime, v4.scope, canonicalRequest),
    canonicalRequest: redactTokens(canonicalRequest, query),
  };
}
