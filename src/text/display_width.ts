/**
 * How many terminal columns a text takes, so that a code frame's underline
 * sits under the right characters of a line with Chinese, Japanese, Korean
 * or emoji text.
 *
 * @module
 */

/** East Asian Wide and Fullwidth blocks (the common ones). */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2e80, 0x303e], // CJK radicals, punctuation
  [0x3041, 0x33ff], // kana, CJK symbols
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x20000, 0x3fffd], // CJK extensions B and later
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;

function charWidth(char: string): number {
  const code = char.codePointAt(0)!;
  if (ZERO_WIDTH.test(char)) return 0;
  for (const [low, high] of WIDE_RANGES) {
    if (code >= low && code <= high) return 2;
  }
  return EMOJI.test(char) ? 2 : 1;
}

/**
 * Measures a text in terminal columns: wide characters count 2, combining
 * marks and format characters 0, everything else 1.
 *
 * @param text The text, without control characters.
 * @returns Its width in columns.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}
