/**
 * V1 (HMAC-SHA1) verification: signed URLs (`OSSAccessKeyId`, `Expires`,
 * `Signature`) and `Authorization: OSS <AccessKeyId>:<Signature>` headers.
 * The string to sign comes from `src/oss/v1.ts`, the same code that signs.
 *
 * @module
 */
import { v1Signature, v1StringToSign } from "./v1.ts";
import {
  checkCredential,
  checkRequestDate,
  expiredError,
  type KeyEntry,
  type KeyIndex,
  sameSignature,
  signatureMismatch,
} from "./credentials.ts";
import { OssError } from "./errors.ts";
import type { ParsedRequest, SignedTarget } from "./request.ts";

function checkV1Signature(
  request: ParsedRequest,
  target: SignedTarget,
  entry: KeyEntry,
  expiresOrDate: string,
  provided: string,
): void {
  const stringToSign = v1StringToSign({
    method: request.method,
    expiresOrDate,
    headers: request.headers,
    bucket: target.bucket,
    key: target.key,
    query: request.query,
  });
  const expected = v1Signature(entry.credential.accessKeySecret, stringToSign);
  if (sameSignature(provided, expected)) return;
  throw signatureMismatch([
    ["StringToSign", stringToSign],
    ["SignatureProvided", provided],
    ["OSSAccessKeyId", entry.credential.accessKeyId],
  ]);
}

function expiresError(ec: string, message: string): OssError {
  return new OssError(403, "AccessDenied", message, { ec });
}

/**
 * Verifies a V1 signed URL: expiry first (as OSS does), then the AccessKey
 * and STS token, then the signature.
 *
 * @param request The parsed request.
 * @param target Its bucket and key.
 * @param keys The AccessKeys.
 * @param now The current time.
 * @returns The verified key.
 * @throws {OssError} With the code OSS gives for the failure.
 */
export function verifyV1Query(
  request: ParsedRequest,
  target: SignedTarget,
  keys: KeyIndex,
  now: Date,
): KeyEntry {
  const query = request.query;
  const expires = query["Expires"];
  if (expires === undefined) {
    throw expiresError("0002-00000067", "Expires is required in a signed URL.");
  }
  if (expires === "") throw expiresError("0002-00000068", "Expires is empty.");
  if (!/^\d{1,15}$/.test(expires)) {
    throw expiresError("0002-00000070", "Expires is not a valid Unix time.");
  }
  const accessKeyId = query["OSSAccessKeyId"];
  const signature = query["Signature"];
  if (!accessKeyId || !signature) {
    throw new OssError(
      403,
      "AccessDenied",
      "OSSAccessKeyId, Expires and Signature are all required in a signed URL.",
    );
  }
  const expiresAt = new Date(Number(expires) * 1000);
  if (now.getTime() > expiresAt.getTime()) throw expiredError(expiresAt, now);
  const entry = checkCredential(
    keys,
    accessKeyId,
    query["security-token"],
    now,
  );
  checkV1Signature(request, target, entry, expires, signature);
  return entry;
}

/**
 * Verifies a V1 `Authorization` header. The date is `x-oss-date` when sent
 * (as ali-oss does), else `Date`; it must be within 15 minutes of now.
 *
 * @param request The parsed request.
 * @param target Its bucket and key.
 * @param keys The AccessKeys.
 * @param now The current time.
 * @returns The verified key.
 * @throws {OssError} With the code OSS gives for the failure.
 */
export function verifyV1Header(
  request: ParsedRequest,
  target: SignedTarget,
  keys: KeyIndex,
  now: Date,
): KeyEntry {
  const match = /^OSS ([^:\s]+):(\S+)$/.exec(
    request.headers["authorization"] ?? "",
  );
  if (match === null) {
    throw new OssError(
      400,
      "InvalidArgument",
      "Authorization header is invalid.",
      {
        details: [["ArgumentName", "Authorization"]],
      },
    );
  }
  const [, accessKeyId = "", signature = ""] = match;
  const date = checkRequestDate(request.headers, ["x-oss-date", "date"], now);
  const entry = checkCredential(
    keys,
    accessKeyId,
    request.headers["x-oss-security-token"],
    now,
  );
  checkV1Signature(request, target, entry, date, signature);
  return entry;
}
