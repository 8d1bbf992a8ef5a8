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

/** `%XX` for every byte value. */
const PERCENT: string[] = [];
for (let i = 0; i < 256; i++) {
  PERCENT.push(`%${i.toString(16).toUpperCase().padStart(2, "0")}`);
}

/**
 * Percent-encodes every UTF-8 byte of `value` except the unreserved
 * characters (and `/` when `keepSlash`), in one pass; a string with nothing
 * to encode is returned as is.
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
  let text = value.slice(0, i);
  let run = length;
  for (; i < length; i++) {
    let code = value.charCodeAt(i);
    if (code < 128 && SAFE[code]! !== 0 && SAFE[code]! <= limit) {
      if (run === length) run = i;
      continue;
    }
    if (run !== length) {
      text += value.slice(run, i);
      run = length;
    }
    if (code < 0x80) {
      text += PERCENT[code]!;
    } else if (code < 0x800) {
      text += PERCENT[0xc0 | (code >> 6)]! + PERCENT[0x80 | (code & 0x3f)]!;
    } else if (code < 0xd800 || code > 0xdfff) {
      text += PERCENT[0xe0 | (code >> 12)]! +
        PERCENT[0x80 | ((code >> 6) & 0x3f)]! + PERCENT[0x80 | (code & 0x3f)]!;
    } else {
      const next = i + 1 < length ? value.charCodeAt(i + 1) : 0;
      if (code > 0xdbff || next < 0xdc00 || next > 0xdfff) {
        throw new URIError("URI malformed");
      }
      i++;
      code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
      text += PERCENT[0xf0 | (code >> 18)]! +
        PERCENT[0x80 | ((code >> 12) & 0x3f)]! +
        PERCENT[0x80 | ((code >> 6) & 0x3f)]! + PERCENT[0x80 | (code & 0x3f)]!;
    }
  }
  return run === length ? text : text + value.slice(run);
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
 * Inserts one more pair into a joined query at its sorted place, without
 * joining the pairs again.
 *
 * @param joined The output of {@linkcode joinPairs} for `pairs`.
 * @param pairs The sorted pairs `joined` was made of.
 * @param extra The pair to insert.
 * @returns The query string with `extra`.
 */
export function insertPair(
  joined: string,
  pairs: readonly EncodedPair[],
  extra: EncodedPair,
): string {
  let offset = 0;
  for (const pair of pairs) {
    if (extra[0] < pair[0]) {
      return `${joined.slice(0, offset)}${extra[1]}&${joined.slice(offset)}`;
    }
    offset += pair[1].length + 1;
  }
  return joined === "" ? extra[1] : `${joined}&${extra[1]}`;
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
