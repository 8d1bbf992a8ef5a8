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
