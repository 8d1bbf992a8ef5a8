/**
 * Durations in words for the inspect report and findings.
 *
 * @module
 */

const UNITS: readonly (readonly [number, string])[] = [
  [86_400, "d"],
  [3_600, "h"],
  [60, "min"],
  [1, "s"],
];

/**
 * Formats a duration with its two largest units: `1 d 2 h`, `20 min`, `45 s`.
 *
 * @param seconds Whole seconds, not negative.
 * @returns The text.
 */
export function durationText(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) return "0 s";
  const parts: string[] = [];
  for (const [size, unit] of UNITS) {
    if (parts.length === 2) break;
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push(`${count} ${unit}`);
  }
  return parts.filter((part) => !part.startsWith("0 ")).join(" ");
}
