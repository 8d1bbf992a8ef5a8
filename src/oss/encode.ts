/**
 * Percent-encoding shared by the V1 and V4 signers and the emulator's verifier.
 *
 * @module
 */
import { byteOrder } from "./headers.ts";

/** 1 for the ASCII characters RFC 3986 leaves unencoded; 2 also for `/`. */
const SAFE = new Uint8Array(128);
for (
  const char
    of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
) {
  SAFE[char.charCodeAt(0)] = 1;
}
SAFE["/".charCodeAt(0)] = 2;

/** The sub-delimiters `encodeURIComponent` leaves and RFC 3986 encodes. */
const SUB_DELIMS = /[!'()*]/;
const SUB_DELIMS_ALL = /[!'()*]/g;
const SUB_DELIM_CODES: Readonly<Record<string, string>> = {
  "!": "%21",
  "'": "%27",
  "(": "%28",
  ")": "%29",
  "*": "%2A",
};

function subDelimCode(char: string): string {
  return SUB_DELIM_CODES[char]!;
}

/**
 * Percent-encodes every UTF-8 byte of `value` except the unreserved
 * characters (and `/` when `keepSlash`); a string with nothing to encode is
 * returned as is.
 *
 * The bytes are encoded by `encodeURIComponent`, then `!'()*` too, which it
 * leaves, and `/` put back for a path. It is native, and its result is a
 * one-byte string whatever the input's representation. The hand-written
 * loop it replaced copied the unreserved runs, and so carried over V8's
 * two-byte representation of any key or filename cut from text with a
 * non-ASCII character into every URL made from its pieces. Writing such a
 * URL out as UTF-8 cost 1.1–1.4 µs a link against 0.5–0.7 µs now, so
 * presigning and writing a link is 3% (V1) and 13% (V4) faster, though
 * presigning alone is 10% slower for V1 (`bench/presign_loop.ts`, best of
 * three runs each).
 */
function encode(value: string, keepSlash: boolean): string {
  const limit = keepSlash ? 2 : 1;
  const length = value.length;
  let i = 0;
  while (i < length) {
    const code = value.charCodeAt(i);
    if (code >= 128 || SAFE[code]! === 0 || SAFE[code]! > limit) break;
    i++;
  }
  if (i === length) return value;
  let text = encodeURIComponent(value);
  if (SUB_DELIMS.test(text)) text = text.replace(SUB_DELIMS_ALL, subDelimCode);
  return keepSlash && value.includes("/") ? text.replaceAll("%2F", "/") : text;
}

/**
 * Percent-encodes a string as RFC 3986 requires: every UTF-8 byte except
 * `A-Z a-z 0-9 - . _ ~` becomes `%XX` with upper-case hex.
 *
 * @param value A well-formed string.
 * @returns The encoded string.
 * @throws {URIError} When `value` has a lone surrogate, as
 * `encodeURIComponent` does.
 */
export function encodeRfc3986(value: string): string {
  return encode(value, false);
}

/**
 * Encodes an object path as RFC 3986 requires but keeps `/` as is, the form
 * OSS uses both in URLs and in the V4 canonical URI.
 *
 * @param path The raw path, for example `/bucket/dir/a b.txt`.
 * @returns The encoded path, for example `/bucket/dir/a%20b.txt`.
 * @throws {URIError} When `path` has a lone surrogate.
 */
export function encodePath(path: string): string {
  return encode(path, true);
}

/** One query parameter, encoded: `[name, "name=value" or "name"]`. */
export type EncodedPair = [name: string, text: string];

/**
 * Encodes one query parameter, with a bare name for an empty value.
 *
 * @param name The decoded name.
 * @param value The decoded value.
 * @returns The encoded pair.
 */
export function encodedPair(name: string, value: string): EncodedPair {
  const encoded = encode(name, false);
  return [
    encoded,
    value === "" ? encoded : `${encoded}=${encode(value, false)}`,
  ];
}

function pairOrder(a: EncodedPair, b: EncodedPair): number {
  return byteOrder(a[0], b[0]);
}

/**
 * Sorts encoded pairs by encoded name in byte order, in place.
 *
 * @param pairs The pairs.
 * @returns The same array, sorted.
 */
export function sortPairs(pairs: EncodedPair[]): EncodedPair[] {
  return pairs.sort(pairOrder);
}

/**
 * Joins encoded pairs with `&`.
 *
 * @param pairs The pairs, usually sorted by {@linkcode sortPairs}.
 * @returns The query string, without `?`.
 */
export function joinPairs(pairs: readonly EncodedPair[]): string {
  let text = "";
  for (const pair of pairs) text += text === "" ? pair[1] : `&${pair[1]}`;
  return text;
}

/**
 * Merges two lists of sorted pairs and joins them with `&` in two parts: the
 * pairs named below `pivot`, and those named above it. A signer joins its
 * string to sign's query as `before&after` and its URL's as
 * `before&pivot=signature&after`: the parts are shared, so nothing is
 * joined twice, and V8 keeps both as ropes it flattens once, where they
 * are hashed or written.
 *
 * @param a Pairs sorted by {@linkcode sortPairs}.
 * @param b More pairs sorted by {@linkcode sortPairs}.
 * @param pivot The encoded name the parts are split at.
 * @returns The query text before and after `pivot`, each `""` when no pair
 * falls there.
 */
export function joinAround(
  a: readonly EncodedPair[],
  b: readonly EncodedPair[],
  pivot: string,
): [before: string, after: string] {
  let before = "";
  let after = "";
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const pair = j === b.length || (i < a.length && a[i]![0] < b[j]![0])
      ? a[i++]!
      : b[j++]!;
    if (pair[0] < pivot) before += before === "" ? pair[1] : `&${pair[1]}`;
    else after += after === "" ? pair[1] : `&${pair[1]}`;
  }
  return [before, after];
}

/**
 * Joins the two parts of {@linkcode joinAround} with a pair between them.
 *
 * @param before The pairs named below the pair's name.
 * @param pair The pair's text, `name=value`.
 * @param after The pairs named above it.
 * @returns The query text, without `?`.
 */
export function joinWith(before: string, pair: string, after: string): string {
  const head = before === "" ? pair : `${before}&${pair}`;
  return after === "" ? head : `${head}&${after}`;
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
  const pairs: EncodedPair[] = [];
  for (const name of Object.keys(query)) {
    pairs.push(encodedPair(name, query[name]!));
  }
  return joinPairs(sortPairs(pairs));
}
