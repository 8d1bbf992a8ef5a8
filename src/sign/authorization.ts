/**
 * `authorizeRequest`: the `Authorization` header of one OSS request, V1 or
 * V4, synchronous and pure. The header-signing twin of `presignUrl`.
 *
 * @module
 */
import type { SigningInput } from "./presign.ts";
import { v1Signature, v1StringToSign } from "../oss/v1.ts";
import {
  standardRegion,
  UNSIGNED_PAYLOAD,
  V4_ALGORITHM,
  v4AdditionalHeaders,
  v4CanonicalRequest,
  v4DateTime,
  v4Scope,
  v4Signature,
  v4SigningKey,
  v4StringToSign,
} from "../oss/v4.ts";

/** Everything the `Authorization` header of one request depends on. */
export interface AuthorizationRequest extends SigningInput {
  /** V4 only (required there): the region, `cn-hangzhou` or `oss-cn-hangzhou`. */
  readonly region?: string | undefined;
}

/** A signed request: the headers to send and how they were computed. */
export interface AuthorizedRequest {
  /**
   * The headers to send: the request's own, without any the signer replaces
   * (compared case-insensitively), plus `Date`, `Authorization` and, for
   * V4, `x-oss-date` and `x-oss-content-sha256`; with STS credentials also
   * `x-oss-security-token`.
   */
  readonly headers: Record<string, string>;
  /** The `Authorization` header value. */
  readonly authorization: string;
  /** The string to sign, as the official SDKs expose it. */
  readonly stringToSign: string;
  /** V4: the canonical request; V1: `null`. */
  readonly canonicalRequest: string | null;
}

/**
 * Copies `headers` without the names (lower case) the signer sets itself.
 */
function withoutNames(
  headers: Readonly<Record<string, string>>,
  names: ReadonlySet<string>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!names.has(name.toLowerCase())) kept[name] = value;
  }
  return kept;
}

function headerValue(
  headers: Readonly<Record<string, string>>,
  lowerName: string,
): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === lowerName) return value;
  }
  return undefined;
}

const V1_SET = new Set(["authorization", "date", "x-oss-security-token"]);
const V4_SET = new Set([
  "authorization",
  "date",
  "x-oss-content-sha256",
  "x-oss-date",
  "x-oss-security-token",
]);

function authorizeV1(request: AuthorizationRequest): AuthorizedRequest {
  const { credentials } = request;
  const headers = withoutNames(request.headers ?? {}, V1_SET);
  headers["Date"] = request.signedAt.toUTCString();
  const token = credentials.securityToken;
  if (token !== undefined && token !== "") {
    headers["x-oss-security-token"] = token;
  }
  // The date line is `x-oss-date` when the request carries one (Python v2,
  // Java v2 and ali-oss; browsers cannot set `Date`), else `Date` (Go v2,
  // which always sets `Date` from the signing time).
  const ossDate = headerValue(headers, "x-oss-date");
  const stringToSign = v1StringToSign({
    method: request.method,
    expiresOrDate: ossDate !== undefined && ossDate !== ""
      ? ossDate
      : headers["Date"],
    headers,
    bucket: request.bucket,
    key: request.key,
    query: request.query ?? {},
  });
  const authorization = `OSS ${credentials.accessKeyId}:${
    v1Signature(credentials.accessKeySecret, stringToSign)
  }`;
  headers["Authorization"] = authorization;
  return { headers, authorization, stringToSign, canonicalRequest: null };
}

function authorizeV4(request: AuthorizationRequest): AuthorizedRequest {
  const { credentials } = request;
  if (request.region === undefined || request.region === "") {
    throw new TypeError("V4 signing needs a region: got none");
  }
  const region = standardRegion(request.region);
  const product = request.product ?? "oss";
  const dateTime = v4DateTime(request.signedAt);
  const date8 = dateTime.slice(0, 8);
  const scope = v4Scope(date8, region, product);
  const headers = withoutNames(request.headers ?? {}, V4_SET);
  headers["x-oss-date"] = dateTime;
  headers["Date"] = request.signedAt.toUTCString();
  const token = credentials.securityToken;
  if (token !== undefined && token !== "") {
    headers["x-oss-security-token"] = token;
  }
  headers["x-oss-content-sha256"] = UNSIGNED_PAYLOAD;
  const additional = v4AdditionalHeaders(
    request.additionalHeaders ?? [],
    headers,
  );
  const canonicalRequest = v4CanonicalRequest({
    method: request.method,
    bucket: request.bucket,
    key: request.key,
    query: request.query ?? {},
    headers,
    additionalHeaders: additional,
  });
  const stringToSign = v4StringToSign(dateTime, scope, canonicalRequest);
  const signature = v4Signature(
    v4SigningKey(credentials.accessKeySecret, date8, region, product),
    stringToSign,
  );
  const authorization =
    `${V4_ALGORITHM} Credential=${credentials.accessKeyId}/${scope}` +
    (additional.length > 0
      ? `,AdditionalHeaders=${additional.join(";")}`
      : "") +
    `,Signature=${signature}`;
  headers["Authorization"] = authorization;
  return { headers, authorization, stringToSign, canonicalRequest };
}

/**
 * Signs one request with an `Authorization` header, as the official SDKs do
 * for ordinary (non-presigned) requests:
 *
 * - V1: `Authorization: OSS <AccessKeyId>:<base64 HMAC-SHA1>`, with a `Date`
 *   header. The date line of the string to sign is the request's
 *   `x-oss-date` header when it has one, else `Date`.
 * - V4: `Authorization: OSS4-HMAC-SHA256 Credential=<AccessKeyId>/<scope>`
 *   `[,AdditionalHeaders=<names>],Signature=<hex>`, with `x-oss-date`,
 *   `Date` and `x-oss-content-sha256: UNSIGNED-PAYLOAD` headers.
 *
 * STS credentials add the `x-oss-security-token` header (Go v2 and ali-oss;
 * the Python v2 and Java v2 V1 signers send an unsigned `security-token`
 * header instead).
 *
 * @example Usage
 * ```ts
 * import { authorizeRequest } from "@osslinks/osslinks/sign";
 * const { headers } = authorizeRequest({
 *   signature: "v4",
 *   method: "GET",
 *   bucket: "examplebucket",
 *   key: "",
 *   region: "cn-hangzhou",
 *   query: { cors: "" },
 *   credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
 *   signedAt: new Date("2026-11-28T09:00:00Z"),
 * });
 * ```
 *
 * @param request What to sign.
 * @returns The headers to send and the intermediate strings.
 * @throws {TypeError} When a V4 request has no region.
 */
export function authorizeRequest(
  request: AuthorizationRequest,
): AuthorizedRequest {
  return request.signature === "v1"
    ? authorizeV1(request)
    : authorizeV4(request);
}
