/**
 * Reading a write request's body: bytes are kept only while the caller
 * allows (past that the rest is read and dropped, so that the connection
 * stays usable, and the write fails with `EntityTooLarge`), and a
 * `Content-MD5` header is checked against what arrived.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { OssError } from "../oss/errors.ts";

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
 * Reads a whole body while `keep` allows its size so far; once it refuses,
 * the rest is read and dropped, and the read fails.
 *
 * @param body The body, or `null` (empty).
 * @param keep Tells whether a body of this many bytes may be kept; asked
 * first with the declared `Content-Length` (when known), then as bytes
 * arrive.
 * @param declared The request's `Content-Length` header, if any.
 * @param tooLarge Builds the error for a body `keep` refused.
 * @returns The bytes.
 * @throws {OssError} `tooLarge()` when `keep` refused.
 */
export async function readBody(
  body: ReadableStream<Uint8Array> | null,
  keep: (bytes: number) => boolean,
  declared: string | undefined,
  tooLarge: () => OssError,
): Promise<Uint8Array> {
  const length = /^\d{1,15}$/.test(declared ?? "") ? Number(declared) : 0;
  let refused = !keep(length);
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (body !== null) {
    for await (const chunk of body) {
      total += chunk.length;
      if (refused) continue;
      if (keep(total)) chunks.push(chunk);
      else {
        refused = true;
        chunks.length = 0;
      }
    }
  }
  if (refused) throw tooLarge();
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * The error for a body over the size an operation accepts.
 *
 * @param limit The most bytes.
 * @returns `EntityTooLarge` (400).
 */
export function bodyTooLarge(limit: number): OssError {
  return new OssError(
    400,
    "EntityTooLarge",
    `Your proposed upload exceeds the maximum allowed size: this request's body may be at most ${limit} bytes.`,
    { details: [["MaxSizeAllowed", String(limit)]] },
  );
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
