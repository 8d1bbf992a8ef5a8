/**
 * NDJSON output: one link object per line, so `sign` can stream each link as
 * it is signed.
 *
 * @module
 */
import type { SignedBatch, SignedLink } from "../link.ts";
import { linkRecord } from "./_record.ts";

/**
 * Formats one link as an NDJSON line: the link's JSON object on one line (the
 * same keys, in the same order, as in {@linkcode formatJson}'s `links`),
 * ending in LF. Newlines inside values are escaped by JSON, so a line is
 * always one record.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatNdjsonLink } from "@osslinks/osslinks/output";
 *
 * const line = formatNdjsonLink({
 *   id: "a.txt",
 *   key: "a.txt",
 *   method: "GET",
 *   url: "https://static.example.com/a.txt?x-oss-expires=60",
 *   expiresAt: "2026-11-28T09:01:00.000Z",
 *   disposition: "attachment",
 *   filename: null,
 *   process: null,
 * });
 * assert.ok(line.startsWith('{"id":"a.txt","key":"a.txt","method":"GET",'));
 * assert.ok(line.endsWith("}\n"));
 * ```
 *
 * @param link The signed link.
 * @returns One line of NDJSON, ending in LF.
 */
export function formatNdjsonLink(link: SignedLink): string {
  return `${JSON.stringify(linkRecord(link))}\n`;
}

/**
 * Formats a whole batch as NDJSON: one {@linkcode formatNdjsonLink} line per
 * link, in batch order; an empty batch gives the empty string. The batch's
 * own fields (bucket, signedAt) are not part of the stream.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatNdjson } from "@osslinks/osslinks/output";
 *
 * const text = formatNdjson({
 *   version: 1,
 *   bucket: "examplebucket",
 *   signedAt: "2026-11-28T09:00:00.000Z",
 *   links: [],
 * });
 * assert.equal(text, "");
 * ```
 *
 * @param batch The signed batch.
 * @returns The NDJSON text.
 */
export function formatNdjson(batch: SignedBatch): string {
  return batch.links.map(formatNdjsonLink).join("");
}
