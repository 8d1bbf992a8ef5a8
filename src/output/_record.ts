/**
 * The plain records every structured output format serializes, with their
 * keys in the stable order the JSON output documents.
 *
 * @module
 */
import type { SignedBatch, SignedLink } from "../link.ts";

/** The column order of a link record: the JSON key order and the CSV header. */
export const LINK_FIELDS = [
  "id",
  "key",
  "method",
  "url",
  "expiresAt",
  "disposition",
  "filename",
  "process",
] as const satisfies readonly (keyof SignedLink)[];

/**
 * Copies a link into a fresh object with exactly the documented keys, in the
 * documented order, whatever the order or extra keys of the input.
 */
export function linkRecord(link: SignedLink): SignedLink {
  return {
    id: link.id,
    key: link.key,
    method: link.method,
    url: link.url,
    expiresAt: link.expiresAt,
    disposition: link.disposition,
    filename: link.filename,
    process: link.process,
  };
}

/** Copies a batch the same way, each link through {@linkcode linkRecord}. */
export function batchRecord(batch: SignedBatch): SignedBatch {
  return {
    version: batch.version,
    bucket: batch.bucket,
    signedAt: batch.signedAt,
    links: batch.links.map(linkRecord),
  };
}
