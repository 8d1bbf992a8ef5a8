/**
 * Reading a write request's body: at most a given number of bytes are kept
 * (the rest is read and dropped, so that the connection stays usable, then
 * the write fails with `EntityTooLarge`), and a `Content-MD5` header is
 * checked against what arrived.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { OssError } from "./errors.ts";

/**
 * Reads a body and drops it.
 *
 * @param body The body, or `null`.
 * @returns When it has been read to the end (or failed).
 */
export async function drainBody(
  body: ReadableStream<Uint8Array> | null,
): Promise<void> {
  if (body === null || body.locked) return;
  try {
    for await (const _chunk of body) { /* dropped */ }
  } catch {
    // The client went away: nothing to drain.
  }
}

/**
 * Reads a whole body, keeping at most `limit` bytes.
 *
 * @param body The body, or `null` (empty).
 * @param limit The most bytes to keep.
 * @param tooLarge Builds the error for a body over the limit.
 * @returns The bytes.
 * @throws {OssError} `tooLarge()` when the body has more than `limit` bytes.
 */
export async function readBody(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  tooLarge: () => OssError,
): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of body) {
    length += chunk.length;
    if (length <= limit) chunks.push(chunk);
    else chunks.length = 0;
  }
  if (length > limit) throw tooLarge();
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * The quoted upper-case hex MD5 of some bytes, as OSS sends an `ETag`.
 *
 * @param bytes The bytes.
 * @returns The ETag.
 */
export function etagOf(bytes: Uint8Array): string {
  return `"${createHash("md5").update(bytes).digest("hex").toUpperCase()}"`;
}

/**
 * Checks a `Content-MD5` header (base64 of the MD5) against a body.
 *
 * @param header The header, if sent.
 * @param body The body.
 * @throws {OssError} `InvalidDigest` (400) when it is malformed or differs.
 */
export function checkContentMd5(
  header: string | undefined,
  body: Uint8Array,
): void {
  if (header === undefined) return;
  const actual = createHash("md5").update(body).digest("base64");
  if (header.trim() === actual) return;
  throw new OssError(
    400,
    "InvalidDigest",
    "The Content-MD5 you specified is not valid: it is not the base64 MD5 of the body received.",
    { details: [["Content-MD5", header], ["CalculatedContentMD5", actual]] },
  );
}
