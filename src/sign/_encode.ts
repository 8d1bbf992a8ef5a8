/**
 * Percent-encoding shared by the V1 and V4 signers and the emulator's verifier.
 *
 * @module
 */

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
