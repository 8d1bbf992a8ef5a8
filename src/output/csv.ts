/**
 * CSV output: RFC 4180, a header row and one row per link.
 *
 * @module
 */
import type { SignedBatch, SignedLink } from "../link.ts";
import { LINK_FIELDS } from "./_record.ts";

/** Options for {@linkcode formatCsv}. */
export interface CsvOptions {
  /**
   * Guard against spreadsheet formula injection (CSV injection), the way
   * OWASP recommends: a field whose first character is `=`, `+`, `-`, `@`,
   * TAB or CR gets a leading apostrophe and is always quoted (`"'=cmd|…"`
   * shows as text in Excel, LibreOffice and Google Sheets). Keys, ids and
   * filenames can come from outside (a `list:` file), so this is on by
   * default; machine readers that need the exact keys turn it off (the CLI's
   * `--csv-raw`). Other fields are unchanged either way.
   *
   * @default {true}
   */
  readonly escapeFormulas?: boolean | undefined;
  /**
   * Start the file with a UTF-8 byte order mark, so Excel reads non-ASCII
   * keys (CJK and others) as UTF-8 instead of the legacy code page.
   *
   * @default {false}
   */
  readonly bom?: boolean | undefined;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function csvField(value: string | null, escapeFormulas: boolean): string {
  // null is an empty unquoted field; the empty string is `""`, so readers
  // that tell them apart (PostgreSQL `COPY … CSV`) keep the difference.
  if (value === null) return "";
  if (escapeFormulas && FORMULA_START.test(value)) {
    return `"'${value.replaceAll('"', '""')}"`;
  }
  if (value === "" || NEEDS_QUOTES.test(value)) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}

function csvRow(fields: readonly (string | null)[], escape: boolean): string {
  return `${fields.map((field) => csvField(field, escape)).join(",")}\r\n`;
}

/**
 * Formats a signed batch as RFC 4180 CSV. The first row is the header
 * `id,key,method,url,expiresAt,disposition,filename,process`; each link is one
 * row in batch order. Records end in CRLF as RFC 4180 prescribes (a line
 * break inside a quoted field is kept as it is in the data). A field is quoted
 * when it holds a comma, a double quote (doubled), CR or LF, or starts or ends
 * with white space; `null` is an empty field and the empty string is `""`.
 * A field a spreadsheet would run as a formula is neutralised by default;
 * see {@linkcode CsvOptions.escapeFormulas} for the exact data machine
 * readers need.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatCsv } from "@osslinks/osslinks/output";
 *
 * const text = formatCsv({
 *   version: 1,
 *   bucket: "examplebucket",
 *   signedAt: "2026-11-28T09:00:00.000Z",
 *   links: [{
 *     id: "a, b",
 *     key: "a, b.txt",
 *     method: "GET",
 *     url: "https://static.example.com/a%2C%20b.txt?x-oss-expires=60",
 *     expiresAt: "2026-11-28T09:01:00.000Z",
 *     disposition: "attachment",
 *     filename: null,
 *     process: null,
 *   }],
 * });
 * assert.equal(
 *   text.split("\r\n")[1],
 *   '"a, b","a, b.txt",GET,https://static.example.com/a%2C%20b.txt?x-oss-expires=60,2026-11-28T09:01:00.000Z,attachment,,',
 * );
 * ```
 *
 * @param batch The signed batch.
 * @param options How to encode the text.
 * @returns The CSV text, ending in CRLF.
 */
export function formatCsv(
  batch: SignedBatch,
  options: CsvOptions = {},
): string {
  let text = csvHeader(options);
  for (const link of batch.links) text += formatCsvLink(link, options);
  return text;
}

/**
 * The start of a CSV file: the BOM when asked for, then the header row, as
 * {@linkcode formatCsv} writes them; for writing links as they come.
 *
 * @example Usage
 * ```ts
 * import { csvHeader } from "@osslinks/osslinks/output";
 *
 * const header = csvHeader({ bom: true });
 * if (header !== "\uFEFFid,key,method,url,expiresAt,disposition,filename,process\r\n") {
 *   throw new Error(JSON.stringify(header));
 * }
 * ```
 *
 * @param options How to encode the text.
 * @returns The header text, ending in CRLF.
 */
export function csvHeader(options: CsvOptions = {}): string {
  return `${options.bom ? "\uFEFF" : ""}${csvRow(LINK_FIELDS, false)}`;
}

/**
 * One link's CSV row, as {@linkcode formatCsv} writes it.
 *
 * @example A filename a spreadsheet would run as a formula
 * ```ts
 * import type { SignedLink } from "@osslinks/osslinks";
 * import { formatCsvLink } from "@osslinks/osslinks/output";
 *
 * const link: SignedLink = {
 *   id: "a.txt", key: "a.txt", method: "GET", url: "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/a.txt?x-oss-expires=3600",
 *   expiresAt: "2026-11-28T10:00:00.000Z", disposition: "attachment", filename: "a.txt", process: null,
 * };
 * const row = formatCsvLink({ ...link, filename: "=HYPERLINK(1)" });
 * if (!row.endsWith(`,attachment,"'=HYPERLINK(1)",\r\n`)) throw new Error(row);
 * const raw = formatCsvLink({ ...link, filename: "=HYPERLINK(1)" }, { escapeFormulas: false });
 * if (!raw.endsWith(",attachment,=HYPERLINK(1),\r\n")) throw new Error(raw);
 * ```
 *
 * @param link The signed link.
 * @param options How to encode the text.
 * @returns The row, ending in CRLF.
 */
export function formatCsvLink(
  link: SignedLink,
  options: CsvOptions = {},
): string {
  const escape = options.escapeFormulas ?? true;
  return csvRow(LINK_FIELDS.map((field) => linkField(link, field)), escape);
}

function linkField(
  link: SignedLink,
  field: (typeof LINK_FIELDS)[number],
): string | null {
  return link[field];
}
