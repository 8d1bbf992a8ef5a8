/**
 * Human text for the instants and durations the HTML page shows, computed only
 * from the batch (never from the current clock), so the page is reproducible.
 *
 * @module
 */

/**
 * Formats an ISO 8601 instant as `2026-11-28 09:30 UTC` (seconds only when
 * not zero), or returns the input unchanged when it is not a valid time.
 */
export function utcText(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const text = new Date(time).toISOString(); // 2026-11-28T09:30:05.000Z
  const seconds = text.slice(16, 19) === ":00" ? "" : text.slice(16, 19);
  return `${text.slice(0, 10)} ${text.slice(11, 16)}${seconds} UTC`;
}

const UNITS = [
  [86_400, (n: number) => `${n} day${n === 1 ? "" : "s"}`],
  [3_600, (n: number) => `${n} h`],
  [60, (n: number) => `${n} min`],
  [1, (n: number) => `${n} s`],
] as const;

/**
 * Formats the time from `fromIso` to `toIso` as `30 min after signing`,
 * `1 h 30 min after signing`, `7 days after signing` (the two largest non-zero
 * units, whole seconds), `at signing` or `… before signing`; `null` when either
 * instant is invalid.
 */
export function afterSigningText(
  fromIso: string,
  toIso: string,
): string | null {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (Number.isNaN(ms)) return null;
  let rest = Math.floor(Math.abs(ms) / 1000);
  if (rest === 0) return "at signing";
  const parts: string[] = [];
  for (const [size, unit] of UNITS) {
    if (parts.length === 2) break;
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(unit(count));
  }
  return `${parts.join(" ")} ${ms < 0 ? "before" : "after"} signing`;
}

/** Formats an integer with thousands separators: `10,000`. */
export function countText(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * The name to show for an IANA time zone that `Intl.DateTimeFormat` knows:
 * the name as given, in the runtime's letter case when only that differs
 * (`asia/shanghai` → `Asia/Shanghai`, `utc` → `UTC`; `Asia/Kolkata` stays
 * `Asia/Kolkata` although ICU calls it `Asia/Calcutta`). `null` when the
 * runtime does not know the zone.
 */
export function timeZoneName(zone: string): string | null {
  if (zone.trim() === "") return null;
  const known = ZONE_NAMES.get(zone);
  if (known !== undefined) return known;
  const name = resolveZoneName(zone);
  if (ZONE_NAMES.size >= 64) ZONE_NAMES.clear();
  ZONE_NAMES.set(zone, name);
  return name;
}

/** The names found so far: a formatter per call is slow (once per page). */
const ZONE_NAMES = new Map<string, string | null>();

function resolveZoneName(zone: string): string | null {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone })
      .resolvedOptions().timeZone;
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
  return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
}

/** One formatter per zone: building them is the slow part. */
const FORMATS = new Map<string, Intl.DateTimeFormat>();

/**
 * Formats an ISO 8601 instant in the IANA time zone `zone` (a name
 * {@linkcode timeZoneName} returned) as `2026-11-28 17:30 Asia/Shanghai`
 * (seconds only when not zero); in `UTC` exactly as {@linkcode utcText}.
 * Returns the input unchanged when it is not a valid time.
 */
export function zonedText(iso: string, zone: string): string {
  if (zone === "UTC") return utcText(iso);
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  let format = FORMATS.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    FORMATS.set(zone, format);
  }
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(time)) part[type] = value;
  const seconds = part["second"] === "00" ? "" : `:${part["second"]}`;
  return `${part["year"]}-${part["month"]}-${part["day"]} ${part["hour"]}:${
    part["minute"]
  }${seconds} ${zone}`;
}
