/**
 * Authentication: tells which signature a request carries (V1 or V4, in the
 * URL or the `Authorization` header; V2 in the header; or none) and
 * verifies it. Bucket ownership is checked after the signature.
 *
 * @module
 */
import { V4_ALGORITHM } from "./v4.ts";
import { verifyV1Header, verifyV1Query } from "./auth_v1.ts";
import { verifyV2Header } from "./auth_v2.ts";
import { verifyV4Header, verifyV4Query } from "./auth_v4.ts";
import {
  checkBucketAccess,
  type KeyEntry,
  type KeyIndex,
} from "./credentials.ts";
import { OssError } from "./errors.ts";
import type { ParsedRequest, SignedTarget } from "./request.ts";

/** Who made a request, as far as its signature was verified. */
export type Principal =
  | { readonly kind: "anonymous" }
  | {
    readonly kind: "signed";
    /** Where the signature was: the URL query or the `Authorization` header. */
    readonly via: "url" | "header";
    /** The signature version (`v2` only in `Authorization` headers). */
    readonly version: "v1" | "v2" | "v4";
    /** The verified AccessKey ID. */
    readonly accessKeyId: string;
  };

const V1_URL_PARAMS = ["OSSAccessKeyId", "Expires", "Signature"] as const;
const V4_URL_PARAMS = [
  "x-oss-signature",
  "x-oss-credential",
  "x-oss-signature-version",
] as const;

function signed(
  entry: KeyEntry,
  target: SignedTarget,
  via: "url" | "header",
  version: "v1" | "v2" | "v4",
): Principal {
  if (target.bucket !== "") checkBucketAccess(entry, target.bucket);
  return {
    kind: "signed",
    via,
    version,
    accessKeyId: entry.credential.accessKeyId,
  };
}

/**
 * Verifies the signature of a request for a bucket, an object or (bucket
 * `""`) the service.
 *
 * @param request The parsed request.
 * @param target What the signature covers.
 * @param keys The AccessKeys.
 * @param now The current time (the injected clock).
 * @returns The principal: anonymous, or the verified key.
 * @throws {OssError} If the signature is malformed, expired or wrong, or the
 * key may not use the bucket.
 */
export function authenticateTarget(
  request: ParsedRequest,
  target: SignedTarget,
  keys: KeyIndex,
  now: Date,
): Principal {
  const { query } = request;
  const authorization = request.headers["authorization"];
  const v1Url = V1_URL_PARAMS.some((name) => name in query);
  const v4Url = V4_URL_PARAMS.some((name) => name in query);
  if ((v1Url || v4Url) && authorization !== undefined) {
    throw new OssError(
      400,
      "InvalidArgument",
      "Either the Signature query string parameter or the Authorization header should be specified, not both.",
    );
  }
  if (v1Url && v4Url) {
    throw new OssError(
      400,
      "InvalidArgument",
      "A URL can carry a V1 or a V4 signature, not both.",
    );
  }
  if (v1Url) {
    return signed(
      verifyV1Query(request, target, keys, now),
      target,
      "url",
      "v1",
    );
  }
  if (v4Url) {
    return signed(
      verifyV4Query(request, target, keys, now),
      target,
      "url",
      "v4",
    );
  }
  if (authorization === undefined) return { kind: "anonymous" };
  if (authorization.startsWith("OSS2 ")) {
    return signed(
      verifyV2Header(request, target, keys, now),
      target,
      "header",
      "v2",
    );
  }
  if (authorization.startsWith(`${V4_ALGORITHM} `)) {
    return signed(
      verifyV4Header(request, target, keys, now),
      target,
      "header",
      "v4",
    );
  }
  return signed(
    verifyV1Header(request, target, keys, now),
    target,
    "header",
    "v1",
  );
}
