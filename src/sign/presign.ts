/**
 * `presignUrl`: one signed OSS URL, V1 or V4, synchronous and pure.
 *
 * @module
 */
import { encodePath, encodeQuery } from "./_encode.ts";
import { v1Signature, v1StringToSign } from "./v1.ts";
import {
  standardRegion,
  V4_ALGORITHM,
  v4AdditionalHeaders,
  v4CanonicalRequest,
  v4DateTime,
  v4Scope,
  v4Signature,
  v4SigningKey,
  v4StringToSign,
} from "./v4.ts";

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
const V1_RESERVED = [
  "OSSAccessKeyId",
  "Expires",
  "Signature",
  "security-token",
];

/** Query parameters the V4 signer sets itself. */
const V4_RESERVED = [
  "x-oss-additional-headers",
  "x-oss-credential",
  "x-oss-date",
  "x-oss-expires",
  "x-oss-security-token",
  "x-oss-signature",
  "x-oss-signature-version",
];

function checkRequest(request: PresignRequest, reserved: string[]): void {
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
  if (request.query === undefined) return;
  for (const name of reserved) {
    if (Object.hasOwn(request.query, name)) {
      throw new TypeError(
        `Query parameter "${name}" is reserved: the ${request.signature.toUpperCase()} signer sets it`,
      );
    }
  }
}

/** The STS token, or `undefined` when there is none (or it is empty). */
function tokenOf(credentials: Credentials): string | undefined {
  const token = credentials.securityToken;
  return token === undefined || token === "" ? undefined : token;
}

function baseUrl(request: PresignRequest): string {
  const scheme = request.https === false ? "http" : "https";
  const host = request.host ??
    `${request.bucket}.oss-${standardRegion(request.region)}.aliyuncs.com`;
  const path = request.pathStyle
    ? `/${request.bucket}/${request.key}`
    : `/${request.key}`;
  return `${scheme}://${host}${encodePath(path)}`;
}

function presignV1(request: PresignRequest): string {
  checkRequest(request, V1_RESERVED);
  const { credentials } = request;
  const expires = String(
    Math.floor(request.signedAt.getTime() / 1000) + request.expires,
  );
  const query: Record<string, string> = { ...request.query };
  const token = tokenOf(credentials);
  if (token !== undefined) query["security-token"] = token;
  const stringToSign = v1StringToSign({
    method: request.method,
    expiresOrDate: expires,
    headers: request.headers ?? {},
    bucket: request.bucket,
    key: request.key,
    query,
  });
  const signature = v1Signature(credentials.accessKeySecret, stringToSign);
  return `${baseUrl(request)}?${
    encodeQuery({
      ...query,
      OSSAccessKeyId: credentials.accessKeyId,
      Expires: expires,
      Signature: signature,
    })
  }`;
}

function presignV4(request: PresignRequest): string {
  checkRequest(request, V4_RESERVED);
  const { credentials } = request;
  const region = standardRegion(request.region);
  const product = request.product ?? "oss";
  const dateTime = v4DateTime(request.signedAt);
  const date8 = dateTime.slice(0, 8);
  const scope = v4Scope(date8, region, product);
  const headers = request.headers ?? {};
  const additional = v4AdditionalHeaders(
    request.additionalHeaders ?? [],
    headers,
  );
  const query: Record<string, string> = {
    ...request.query,
    "x-oss-signature-version": V4_ALGORITHM,
    "x-oss-credential": `${credentials.accessKeyId}/${scope}`,
    "x-oss-date": dateTime,
    "x-oss-expires": String(request.expires),
  };
  const token = tokenOf(credentials);
  if (token !== undefined) query["x-oss-security-token"] = token;
  if (additional.length > 0) {
    query["x-oss-additional-headers"] = additional.join(";");
  }
  const canonicalRequest = v4CanonicalRequest({
    method: request.method,
    bucket: request.bucket,
    key: request.key,
    query,
    headers,
    additionalHeaders: additional,
  });
  const signingKey = v4SigningKey(
    credentials.accessKeySecret,
    date8,
    region,
    product,
  );
  query["x-oss-signature"] = v4Signature(
    signingKey,
    v4StringToSign(dateTime, scope, canonicalRequest),
  );
  return `${baseUrl(request)}?${encodeQuery(query)}`;
}

/**
 * Presigns one OSS URL with V1 (HMAC-SHA1, absolute `Expires`) or V4
 * (OSS4-HMAC-SHA256, relative `x-oss-expires`). Synchronous and pure: the
 * same request gives the same URL.
 *
 * @example Usage
 * ```ts
 * import { presignUrl } from "./presign.ts";
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
 */
export function presignUrl(request: PresignRequest): string {
  return request.signature === "v1" ? presignV1(request) : presignV4(request);
}
