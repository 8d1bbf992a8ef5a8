/**
 * Output formats of `sign`: JSON, NDJSON and CSV, streamed link by link with
 * the exact bytes of the CLI, and the self-contained HTML share page.
 *
 * @example Write links as NDJSON
 * ```ts
 * import { signManifest } from "@osslinks/osslinks";
 * import { writeNdjson } from "@osslinks/osslinks/output";
 *
 * const manifest = new TextEncoder().encode(
 *   "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt}, {key: b.txt}]\n",
 * );
 * const links = signManifest(manifest, {
 *   credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
 *   now: new Date("2026-11-28T09:00:00Z"),
 * });
 * let text = "";
 * const count = await writeNdjson(links, (chunk) => {
 *   text += chunk;
 *   return Promise.resolve();
 * });
 * if (count !== 2 || text.split("\n").length !== 3) throw new Error(text);
 * ```
 *
 * @module
 */
export { formatCsv } from "./src/output/csv.ts";
export type { CsvOptions } from "./src/output/csv.ts";
export { formatHtml, formatHtmlPieces } from "./src/output/html.ts";
export type { HtmlOptions } from "./src/output/html.ts";
export { HTML_PAGE_SIZE, writeHtmlPages } from "./src/output/html_pages.ts";
export type { HtmlPagesOptions, WriteFile } from "./src/output/html_pages.ts";
export { formatJson } from "./src/output/json.ts";
export { formatNdjson, formatNdjsonLink } from "./src/output/ndjson.ts";
export { formatJsonLink, jsonHead, jsonTail } from "./src/output/json.ts";
export type { JsonHead } from "./src/output/json.ts";
export { linkTextMaker } from "./src/output/link_text.ts";
export type { StreamFormat } from "./src/output/link_text.ts";
export { csvHeader, formatCsvLink } from "./src/output/csv.ts";
export { writeCsv, writeJson, writeNdjson } from "./src/output/write_links.ts";
export type { LinkSource, WriteText } from "./src/output/write_links.ts";
