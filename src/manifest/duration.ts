/**
 * Durations as the manifest writes them: `90s`, `30m`, `12h`, `7d`, or a
 * sequence of those units in that order (`1h30m`).
 *
 * @module
 */

const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Parses a duration: `<n>d`, `<n>h`, `<n>m`, `<n>s` or a sequence of them in
 * that order (`1h30m`). Bare numbers are not durations.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseDuration } from "./duration.ts";
 * assert.equal(parseDuration("1h30m"), 5400);
 * assert.equal(parseDuration("90"), undefined);
 * ```
 *
 * @param text The text, without surrounding spaces.
 * @returns The seconds, or `undefined` if the text is no duration.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (match === null || text === "") return undefined;
  const [, d = "0", h = "0", m = "0", s = "0"] = match;
  return Number(d) * 86_400 + Number(h) * 3_600 + Number(m) * 60 + Number(s);
}

const UNITS: readonly (readonly [number, string])[] = [
  [86_400, "d"],
  [3_600, "h"],
  [60, "m"],
  [1, "s"],
];

/** Options of {@linkcode formatDuration}. */
export interface FormatDurationOptions {
  /**
   * How many units, from the largest one that is not zero, the text may
   * use; what the smaller ones held is dropped (`units: 2` writes 1d2h3m
   * as `1d2h`). @default {4, which is exact}
   */
  readonly units?: number;
}

/**
 * Writes seconds as the manifest writes a duration, the inverse of
 * {@linkcode parseDuration}: `7d`, `1h30m`, `45s`, `0s`. Messages that
 * name a duration use it, so that a user can copy it into `expires`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatDuration, parseDuration } from "./duration.ts";
 * assert.equal(formatDuration(604_800), "7d");
 * assert.equal(formatDuration(5_400), "1h30m");
 * assert.equal(formatDuration(93_784, { units: 2 }), "1d2h");
 * assert.equal(parseDuration(formatDuration(93_784)), 93_784);
 * ```
 *
 * @param seconds The duration, in seconds: rounded to whole seconds, and
 *   a negative one is written as zero.
 * @param options How many units to use at most.
 * @returns The text.
 */
export function formatDuration(
  seconds: number,
  options: FormatDurationOptions = {},
): string {
  const { units = UNITS.length } = options;
  let rest = Math.max(0, Math.round(seconds));
  let text = "";
  let used = 0;
  for (const [size, unit] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (used > 0 || count > 0) used++;
    if (count > 0 && used <= units) text += `${count}${unit}`;
  }
  return text === "" ? "0s" : text;
}
