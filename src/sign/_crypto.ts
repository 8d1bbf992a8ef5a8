/**
 * The hash primitives the signers need, on `node:crypto`.
 *
 * @module
 */
import { createHash, createHmac } from "node:crypto";

/** A key for HMAC: the UTF-8 bytes of a string, or raw bytes. */
export type HmacKey = string | Uint8Array;

/**
 * HMAC-SHA1 of `data`, base64-encoded: the V1 signature.
 *
 * @param key The AccessKey secret.
 * @param data The string to sign.
 * @returns The base64 signature.
 */
export function hmacSha1Base64(key: HmacKey, data: string): string {
  return createHmac("sha1", key).update(data, "utf8").digest("base64");
}

/**
 * HMAC-SHA256 of `data`, as raw bytes: one step of the V4 key chain.
 *
 * @param key The key of this step.
 * @param data The data of this step.
 * @returns The 32-byte digest.
 */
export function hmacSha256(key: HmacKey, data: string): Uint8Array {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/**
 * HMAC-SHA256 of `data`, as lower-case hex: the V4 signature.
 *
 * @param key The V4 signing key.
 * @param data The string to sign.
 * @returns The 64-character hex signature.
 */
export function hmacSha256Hex(key: HmacKey, data: string): string {
  return createHmac("sha256", key).update(data, "utf8").digest("hex");
}

/**
 * SHA-256 of the UTF-8 bytes of `data`, as lower-case hex.
 *
 * @param data The text to hash.
 * @returns The 64-character hex digest.
 */
export function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}
