/**
 * `formatJson`: the default `sign` output, one JSON document per batch.
 *
 * @module
 */
import type { SignedBatch, SignedLink } from "../link.ts";
import { batchRecord, linkRecord } from "./_record.ts";

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

/** The batch fields that come before the links of a JSON document. */
export type JsonHead = Pick<SignedBatch, "version" | "bucket" | "signedAt">;

/**
 * Writes a JSON document a piece at a time, with exactly the bytes of
 * {@linkcode formatJson}: {@linkcode JsonPieces.head} once, then
 * {@linkcode JsonPieces.link} per link, then {@linkcode JsonPieces.tail}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatJson, jsonPieces } from "./json.ts";
 *
 * const head = { version: 1 as const, bucket: "b", signedAt: "2026-11-28T09:00:00.000Z" };
 * const pieces = jsonPieces(head);
 * assert.equal(pieces.head() + pieces.tail(), formatJson({ ...head, links: [] }));
 * ```
 *
 * @param head The batch's version, bucket and signing time.
 * @returns The piece makers.
 */
export function jsonPieces(head: JsonHead): JsonPieces {
  let links = 0;
  return {
    head: () => {
      const text = JSON.stringify(
        { version: head.version, bucket: head.bucket, signedAt: head.signedAt },
        null,
        2,
      );
      return `${text.slice(0, -2)},\n  "links": [`;
    },
    link: (link) => {
      const text = formatJsonLink(link);
      return links++ === 0 ? text.slice(1) : text;
    },
    tail: () => jsonTail(links === 0),
  };
}

/** The piece makers of {@linkcode jsonPieces}. */
export interface JsonPieces {
  /** The document up to the links array's `[`. */
  head(): string;
  /** One link, with the comma before it when it is not the first. */
  link(link: SignedLink): string;
  /** The end of the array and of the document. */
  tail(): string;
}

/**
 * One link as a JSON document's array element, indented as
 * {@linkcode formatJson} indents it, after the comma that separates it from
 * the one before (drop that comma for the first link).
 *
 * @param link The signed link.
 * @returns `,` + LF + the indented link object.
 */
export function formatJsonLink(link: SignedLink): string {
  return `,\n    ${
    JSON.stringify(linkRecord(link), null, 2).replaceAll("\n", "\n    ")
  }`;
}

/**
 * The end of a JSON document's links array and of the document.
 *
 * @param empty Whether no link was written.
 * @returns The tail, ending in LF.
 */
export function jsonTail(empty: boolean): string {
  return empty ? "]\n}\n" : "\n  ]\n}\n";
}
