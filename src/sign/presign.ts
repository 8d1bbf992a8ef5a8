/**
 * `presignUrl`: one signed OSS URL, V1 or V4, synchronous and pure.
 *
 * @module
 */
import {
  type EncodedPair,
  encodedPair,
  encodePath,
  encodeRfc3986,
  joinAround,
  joinWith,
  sortPairs,
} from "../oss/encode.ts";
import { v1StringToSign } from "../oss/v1.ts";
import {
  HAND_WRITTEN_CRYPTO,
  type SignerCrypto,
  type V4KeyScope,
} from "./signer_crypto.ts";
import {
  standardRegion,
  V4_ALGORITHM,
  v4AdditionalHeaders,
  v4CanonicalRequestFromParts,
  v4CanonicalUriOfEncodedKey,
  v4DateTime,
  v4Scope,
} from "../oss/v4.ts";

/** The signature algorithm of a URL. */
export type SignatureVersion = "v1" | "v4";

/** An AccessKey pair, with the STS token when the pair is temporary. */
export interface Credentials {
  /** The AccessKey ID (`STS.…` for temporary credentials). */
  readonly accessKeyId: string;
  /** The AccessKey secret. Never printed. */
  readonly accessKeySecret: string;
  /** The STS security token, for temporary credentials; `""` means none. */
  readonly securityToken?: string | undefined;
}

/**
 * What a signature covers, for a presigned URL and for an `Authorization`
 * header alike.
 */
export interface SigningInput {
  /** The signature algorithm. */
  readonly signature: SignatureVersion;
  /** The HTTP method, upper case; a GET URL cannot be used for HEAD. */
  readonly method: string;
  /**
   * The real bucket name, also when the host is a custom domain; `""` for a
   * service-level request.
   */
  readonly bucket: string;
  /** The raw object key, not percent-encoded; `""` for a bucket request. */
  readonly key: string;
  /** The credentials to sign with. */
  readonly credentials: Credentials;
  /** The signing time: the V4 `x-oss-date`, the V1 `Date` or `Expires` base. */
  readonly signedAt: Date;
  /** Query parameters, decoded; signed per the algorithm. */
  readonly query?: Readonly<Record<string, string>> | undefined;
  /** Headers the client will send; they are signed and must be replayed. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** V4 only: further header names to sign (`x-oss-additional-headers`). */
  readonly additionalHeaders?: readonly string[] | undefined;
  /**
   * The V4 product.
   *
   * @default {"oss"}
   */
  readonly product?: string | undefined;
}

/** Everything one presigned URL depends on. */
export interface PresignRequest extends SigningInput {
  /** The region, `cn-hangzhou` or `oss-cn-hangzhou`. */
  readonly region: string;
  /**
   * The host (and port) of the URL.
   *
   * @default {`<bucket>.oss-<region>.aliyuncs.com`}
   */
  readonly host?: string | undefined;
  /**
   * Put the bucket in the path (`/<bucket>/<key>`), for an IP or loopback
   * host.
   *
   * @default {false}
   */
  readonly pathStyle?: boolean | undefined;
  /**
   * Use `https`.
   *
   * @default {true}
   */
  readonly https?: boolean | undefined;
  /**
   * How long the URL lives, in whole seconds: at least 1, and for V4 at most
   * 604800 (7 days, the server's limit).
   */
  readonly expires: number;
}

/** The longest V4 `x-oss-expires` OSS accepts: seven days. */
const V4_MAX_EXPIRES = 604800;

/** Query parameters the V1 signer sets itself. */
const V1_RESERVED: ReadonlySet<string> = new Set([
  "OSSAccessKeyId",
  "Expires",
  "Signature",
  "security-token",
]);

/** Query parameters the V4 signer sets itself. */
const V4_RESERVED: ReadonlySet<string> = new Set([
  "x-oss-additional-headers",
  "x-oss-credential",
  "x-oss-date",
  "x-oss-expires",
  "x-oss-security-token",
  "x-oss-signature",
  "x-oss-signature-version",
]);

function checkRequest(request: PresignRequest): void {
  if (Number.isNaN(request.signedAt.getTime())) {
    throw new RangeError("Signing time is not a valid date");
  }
  const { expires } = request;
  if (!Number.isSafeInteger(expires) || expires < 1) {
    throw new RangeError(
      `Expiry must be a positive whole number of seconds: got "${expires}"`,
    );
  }
  if (request.signature === "v4" && expires > V4_MAX_EXPIRES) {
    throw new RangeError(
      `V4 expiry must be at most ${V4_MAX_EXPIRES} seconds (7 days): got "${expires}"`,
    );
  }
}

/** The STS token, or `undefined` when there is none (or it is empty). */
function tokenOf(credentials: Credentials): string | undefined {
  const token = credentials.securityToken;
  return token === undefined || token === "" ? undefined : token;
}

/**
 * What the links of one V1 batch share: the signer's own pairs but
 * `Expires` (`OSSAccessKeyId`, `security-token`), encoded and sorted. Kept
 * for the last batch only, by access key ID and token; never by secret.
 */
interface V1Batch {
  readonly accessKeyId: string;
  readonly token: string | undefined;
  readonly pairs: readonly EncodedPair[];
}

let lastV1Batch: V1Batch | undefined;

function v1Batch(credentials: Credentials): V1Batch {
  const token = tokenOf(credentials);
  const last = lastV1Batch;
  if (
    last !== undefined && last.accessKeyId === credentials.accessKeyId &&
    last.token === token
  ) {
    return last;
  }
  const pairs = [encodedPair("OSSAccessKeyId", credentials.accessKeyId)];
  if (token !== undefined) pairs.push(encodedPair("security-token", token));
  lastV1Batch = {
    accessKeyId: credentials.accessKeyId,
    token,
    pairs: sortPairs(pairs),
  };
  return lastV1Batch;
}

/**
 * What the links of one V4 batch share: the signing key's scope, the string
 * to sign up to the canonical request's hash, and the signer's own pairs
 * but `x-oss-expires`, encoded and sorted. Kept for the last batch only, by
 * access key ID, token, time, region and product; never by secret.
 */
interface V4Batch {
  readonly accessKeyId: string;
  readonly token: string | undefined;
  readonly time: number;
  readonly region: string;
  readonly product: string;
  readonly keyScope: V4KeyScope;
  /** `OSS4-HMAC-SHA256`, the date and the scope, each ending in LF. */
  readonly stringToSignHead: string;
  readonly pairs: readonly EncodedPair[];
}

let lastV4Batch: V4Batch | undefined;

function v4Batch(request: PresignRequest): V4Batch {
  const { credentials } = request;
  const token = tokenOf(credentials);
  const time = request.signedAt.getTime();
  const product = request.product ?? "oss";
  const last = lastV4Batch;
  if (
    last !== undefined && last.accessKeyId === credentials.accessKeyId &&
    last.token === token && last.time === time &&
    last.region === request.region && last.product === product
  ) {
    return last;
  }
  const region = standardRegion(request.region);
  const dateTime = v4DateTime(request.signedAt);
  const date8 = dateTime.slice(0, 8);
  const scope = v4Scope(date8, region, product);
  const pairs: EncodedPair[] = [
    encodedPair("x-oss-credential", `${credentials.accessKeyId}/${scope}`),
    ["x-oss-date", `x-oss-date=${dateTime}`],
    ["x-oss-signature-version", `x-oss-signature-version=${V4_ALGORITHM}`],
  ];
  if (token !== undefined) {
    pairs.push(encodedPair("x-oss-security-token", token));
  }
  lastV4Batch = {
    accessKeyId: credentials.accessKeyId,
    token,
    time,
    region: request.region,
    product,
    keyScope: { date8, region, product },
    stringToSignHead: `${V4_ALGORITHM}\n${dateTime}\n${scope}\n`,
    pairs: sortPairs(pairs),
  };
  return lastV4Batch;
}

/**
 * The query parameters of the request, encoded, unsorted.
 *
 * @throws {TypeError} For a parameter the signer sets itself.
 */
function queryPairs(
  request: PresignRequest,
  reserved: ReadonlySet<string>,
): EncodedPair[] {
  const pairs: EncodedPair[] = [];
  const query = request.query;
  if (query !== undefined) {
    for (const name of Object.keys(query)) {
      if (reserved.has(name)) {
        throw new TypeError(
          `Query parameter "${name}" is reserved: the ${request.signature.toUpperCase()} signer sets it`,
        );
      }
      pairs.push(encodedPair(name, query[name]!));
    }
  }
  return pairs;
}

/** A `.` or `..` path segment, which URL parsers remove. */
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

/**
 * The key as a URL path (without the leading `/`). RFC 3986 with `/` kept,
 * except that a key with a `.` or `..` segment has every `/` encoded as
 * `%2F`: URL parsers (browsers, fetch, curl) would otherwise drop the dot
 * segments and ask for another key; OSS decodes `%2F` back to `/`.
 *
 * @throws {RangeError} For the keys `.` and `..`, which no URL path can
 * carry (parsers treat `%2E` as a dot too).
 */
function keyPath(key: string, encodedKey: string): string {
  // A dot segment starts the key or follows a slash.
  if (key[0] !== "." && !key.includes("/.")) return encodedKey;
  if (!DOT_SEGMENT.test(key)) return encodedKey;
  if (key === "." || key === "..") {
    throw new RangeError(
      `Object key "${key}" cannot be put in a URL path: parsers remove it`,
    );
  }
  return encodeRfc3986(key);
}

/** The URL up to the query: scheme, host and encoded path. */
function baseUrl(request: PresignRequest, encodedKey: string): string {
  const scheme = request.https === false ? "http" : "https";
  const host = request.host ??
    `${request.bucket}.oss-${standardRegion(request.region)}.aliyuncs.com`;
  const path = keyPath(request.key, encodedKey);
  return request.pathStyle
    ? `${scheme}://${host}/${encodePath(request.bucket)}/${path}`
    : `${scheme}://${host}/${path}`;
}

function presignV1(request: PresignRequest, crypto: SignerCrypto): string {
  checkRequest(request);
  const pairs = queryPairs(request, V1_RESERVED);
  const { credentials } = request;
  const batch = v1Batch(credentials);
  const expires = String(
    Math.floor(request.signedAt.getTime() / 1000) + request.expires,
  );
  const stringToSign = v1StringToSign({
    method: request.method,
    expiresOrDate: expires,
    headers: request.headers ?? {},
    bucket: request.bucket,
    key: request.key,
    query: request.query ?? {},
    securityToken: batch.token,
  });
  pairs.push(["Expires", `Expires=${expires}`]);
  const [before, after] = joinAround(
    sortPairs(pairs),
    batch.pairs,
    "Signature",
  );
  const signature = encodedPair(
    "Signature",
    crypto.v1Signature(credentials, stringToSign),
  );
  return `${baseUrl(request, encodePath(request.key))}?${
    joinWith(before, signature[1], after)
  }`;
}

function presignV4(request: PresignRequest, crypto: SignerCrypto): string {
  checkRequest(request);
  const batch = v4Batch(request);
  const pairs = queryPairs(request, V4_RESERVED);
  pairs.push(["x-oss-expires", `x-oss-expires=${request.expires}`]);
  const headers = request.headers ?? {};
  const additional = request.additionalHeaders === undefined ||
      request.additionalHeaders.length === 0
    ? []
    : v4AdditionalHeaders(request.additionalHeaders, headers);
  if (additional.length > 0) {
    pairs.push(encodedPair("x-oss-additional-headers", additional.join(";")));
  }
  // x-oss-credential always comes before the signature, and
  // x-oss-signature-version after it: neither part is empty.
  const [before, after] = joinAround(
    sortPairs(pairs),
    batch.pairs,
    "x-oss-signature",
  );
  const encodedKey = encodePath(request.key);
  const canonicalRequest = v4CanonicalRequestFromParts({
    method: request.method,
    canonicalUri: v4CanonicalUriOfEncodedKey(request.bucket, encodedKey),
    canonicalQuery: `${before}&${after}`,
    headers,
    additionalHeaders: additional,
  });
  const signature = crypto.v4Signature(
    request.credentials,
    batch.keyScope,
    batch.stringToSignHead + crypto.sha256Hex(canonicalRequest),
  );
  return `${
    baseUrl(request, encodedKey)
  }?${before}&x-oss-signature=${signature}&${after}`;
}

/**
 * Presigns one OSS URL with V1 (HMAC-SHA1, absolute `Expires`) or V4
 * (OSS4-HMAC-SHA256, relative `x-oss-expires`). Synchronous and pure: the
 * same request gives the same URL.
 *
 * @example Usage
 * ```ts
 * import { presignUrl } from "@osslinks/osslinks";
 * const url = presignUrl({
 *   signature: "v4",
 *   method: "GET",
 *   bucket: "examplebucket",
 *   key: "example.jpg",
 *   region: "cn-hangzhou",
 *   credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
 *   signedAt: new Date("2026-11-28T09:00:00Z"),
 *   expires: 1800,
 * });
 * ```
 *
 * @param request What to sign.
 * @returns The signed URL. Its query is sorted by encoded name, as Go v2
 * sorts it, with a bare name for an empty value.
 * @throws {RangeError} When `signedAt` is not a valid date, or `expires` is
 * not a whole number of seconds from 1 (to 604800 for V4).
 * @throws {TypeError} When `query` sets a parameter the signer sets itself
 * (`Signature`, `x-oss-date`, …).
 * @throws {RangeError} When the key is `.` or `..`, which URL parsers
 * remove from any path. (A key with `.` or `..` segments gets its `/`
 * encoded as `%2F` in the URL path instead, so that parsers keep them.)
 */
export function presignUrl(request: PresignRequest): string {
  return presignUrlWith(request, HAND_WRITTEN_CRYPTO);
}

/**
 * {@linkcode presignUrl} on other hash functions: the same URL, byte for
 * byte, whatever computes the HMACs (`bench/presign_crypto.ts` compares
 * libraries end to end with it).
 *
 * @param request What to sign.
 * @param crypto The HMAC and SHA-256 functions, with their key cache.
 * @returns The signed URL.
 * @throws {RangeError | TypeError} As {@linkcode presignUrl} does.
 */
export function presignUrlWith(
  request: PresignRequest,
  crypto: SignerCrypto,
): string {
  return request.signature === "v1"
    ? presignV1(request, crypto)
    : presignV4(request, crypto);
}
