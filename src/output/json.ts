/**
 * `formatJson`: the default `sign` output, one JSON document per batch.
 *
 * @module
 */
import type { SignedBatch } from "../link.ts";
import { batchRecord } from "./_record.ts";

/**
 * Formats a signed batch as the documented JSON document: keys in the stable
 * order `version, bucket, signedAt, links[id, key, method, url, expiresAt,
 * disposition, filename, process]` whatever the input's order (extra keys
 * are dropped), 2-space indent, LF line ends and a final LF. The same batch
 * always gives the same bytes.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatJson } from "./json.ts";
 *
 * const text = formatJson({
 *   version: 1,
 *   bucket: "examplebucket",
 *   signedAt: "2026-11-28T09:00:00.000Z",
 *   links: [],
 * });
 * assert.equal(text, '{\n  "version": 1,\n  "bucket": "examplebucket",\n  "signedAt": "2026-11-28T09:00:00.000Z",\n  "links": []\n}\n');
 * ```
 *
 * @param batch The signed batch.
 * @returns The JSON text, ending in LF.
 */
export function formatJson(batch: SignedBatch): string {
  return `${JSON.stringify(batchRecord(batch), null, 2)}\n`;
}
