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
