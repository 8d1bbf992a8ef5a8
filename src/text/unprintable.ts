/**
 * What a terminal must not be handed raw: control characters, line breaks
 * (also U+2028 and U+2029) and the bidirectional marks and overrides a
 * hostile key could hide text with. One set, two renderings: the pretty
 * report replaces each with U+FFFD, `inspect` spells each out.
 *
 * @module
 */

const UNPRINTABLE =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/**
 * Replaces each unprintable character with U+FFFD, one for one (a tab
 * becomes a space), so that columns keep their place.
 *
 * @param text The text.
 * @returns The text, safe for a terminal.
 */
export function replaceUnprintable(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (char) => char === "\t" ? " " : "\uFFFD",
  );
}

/**
 * Spells each unprintable character out as `\u{XXXX}`, so that a reader
 * sees exactly what a value holds.
 *
 * @param text The text.
 * @returns The text, safe for a terminal.
 */
export function escapeUnprintable(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (char) => `\\u{${char.charCodeAt(0).toString(16).padStart(4, "0")}}`,
  );
}
