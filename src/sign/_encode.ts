/**
 * Percent-encoding shared by the V1 and V4 signers and the emulator's verifier.
 *
 * @module
 */
import { byteOrder } from "./_headers.ts";

const RFC3986_EXTRA = /[!'()*]/g;

function escapeExtra(char: string): string {
  return "%" + char.charCodeAt(0).toString(16).toUpperCase();
}

/**
 * Percent-encodes a string as RFC 3986 requires: every UTF-8 byte except
 * `A-Z a-z 0-9 - . _ ~` becomes `%XX` with upper-case hex.
 *
 * @param value A well-formed string (lone surrogates throw a `URIError`).
 * @returns The encoded string.
 */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(RFC3986_EXTRA, escapeExtra);
}

/**
 * Encodes an object path as RFC 3986 requires but keeps `/` as is, the form
 * OSS uses both in URLs and in the V4 canonical URI.
 *
 * @param path The raw path, for example `/bucket/dir/a b.txt`.
 * @returns The encoded path, for example `/bucket/dir/a%20b.txt`.
 */
export function encodePath(path: string): string {
  return encodeRfc3986(path).replaceAll("%2F", "/");
}

/**
 * Formats a query string: every name and value RFC 3986 encoded, the pairs
 * sorted by encoded name in byte order, a bare name for an empty value.
 * This is the V4 canonical query string, and the order Go v2's
 * `url.Values.Encode` gives a presigned URL.
 *
 * @param query The decoded query parameters.
 * @returns The query string, without `?`.
 */
export function encodeQuery(query: Readonly<Record<string, string>>): string {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(query)) {
    pairs.push([encodeRfc3986(name), encodeRfc3986(value)]);
  }
  pairs.sort((a, b) => byteOrder(a[0], b[0]));
  let text = "";
  for (const [name, value] of pairs) {
    if (text !== "") text += "&";
    text += value === "" ? name : `${name}=${value}`;
  }
  return text;
}
