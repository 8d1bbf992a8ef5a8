/**
 * The credential checks V1 and V4 verification share: AccessKey lookup, STS
 * token, expiry, clock skew, signature comparison and bucket ownership, each
 * failing with the error OSS gives.
 *
 * @module
 */
import { timingSafeEqual } from "node:crypto";
import { OssError } from "./errors.ts";

/** An AccessKey pair allowed on a bucket, possibly an STS one. */
export interface AccessKeyCredential {
  /** The AccessKey ID. */
  readonly accessKeyId: string;
  /** The AccessKey secret. */
  readonly accessKeySecret: string;
  /** The STS security token every request must carry, for STS keys. */
  readonly securityToken?: string | undefined;
  /** When the STS token stops working. */
  readonly expiration?: Date | undefined;
}

/** An AccessKey and the buckets it may use. */
export interface KeyEntry {
  /** The credential. */
  readonly credential: AccessKeyCredential;
  /** The names of the buckets that declare it. */
  readonly buckets: ReadonlySet<string>;
}

/** AccessKeys by id. */
export type KeyIndex = ReadonlyMap<string, KeyEntry>;

/** The largest clock skew header-signed requests may have, as OSS allows. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * Looks up an AccessKey and checks its STS token.
 *
 * @param keys The AccessKeys.
 * @param accessKeyId The AccessKey ID the request names.
 * @param token The security token the request carries, if any.
 * @param now The current time.
 * @returns The key.
 * @throws {OssError} `InvalidAccessKeyId`, `InvalidSecurityToken`,
 * `AccessKeyIdAndSecurityTokenNotMatch` or `SecurityTokenExpired`.
 */
export function checkCredential(
  keys: KeyIndex,
  accessKeyId: string,
  token: string | undefined,
  now: Date,
): KeyEntry {
  const entry = keys.get(accessKeyId);
  if (entry === undefined) {
    throw new OssError(
      403,
      "InvalidAccessKeyId",
      "The OSS Access Key Id you provided does not exist in our records.",
      { details: [["OSSAccessKeyId", accessKeyId]] },
    );
  }
  const { securityToken, expiration } = entry.credential;
  if (securityToken === undefined && token === undefined) return entry;
  if (token === undefined || token === "" || securityToken === undefined) {
    throw new OssError(
      403,
      "InvalidSecurityToken",
      "The security token you provided is invalid.",
      {
        ec: "0002-00000006",
      },
    );
  }
  if (token !== securityToken) {
    throw new OssError(
      403,
      "AccessKeyIdAndSecurityTokenNotMatch",
      "The OSS access key id and security token you provided does not match.",
      { ec: "0002-00000008" },
    );
  }
  if (expiration !== undefined && now.getTime() > expiration.getTime()) {
    throw new OssError(
      403,
      "SecurityTokenExpired",
      "The security token you provided has expired.",
      {
        ec: "0002-00000007",
        details: [["Expiration", expiration.toISOString()], [
          "ServerTime",
          now.toISOString(),
        ]],
      },
    );
  }
  return entry;
}

/**
 * The error for a signed URL used after its expiry.
 *
 * @param expiresAt When the URL expired.
 * @param now The current time.
 * @returns `AccessDenied` with `Expires` and `ServerTime`, EC `0002-00000069`.
 */
export function expiredError(expiresAt: Date, now: Date): OssError {
  return new OssError(403, "AccessDenied", "Request has expired.", {
    ec: "0002-00000069",
    details: [["Expires", expiresAt.toISOString()], [
      "ServerTime",
      now.toISOString(),
    ]],
  });
}

/**
 * Checks the clock skew of a header-signed request.
 *
 * @param requestTime The time the request says it was sent.
 * @param sent The date header value as sent, for the error body.
 * @param now The current time.
 * @throws {OssError} `RequestTimeTooSkewed` beyond 15 minutes.
 */
export function checkSkew(requestTime: Date, sent: string, now: Date): void {
  if (Math.abs(requestTime.getTime() - now.getTime()) <= MAX_SKEW_MS) return;
  throw new OssError(
    403,
    "RequestTimeTooSkewed",
    "The difference between the request time and the current time is too large.",
    {
      details: [
        ["RequestTime", sent],
        ["ServerTime", now.toISOString()],
        ["MaxAllowedSkewMilliseconds", String(MAX_SKEW_MS)],
      ],
    },
  );
}

/**
 * Reads the date a header-signed request was sent at, from the first of
 * `names` it carries, and checks its clock skew.
 *
 * @param headers The request's headers, lower-case names.
 * @param names The date headers the signature version reads, in order.
 * @param now The current time.
 * @returns The date header's value, as sent (it is part of what is signed).
 * @throws {OssError} `AccessDenied` without a valid date,
 *   `RequestTimeTooSkewed` beyond 15 minutes.
 */
export function checkRequestDate(
  headers: Readonly<Record<string, string>>,
  names: readonly string[],
  now: Date,
): string {
  const name = names.find((candidate) => headers[candidate] !== undefined);
  const date = name === undefined ? undefined : headers[name];
  const time = date === undefined ? NaN : Date.parse(date);
  if (date === undefined || Number.isNaN(time)) {
    throw new OssError(
      403,
      "AccessDenied",
      "OSS authentication requires a valid Date.",
    );
  }
  checkSkew(new Date(time), date, now);
  return date;
}

/**
 * Compares a provided signature with the expected one in constant time.
 *
 * @param provided The signature the request carries.
 * @param expected The signature the emulator computed.
 * @returns Whether they are equal.
 */
export function sameSignature(provided: string, expected: string): boolean {
  const a = new TextEncoder().encode(provided);
  const b = new TextEncoder().encode(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The error for a signature that does not match.
 *
 * @param details The `StringToSign`, `SignatureProvided` and similar elements.
 * @returns `SignatureDoesNotMatch`.
 */
export function signatureMismatch(
  details: readonly (readonly [string, string])[],
): OssError {
  return new OssError(
    403,
    "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    { details },
  );
}

/**
 * Checks that a verified key may use a bucket.
 *
 * @param entry The verified key.
 * @param bucket The bucket name.
 * @throws {OssError} `AccessDenied` if the key is not declared on the bucket.
 */
export function checkBucketAccess(entry: KeyEntry, bucket: string): void {
  if (entry.buckets.has(bucket)) return;
  throw new OssError(
    403,
    "AccessDenied",
    "The bucket you access does not belong to you.",
  );
}
