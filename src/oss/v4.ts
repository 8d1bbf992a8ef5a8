/**
 * The V4 (OSS4-HMAC-SHA256) canonical request, string to sign and signing
 * key, shared by the presigner and the emulator's verifier. See oss-facts §2.
 *
 * @module
 */
import {
  cachedHmacKey,
  hmacBytes,
  hmacHex,
  hmacKey,
  sha256Hex,
} from "./crypto.ts";
import { encodePath, encodeQuery } from "./encode.ts";
import { byteOrder, isEmpty, normalizeHeaders } from "./headers.ts";

/** The V4 algorithm name, the value of `x-oss-signature-version`. */
export const V4_ALGORITHM = "OSS4-HMAC-SHA256";

/** The payload hash of a presigned request. */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

/** Headers V4 signs whenever the request has them, besides `x-oss-*`. */
const DEFAULT_SIGNED_HEADERS: ReadonlySet<string> = new Set([
  "content-type",
  "content-md5",
]);

function isDefaultSigned(lowerName: string): boolean {
  return DEFAULT_SIGNED_HEADERS.has(lowerName) ||
    lowerName.startsWith("x-oss-");
}

/**
 * Strips the `oss-` prefix of an endpoint-style region id, giving the form
 * the V4 scope needs (`oss-cn-hangzhou` → `cn-hangzhou`).
 *
 * @param region A region id in either form.
 * @returns The region id without `oss-`.
 */
export function standardRegion(region: string): string {
  return region.startsWith("oss-") ? region.slice(4) : region;
}

/**
 * Formats a time as the V4 `x-oss-date`: `yyyymmddTHHMMSSZ` in UTC.
 *
 * @param time The signing time.
 * @returns The formatted time, for example `20261128T090000Z`.
 */
export function v4DateTime(time: Date): string {
  const ms = time.getTime();
  if (ms !== lastDateTime[0]) {
    lastDateTime = [
      ms,
      time.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, ""),
    ];
  }
  return lastDateTime[1];
}

/** The last time formatted: a batch signs at one time. */
let lastDateTime: [number, string] = [Number.NaN, ""];

/**
 * Builds the credential scope: `yyyymmdd/region/product/aliyun_v4_request`.
 *
 * @param date8 The `yyyymmdd` date of `x-oss-date`.
 * @param region The region without `oss-`.
 * @param product The product, `oss` unless CloudBox.
 * @returns The scope.
 */
export function v4Scope(
  date8: string,
  region: string,
  product: string,
): string {
  return `${date8}/${region}/${product}/aliyun_v4_request`;
}

/**
 * Normalizes the names of `x-oss-additional-headers`: lower-cased,
 * de-duplicated, without the default-signed names and those the request
 * does not carry with a non-empty value (Go v2 `getCommonAdditionalHeaders`,
 * Python v2 `_common_additional_headers`), sorted.
 *
 * @param names The names asked for.
 * @param headers The request headers.
 * @returns The names to sign in addition to the default ones.
 */
export function v4AdditionalHeaders(
  names: readonly string[],
  headers: Readonly<Record<string, string>>,
): string[] {
  const present = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== "") present.add(name.toLowerCase());
  }
  const result = new Set<string>();
  for (const name of names) {
    const lower = name.toLowerCase();
    if (!isDefaultSigned(lower) && present.has(lower)) result.add(lower);
  }
  return [...result].sort(byteOrder);
}

/** What the V4 canonical request is made of. */
export interface V4CanonicalRequestInput {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The real bucket name (always in the canonical URI, also for CNAMEs). */
  readonly bucket: string;
  /** The raw object key; empty for a bucket request. */
  readonly key: string;
  /**
   * Every query parameter, decoded, including the `x-oss-*` authorization
   * parameters but not `x-oss-signature`.
   */
  readonly query: Readonly<Record<string, string>>;
  /** The request headers the client sends; names in any case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The normalized additional header names, see {@linkcode v4AdditionalHeaders}. */
  readonly additionalHeaders: readonly string[];
}

/**
 * Encodes the V4 canonical URI: `/bucket/key`, RFC 3986 with `/` kept.
 *
 * @param bucket The real bucket name; `""` for a service request (`/key`).
 * @param key The raw object key.
 * @returns The canonical URI.
 */
export function v4CanonicalUri(bucket: string, key: string): string {
  return v4CanonicalUriOfEncodedKey(bucket, encodePath(key));
}

/**
 * {@linkcode v4CanonicalUri} for a key already encoded with `encodePath`,
 * so that a signer that also puts the key in the URL encodes it once.
 *
 * @param bucket The real bucket name; `""` for a service request (`/key`).
 * @param encodedKey The key, encoded with `encodePath`.
 * @returns The canonical URI.
 */
export function v4CanonicalUriOfEncodedKey(
  bucket: string,
  encodedKey: string,
): string {
  return bucket === ""
    ? `/${encodedKey}`
    : `/${encodePath(bucket)}/${encodedKey}`;
}

/** The parts of a V4 canonical request, URI and query already encoded. */
export interface V4CanonicalParts {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The output of {@linkcode v4CanonicalUri}. */
  readonly canonicalUri: string;
  /** The canonical query string (`encodeQuery` of every parameter). */
  readonly canonicalQuery: string;
  /** The request headers the client sends; names in any case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The normalized additional header names, see {@linkcode v4AdditionalHeaders}. */
  readonly additionalHeaders: readonly string[];
}

/**
 * Assembles the V4 canonical request from an encoded URI and query: the
 * canonical headers (`content-type`, `content-md5`, `x-oss-*` and the
 * additional ones, lower-case names, trimmed values, sorted), the
 * additional header list and the hashed payload (`x-oss-content-sha256`,
 * else `UNSIGNED-PAYLOAD`). For callers that keep the encoded query for the
 * URL, as the presigner does.
 *
 * @param parts The encoded parts.
 * @returns The canonical request text.
 */
export function v4CanonicalRequestFromParts(parts: V4CanonicalParts): string {
  let canonicalHeaders = "";
  let payload = UNSIGNED_PAYLOAD;
  const additional = parts.additionalHeaders;
  if (!isEmpty(parts.headers)) {
    const headers = normalizeHeaders(parts.headers);
    const signed = [...headers.keys()].filter((name) =>
      isDefaultSigned(name) || additional.includes(name)
    ).sort(byteOrder);
    for (const name of signed) {
      canonicalHeaders += `${name}:${headers.get(name)}\n`;
    }
    payload = headers.get("x-oss-content-sha256") ?? UNSIGNED_PAYLOAD;
  }
  return `${parts.method}\n${parts.canonicalUri}\n${parts.canonicalQuery}\n` +
    `${canonicalHeaders}\n${additional.join(";")}\n${payload}`;
}

/**
 * Builds the V4 canonical request.
 *
 * @param input The request to sign.
 * @returns The canonical request text.
 */
export function v4CanonicalRequest(input: V4CanonicalRequestInput): string {
  return v4CanonicalRequestFromParts({
    method: input.method,
    canonicalUri: v4CanonicalUri(input.bucket, input.key),
    canonicalQuery: encodeQuery(input.query),
    headers: input.headers,
    additionalHeaders: input.additionalHeaders,
  });
}

/**
 * Builds the V4 string to sign from a canonical request.
 *
 * @param dateTime The `x-oss-date` value.
 * @param scope The credential scope.
 * @param canonicalRequest The output of {@linkcode v4CanonicalRequest}.
 * @returns The string to sign.
 */
export function v4StringToSign(
  dateTime: string,
  scope: string,
  canonicalRequest: string,
): string {
  return `${V4_ALGORITHM}\n${dateTime}\n${scope}\n${
    sha256Hex(canonicalRequest)
  }`;
}

/**
 * Derives the V4 signing key: HMAC chain over `"aliyun_v4" + secret` →
 * date → region → product → `aliyun_v4_request`. Not cached here: presigning
 * caches it per credentials object (`signer_crypto.ts`), never by secret.
 *
 * @param secret The AccessKey secret.
 * @param date8 The `yyyymmdd` date.
 * @param region The region without `oss-`.
 * @param product The product, `oss` unless CloudBox.
 * @returns The 32-byte signing key.
 */
export function v4SigningKey(
  secret: string,
  date8: string,
  region: string,
  product: string,
): Uint8Array {
  const kDate = hmacBytes(hmacKey("sha256", `aliyun_v4${secret}`), date8);
  const kRegion = hmacBytes(hmacKey("sha256", kDate), region);
  const kProduct = hmacBytes(hmacKey("sha256", kRegion), product);
  return hmacBytes(hmacKey("sha256", kProduct), "aliyun_v4_request");
}

/**
 * Signs a V4 string to sign.
 *
 * @param signingKey The output of {@linkcode v4SigningKey}.
 * @param stringToSign The output of {@linkcode v4StringToSign}.
 * @returns The lower-case hex signature.
 */
export function v4Signature(
  signingKey: Uint8Array,
  stringToSign: string,
): string {
  return hmacHex(cachedHmacKey("sha256", signingKey), stringToSign);
}
