/**
 * `contentDisposition`: a `Content-Disposition` value for the
 * `response-content-disposition` override, correct for any filename
 * (RFC 6266 with RFC 5987 `filename*`).
 *
 * @module
 */
import type { Disposition } from "../link.ts";

export type { Disposition };

/** RFC 5987 attr-chars, by character code: kept as they are in `filename*`. */
const ATTR_CHAR = new Uint8Array(128);
for (
  const char
    of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~"
) {
  ATTR_CHAR[char.charCodeAt(0)] = 1;
}
/** `%XX` for every byte. */
const PERCENT: readonly string[] = Array.from(
  { length: 256 },
  (_, byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`,
);
/** A name that NFKD leaves as it is and that needs no `_`: printable ASCII. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const UTF8 = new TextEncoder();

/** Combining marks left by NFKD decomposition (`é` → `e` + U+0301). */
const COMBINING_MARKS = /[\u0300-\u036f]/g;

function codePointName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Throws a `RangeError` for what a header value cannot carry: control
 * characters (C0, DEL, C1, which include CR and LF) and lone surrogates.
 */
function checkFilename(filename: string): void {
  if (filename === "") throw new RangeError("Filename is empty");
  for (let i = 0; i < filename.length; i++) {
    const code = filename.charCodeAt(i);
    if (code === 0x0d || code === 0x0a) {
      throw new RangeError(
        `Filename ${JSON.stringify(filename)} contains a line break ` +
          `(${codePointName(code)}) at index ${i}`,
      );
    }
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      throw new RangeError(
        `Filename ${JSON.stringify(filename)} contains a control character ` +
          `(${codePointName(code)}) at index ${i}`,
      );
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = filename.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      throw new RangeError(
        `Filename ${JSON.stringify(filename)} contains a lone surrogate ` +
          `(${codePointName(code)}) at index ${i}`,
      );
    }
  }
}

/**
 * The ASCII fallback for `filename="…"`: accents dropped (`é` → `e`), every
 * other non-ASCII character replaced by `_`, `"` and `\` escaped.
 */
function asciiFallback(filename: string): string {
  if (PRINTABLE_ASCII.test(filename)) {
    return filename.replace(/["\\]/g, "\\$&");
  }
  let text = "";
  for (const char of filename.normalize("NFKD").replace(COMBINING_MARKS, "")) {
    const code = char.codePointAt(0)!;
    if (code > 0x7e) text += "_";
    else if (char === '"' || char === "\\") text += `\\${char}`;
    else text += char;
  }
  return text;
}

/** RFC 5987 `ext-value` encoding of `filename*`, without the charset. */
function extValue(filename: string): string {
  let text = "";
  for (const char of filename) {
    const code = char.charCodeAt(0);
    if (code < 128) {
      text += ATTR_CHAR[code] === 1 ? char : PERCENT[code]!;
      continue;
    }
    for (const byte of UTF8.encode(char)) text += PERCENT[byte]!;
  }
  return text;
}

/**
 * Builds a `Content-Disposition` value, for example
 * `attachment; filename="__.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf`.
 *
 * With a filename, the value has both parameters RFC 6266 recommends: a
 * quoted ASCII `filename` for old clients (accents dropped, other non-ASCII
 * characters as `_`, `"` and `\` escaped) and `filename*=UTF-8''…` with the
 * exact name, percent-encoded except RFC 5987 attr-chars. Clients that know
 * `filename*` use it. Percent signs in the name are encoded (`%25`), so an
 * already-encoded name round-trips unchanged.
 *
 * @example Usage
 * ```ts
 * import { contentDisposition } from "@osslinks/osslinks/sign";
 * import assert from "node:assert/strict";
 * assert.equal(
 *   contentDisposition("attachment", "Q3 报告.pdf"),
 *   "attachment; filename=\"Q3 __.pdf\"; filename*=UTF-8''Q3%20%E6%8A%A5%E5%91%8A.pdf",
 * );
 * assert.equal(contentDisposition("inline"), "inline");
 * ```
 *
 * @param disposition `inline` (preview) or `attachment` (download).
 * @param filename The name to save as; leave it out to keep the key's.
 * @returns The header value.
 * @throws {TypeError} When `disposition` is neither `inline` nor
 * `attachment`.
 * @throws {RangeError} When `filename` is empty or has a control character
 * (CR, LF, other C0 or C1 characters, DEL) or a lone surrogate.
 */
export function contentDisposition(
  disposition: Disposition,
  filename?: string,
): string {
  if (disposition !== "inline" && disposition !== "attachment") {
    throw new TypeError(
      `Disposition must be "inline" or "attachment": got ${
        JSON.stringify(String(disposition))
      }`,
    );
  }
  if (filename === undefined) return disposition;
  checkFilename(filename);
  return `${disposition}; filename="${asciiFallback(filename)}"; ` +
    `filename*=UTF-8''${extValue(filename)}`;
}
