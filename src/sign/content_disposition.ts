/**
 * `Content-Disposition` values for any filename (RFC 6266 with RFC 5987
 * `filename*`), the value of the signed `response-content-disposition`.
 *
 * @module
 */

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/g;
const RFC5987_EXTRA = /['()*]/g;

function encodeRfc5987(value: string): string {
  // encodeURIComponent leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) unescaped; RFC
  // 5987 attr-char excludes ' ( ) *, so those are escaped too.
  return encodeURIComponent(value).replace(
    RFC5987_EXTRA,
    (char) => "%" + char.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/**
 * Builds a `Content-Disposition` value: `attachment` or `inline`, with
 * `filename="<ASCII fallback>"` (non-ASCII replaced by `_`, quotes and
 * backslashes escaped) and, when the name is not plain ASCII or has a `%`,
 * `filename*=UTF-8''<percent-encoded>` that modern browsers prefer.
 *
 * @example Usage
 * ```ts
 * import { contentDisposition } from "./content_disposition.ts";
 * contentDisposition("attachment", "报告.pdf");
 * // attachment; filename="__.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf
 * ```
 *
 * @param disposition `inline` or `attachment`.
 * @param filename The filename, if any.
 * @returns The header value.
 * @throws {RangeError} When the filename is empty, has control characters
 *   (CR/LF would split the header) or unpaired surrogates.
 */
export function contentDisposition(
  disposition: "inline" | "attachment",
  filename?: string,
): string {
  if (filename === undefined) return disposition;
  if (filename === "" || CONTROL.test(filename) || !filename.isWellFormed()) {
    throw new RangeError(
      `Cannot use filename ${
        JSON.stringify(filename)
      }: it is empty or has control characters`,
    );
  }
  const fallback = filename.replace(NOT_PRINTABLE_ASCII, "_");
  const quoted = `"${fallback.replace(/[\\"]/g, "\\$&")}"`;
  // Chromium percent-decodes a lone `filename` ("%20" saves as a space):
  // a name with `%` gets the exact `filename*` too.
  return fallback === filename && !filename.includes("%")
    ? `${disposition}; filename=${quoted}`
    : `${disposition}; filename=${quoted}; filename*=UTF-8''${
      encodeRfc5987(filename)
    }`;
}
