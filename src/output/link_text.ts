/**
 * One link's text in a streaming format, the same function in the main
 * thread and in signing workers.
 *
 * @module
 */
import type { SignedLink } from "../link.ts";
import { type CsvOptions, formatCsvLink } from "./csv.ts";
import { formatJsonLink } from "./json.ts";
import { formatNdjsonLink } from "./ndjson.ts";

/** The formats whose links are written one after another. */
export type StreamFormat = "json" | "ndjson" | "csv";

/**
 * The function that writes one link in `format`: a JSON array element with
 * its leading comma (see `formatJsonLink`), an NDJSON line, or a CSV row.
 *
 * @example Usage
 * ```ts
 * import type { SignedLink } from "@osslinks/osslinks";
 * import { formatCsvLink, linkTextMaker } from "@osslinks/osslinks/output";
 *
 * const link: SignedLink = {
 *   id: "a.txt", key: "a.txt", method: "GET", url: "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/a.txt?x-oss-expires=3600",
 *   expiresAt: "2026-11-28T10:00:00.000Z", disposition: "attachment", filename: "a.txt", process: null,
 * };
 * const ndjson = linkTextMaker("ndjson");
 * if (JSON.parse(ndjson(link)).url !== link.url) throw new Error(ndjson(link));
 * const csv = linkTextMaker("csv", { escapeFormulas: false });
 * if (csv(link) !== formatCsvLink(link, { escapeFormulas: false })) throw new Error(csv(link));
 * ```
 *
 * @param format The format.
 * @param csv How CSV cells are encoded.
 * @returns The link's text.
 */
export function linkTextMaker(
  format: StreamFormat,
  csv: CsvOptions = {},
): (link: SignedLink) => string {
  switch (format) {
    case "json":
      return formatJsonLink;
    case "ndjson":
      return formatNdjsonLink;
    case "csv":
      return (link) => formatCsvLink(link, csv);
  }
}
