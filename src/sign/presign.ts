/**
 * `presignUrl`: one signed OSS URL, V1 or V4, synchronous and pure.
 *
 * @module
 */
import { encodePath, encodeRfc3986 } from "./_encode.ts";
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
  /** The STS security token, for temporary credentials. */
  readonly securityToken?: string | undefined;
}

/** Everything one presigned URL depends on. */
export interface PresignRequest {
  /** The signature algorithm. */
  readonly signature: SignatureVersion;
  /** The HTTP method the URL is for; a GET URL cannot be used for HEAD. */
  readonly method: string;
  /** The real bucket name, also when `host` is a custom domain. */
  readonly bucket: string;
  /** The raw object key, not percent-encoded. */
  readonly key: string;
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
  /** The credentials to sign with. */
  readonly credentials: Credentials;
  /** The signing time: the V4 `x-oss-date` and the base of V1 `Expires`. */
  readonly signedAt: Date;
  /** How long the URL lives, in seconds. */
  readonly expires: number;
  /** Extra query parameters, signed per the algorithm. */
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

function formatQuery(query: Readonly<Record<string, string>>): string {
  let text = "";
  for (const [name, value] of Object.entries(query)) {
    if (text !== "") text += "&";
    text += value === ""
      ? encodeRfc3986(name)
      : `${encodeRfc3986(name)}=${encodeRfc3986(value)}`;
  }
  return text;
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
  const { credentials } = request;
  const expires = String(
    Math.floor(request.signedAt.getTime() / 1000) + request.expires,
  );
  const query: Record<string, string> = { ...request.query };
  if (credentials.securityToken !== undefined) {
    query["security-token"] = credentials.securityToken;
  }
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
    formatQuery({
      OSSAccessKeyId: credentials.accessKeyId,
      Expires: expires,
      Signature: signature,
      ...query,
    })
  }`;
}

function presignV4(request: PresignRequest): string {
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
  if (credentials.securityToken !== undefined) {
    query["x-oss-security-token"] = credentials.securityToken;
  }
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
  return `${baseUrl(request)}?${formatQuery(query)}`;
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
 * @returns The signed URL.
 */
export function presignUrl(request: PresignRequest): string {
  return request.signature === "v1" ? presignV1(request) : presignV4(request);
}
