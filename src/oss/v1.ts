/**
 * The V1 (HMAC-SHA1) string to sign, shared by the presigner and the
 * emulator's verifier. See oss-facts §1.
 *
 * @module
 */
import { hmacBase64, hmacKey } from "./crypto.ts";
import { byteOrder, isEmpty, normalizeHeaders } from "./headers.ts";

/**
 * Query parameters that V1 signs as sub-resources, besides every `x-oss-*`
 * parameter. Any other query parameter is left out of the signature.
 *
 * The list is the union of the fixed lists of the official signers (Go v2
 * `requiredSignedParametersMap`, Python v2 `_subresource_key_set`, Java v2
 * `SUBRESOURCE_KEY_SET`) and of the bucket sub-resources that Go v2 signs
 * through an operation's `SubResource` list and Go v1 / oss2 list
 * (`cname`, `comp`, `cors`, `style`, …), so that the emulator's verifier
 * accepts what any of them signs.
 *
 * `x-oss-*` query parameters (`x-oss-process`, `x-oss-traffic-limit`): Go v2,
 * Go v1, oss2 and ali-oss sign them; the Python v2 and Java v2 V1 signers do
 * not. Whether the server also accepts a V1 URL that leaves them out is
 * UNCONFIRMED (oss-facts §1.3). This code makes the Go v2 / ali-oss choice:
 * it signs them, see {@linkcode isV1SignedParam}.
 */
export const V1_SUBRESOURCES: ReadonlySet<string> = new Set([
  "acl",
  "append",
  "bucketInfo",
  "callback",
  "callback-var",
  "cleanRestoredObject",
  "cloudboxes",
  "cname",
  "comp",
  "continuation-token",
  "cors",
  "delete",
  "inventory",
  "lifecycle",
  "location",
  "logging",
  "objectMeta",
  "partNumber",
  "position",
  "referer",
  "regionList",
  "resourceGroup",
  "response-cache-control",
  "response-content-disposition",
  "response-content-encoding",
  "response-content-language",
  "response-content-type",
  "response-expires",
  "restore",
  "security-token",
  "sequential",
  "stat",
  "style",
  "styleName",
  "symlink",
  "tagging",
  "uploadId",
  "uploads",
  "versionId",
  "versioning",
  "versions",
  "website",
  "worm",
  "wormId",
]);

/**
 * Tells whether V1 signs a query parameter.
 *
 * @param name The parameter name, as decoded from the URL.
 * @returns `true` for whitelisted sub-resources and `x-oss-*` parameters.
 */
export function isV1SignedParam(name: string): boolean {
  return V1_SUBRESOURCES.has(name) || name.startsWith("x-oss-");
}

/**
 * Builds the V1 CanonicalizedResource: `/bucket/key` followed by the signed
 * sub-resources, sorted by name, with raw (decoded) values and a bare name
 * for an empty value.
 *
 * @param bucket The real bucket name, also for custom domains; empty for a
 * service-level request (`/`).
 * @param key The raw object key, not percent-encoded; empty for a bucket
 * request (`/bucket/`).
 * @param query Every query parameter of the request, decoded.
 * @param securityToken The STS token, signed as the `security-token`
 * sub-resource when `query` does not hold one (the presigner adds it so,
 * without copying the query).
 * @returns The canonicalized resource.
 */
export function v1CanonicalizedResource(
  bucket: string,
  key: string,
  query: Readonly<Record<string, string>>,
  securityToken?: string,
): string {
  const resource = bucket === "" ? `/${key}` : `/${bucket}/${key}`;
  const names: string[] = [];
  for (const name of Object.keys(query)) {
    if (isV1SignedParam(name)) names.push(name);
  }
  const withToken = securityToken !== undefined &&
    !Object.hasOwn(query, "security-token");
  if (withToken) names.push("security-token");
  if (names.length === 0) return resource;
  if (names.length > 1) names.sort(byteOrder);
  let text = resource;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value = withToken && name === "security-token"
      ? securityToken
      : query[name];
    text += i === 0 ? "?" : "&";
    text += value === undefined || value === "" ? name : `${name}=${value}`;
  }
  return text;
}

/** What the V1 string to sign is made of. */
export interface V1StringToSignInput {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The `Expires` value for a URL, or the `Date` header for header auth. */
  readonly expiresOrDate: string;
  /** The request headers the client sends; names in any case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The real bucket name. */
  readonly bucket: string;
  /** The raw object key. */
  readonly key: string;
  /** Every query parameter, decoded. */
  readonly query: Readonly<Record<string, string>>;
  /**
   * The STS token, signed as the `security-token` sub-resource when `query`
   * does not hold it.
   */
  readonly securityToken?: string | undefined;
}

/**
 * Builds the V1 string to sign:
 * `VERB\nContent-MD5\nContent-Type\nExpires\nCanonicalizedOSSHeaders` followed
 * by the CanonicalizedResource.
 *
 * @param input The request to sign.
 * @returns The string to sign.
 */
export function v1StringToSign(input: V1StringToSignInput): string {
  let contentMd5 = "";
  let contentType = "";
  let canonicalHeaders = "";
  if (!isEmpty(input.headers)) {
    const headers = normalizeHeaders(input.headers);
    contentMd5 = headers.get("content-md5") ?? "";
    contentType = headers.get("content-type") ?? "";
    const ossNames = [...headers.keys()].filter((name) =>
      name.startsWith("x-oss-")
    ).sort(byteOrder);
    for (const name of ossNames) {
      canonicalHeaders += `${name}:${headers.get(name)}\n`;
    }
  }
  return `${input.method}\n${contentMd5}\n${contentType}\n` +
    `${input.expiresOrDate}\n${canonicalHeaders}` +
    v1CanonicalizedResource(
      input.bucket,
      input.key,
      input.query,
      input.securityToken,
    );
}

/**
 * Signs a V1 string to sign.
 *
 * @param secret The AccessKey secret.
 * @param stringToSign The output of {@linkcode v1StringToSign}.
 * @returns base64(HMAC-SHA1(secret, stringToSign)).
 */
export function v1Signature(secret: string, stringToSign: string): string {
  return hmacBase64(hmacKey("sha1", secret), stringToSign);
}
