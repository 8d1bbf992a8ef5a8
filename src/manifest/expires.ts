/**
 * The `expires` field: seconds, a duration or an absolute ISO 8601 time.
 *
 * @module
 */
import { parseDuration } from "./duration.ts";

/**
 * The most seconds a V4 URL may live (`x-oss-expires`), 7 days.
 *
 * @example Usage
 * ```ts
 * import { resolveExpires, V4_MAX_EXPIRES_SECONDS } from "@osslinks/osslinks/sign";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const week = resolveExpires("7d", now);
 * const longer = resolveExpires("7d1s", now);
 * if (!week.ok || week.seconds > V4_MAX_EXPIRES_SECONDS) {
 *   throw new Error("7d is allowed");
 * }
 * if (!longer.ok || longer.seconds <= V4_MAX_EXPIRES_SECONDS) {
 *   throw new Error("7d1s is too long for V4");
 * }
 * ```
 */
export const V4_MAX_EXPIRES_SECONDS = 604_800;

/** An `expires` value resolved against the signing time. */
export interface ResolvedExpiry {
  /** Seconds from the signing time to the expiry (may be ≤ 0). */
  readonly seconds: number;
  /** The absolute expiry. */
  readonly expiresAt: Date;
}

/** The outcome of {@linkcode resolveExpires}. */
export type ResolveExpiresResult =
  | ({ readonly ok: true } & ResolvedExpiry)
  | { readonly ok: false; readonly message: string };

const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function relative(
  value: number | string,
  seconds: number,
  now: Date,
): ResolveExpiresResult {
  const expiresAt = new Date(now.getTime() + seconds * 1000);
  if (Number.isNaN(expiresAt.getTime())) {
    return {
      ok: false,
      message: `Invalid expiry ${JSON.stringify(value)}: it is out of range`,
    };
  }
  return { ok: true, seconds, expiresAt };
}

/** Whether the date part of an ISO time names a real day (V8 takes "02-30"). */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split("-").map(Number);
  return new Date(Date.UTC(year!, month!, 0)).getUTCDate() >= day!;
}

/** The shapes {@linkcode parseIsoTime} accepts. */
export type IsoTimeParse =
  | { readonly kind: "time"; readonly time: Date }
  | { readonly kind: "no-such-time" }
  | { readonly kind: "not-iso" };

/**
 * Parses an ISO 8601 time with a zone (`2026-12-31T00:00:00Z`,
 * `2026-12-31T08:00+08:00`), refusing days that do not exist.
 *
 * @param text The text.
 * @returns The time, or whether the text is no ISO time or no real time.
 */
export function parseIsoTime(text: string): IsoTimeParse {
  if (!ISO_TIME.test(text)) return { kind: "not-iso" };
  const time = Date.parse(text);
  return Number.isNaN(time) || !isCalendarDate(text)
    ? { kind: "no-such-time" }
    : { kind: "time", time: new Date(time) };
}

/**
 * Resolves an `expires` value against the signing time. Durations are
 * `<n>d`, `<n>h`, `<n>m`, `<n>s` or a sequence of them in that order
 * (`1h30m`); absolute times need a zone. Fractional seconds of an absolute
 * time are dropped, since `Expires` and `x-oss-expires` are whole seconds.
 *
 * @example Usage
 * ```ts
 * import { resolveExpires } from "@osslinks/osslinks/sign";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const relative = resolveExpires("1h30m", now);
 * if (!relative.ok || relative.seconds !== 5400) throw new Error("1h30m is 5400 s");
 * const absolute = resolveExpires("2026-11-28T10:00:00Z", now);
 * if (!absolute.ok || absolute.seconds !== 3600) throw new Error("an hour from now");
 * const dateOnly = resolveExpires("2026-12-01", now);
 * if (dateOnly.ok) throw new Error("a date without a time and zone is refused");
 * ```
 *
 * @param value The manifest value.
 * @param now The signing time.
 * @returns The seconds and the absolute time, or why the value is invalid.
 */
export function resolveExpires(
  value: number | string,
  now: Date,
): ResolveExpiresResult {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) {
      return {
        ok: false,
        message: `Invalid expiry ${value}: seconds must be a whole number`,
      };
    }
    return relative(value, value, now);
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) return relative(value, Number(text), now);
  const duration = parseDuration(text);
  if (duration !== undefined) return relative(value, duration, now);
  const iso = parseIsoTime(text);
  if (iso.kind === "no-such-time") {
    return { ok: false, message: `Invalid expiry "${value}": no such time` };
  }
  if (iso.kind === "time") {
    const expiresAt = new Date(Math.floor(iso.time.getTime() / 1000) * 1000);
    return {
      ok: true,
      seconds: Math.floor((expiresAt.getTime() - now.getTime()) / 1000),
      expiresAt,
    };
  }
  if (DATE_ONLY.test(text)) {
    return {
      ok: false,
      message:
        `Invalid expiry "${value}": a date needs a time and a zone, for example "${text}T00:00:00Z"`,
    };
  }
  return {
    ok: false,
    message:
      `Invalid expiry "${value}": expected seconds, a duration such as "30m" or "7d", or an ISO 8601 time with a zone`,
  };
}
