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
 * import { formatJson } from "@osslinks/osslinks/output";
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
 * The start of the JSON document {@linkcode formatJson} writes, up to the
 * links array's `[`: what comes before the links when they are written as
 * they come (see `formatJsonLink` and `jsonTail`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatJson, jsonHead, jsonTail } from "@osslinks/osslinks/output";
 *
 * const head = { version: 1 as const, bucket: "b", signedAt: "2026-11-28T09:00:00.000Z" };
 * assert.equal(jsonHead(head) + jsonTail(true), formatJson({ ...head, links: [] }));
 * ```
 *
 * @param head The batch's version, bucket and signing time.
 * @returns The document's start.
 */
export function jsonHead(head: JsonHead): string {
  const text = JSON.stringify(
    { version: head.version, bucket: head.bucket, signedAt: head.signedAt },
    null,
    2,
  );
  return `${text.slice(0, -2)},\n  "links": [`;
}

/**
 * One link as a JSON document's array element, indented as
 * {@linkcode formatJson} indents it, after the comma that separates it from
 * the one before (drop that comma for the first link).
 *
 * @example Write a JSON document link by link
 * ```ts
 * import type { SignedLink } from "@osslinks/osslinks";
 * import { formatJson, formatJsonLink, jsonHead, jsonTail } from "@osslinks/osslinks/output";
 *
 * const link: SignedLink = {
 *   id: "a.txt", key: "a.txt", method: "GET", url: "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/a.txt?x-oss-expires=3600",
 *   expiresAt: "2026-11-28T10:00:00.000Z", disposition: "attachment", filename: "a.txt", process: null,
 * };
 * const links = [link, { ...link, id: "b.txt", key: "b.txt" }];
 * const head = { version: 1 as const, bucket: "examplebucket", signedAt: "2026-11-28T09:00:00.000Z" };
 * // The first link's leading comma is dropped.
 * const text = jsonHead(head) + links.map(formatJsonLink).join("").slice(1) + jsonTail(false);
 * if (text !== formatJson({ ...head, links })) throw new Error(text);
 * ```
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
 * @example With and without links
 * ```ts
 * import type { SignedLink } from "@osslinks/osslinks";
 * import { formatJson, formatJsonLink, jsonHead, jsonTail } from "@osslinks/osslinks/output";
 *
 * const link: SignedLink = {
 *   id: "a.txt", key: "a.txt", method: "GET", url: "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/a.txt?x-oss-expires=3600",
 *   expiresAt: "2026-11-28T10:00:00.000Z", disposition: "attachment", filename: "a.txt", process: null,
 * };
 * const head = { version: 1 as const, bucket: "examplebucket", signedAt: "2026-11-28T09:00:00.000Z" };
 * for (const links of [[], [link]]) {
 *   const text = jsonHead(head) + links.map(formatJsonLink).join("").slice(1) + jsonTail(links.length === 0);
 *   if (text !== formatJson({ ...head, links })) throw new Error(text);
 * }
 * ```
 *
 * @param empty Whether no link was written.
 * @returns The tail, ending in LF.
 */
export function jsonTail(empty: boolean): string {
  return empty ? "]\n}\n" : "\n  ]\n}\n";
}
