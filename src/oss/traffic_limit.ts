/**
 * The single-connection bandwidth limit OSS accepts in
 * `x-oss-traffic-limit`: a whole number of bit/s from 819200 (100 KB/s) to
 * 838860800 (100 MB/s).
 *
 * @module
 */

/** The range of `x-oss-traffic-limit`, in bit/s. */
export const TRAFFIC_LIMIT = { min: 819_200, max: 838_860_800 } as const;

/**
 * Whether OSS accepts a traffic limit.
 *
 * @param value The limit, in bit/s.
 * @returns `true` for a whole number within {@linkcode TRAFFIC_LIMIT}.
 */
export function isTrafficLimit(value: number): boolean {
  return Number.isInteger(value) && value >= TRAFFIC_LIMIT.min &&
    value <= TRAFFIC_LIMIT.max;
}
