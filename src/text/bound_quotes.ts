/**
 * Bounded quotes in messages: a finding quotes the value it is about, and a
 * value can be megabytes long (a one-line manifest, a hostile list file).
 *
 * @module
 */

/** The longest quoted value a message keeps whole, in UTF-16 code units. */
const MAX_QUOTED = 120;
/** How much of a cut value's start and end a message keeps. */
const KEEP_HEAD = 80;
const KEEP_TAIL = 20;

/**
 * Shortens every double-quoted value in `message` that is longer than 120
 * code units to its first 80 and last 20, joined by `…`, and says how long it
 * was, so that a finding on a huge value prints a line, not the value.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { boundQuotes } from "./bound_quotes.ts";
 *
 * assert.equal(boundQuotes('Invalid "inline"'), 'Invalid "inline"');
 * assert.match(boundQuotes(`Invalid "${"a".repeat(1000)}"`), /^Invalid "a{80}…a{20}" \(1000 characters\)$/);
 * ```
 *
 * @param message A message whose values are in double quotes.
 * @returns The message with long values cut.
 */
export function boundQuotes(message: string): string {
  if (message.length <= MAX_QUOTED) return message;
  return message.replace(/"([^"]*)"/g, (quoted, value: string) => {
    if (value.length <= MAX_QUOTED) return quoted;
    return `"${safeSlice(value, 0, KEEP_HEAD)}…${
      safeSlice(value, value.length - KEEP_TAIL, value.length)
    }" (${value.length} characters)`;
  });
}

/** `text.slice(start, end)` moved off the middle of a surrogate pair. */
function safeSlice(text: string, start: number, end: number): string {
  const low = (index: number) => {
    const code = text.charCodeAt(index);
    return code >= 0xdc00 && code <= 0xdfff;
  };
  const from = start > 0 && low(start) ? start + 1 : start;
  const to = end < text.length && low(end) ? end + 1 : end;
  return text.slice(from, to);
}
