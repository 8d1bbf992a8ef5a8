/**
 * The time a signature is made at: OSS carries it in whole seconds
 * (`x-oss-date`, `Expires`).
 *
 * @module
 */

/**
 * Truncates a time to whole seconds, as `x-oss-date` and `Expires` are, so
 * that `signedAt` and `expiresAt` in the output are exact.
 *
 * @example Usage
 * ```ts
 * import { signingTime } from "@osslinks/osslinks/sign";
 *
 * const at = signingTime(new Date("2026-11-28T09:00:00.750Z"));
 * if (at.toISOString() !== "2026-11-28T09:00:00.000Z") throw new Error(at.toISOString());
 * ```
 *
 * @param now The current time.
 * @returns The signing time.
 */
export function signingTime(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 1000) * 1000);
}
