/**
 * Header and ordering helpers shared by the V1 and V4 canonical forms.
 *
 * @module
 */

/**
 * Compares two strings by UTF-16 code unit: byte order for the ASCII names
 * and encoded keys the signers sort.
 *
 * @param a One string.
 * @param b The other.
 * @returns A negative, zero or positive number, for `Array.prototype.sort`.
 */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Lower-cases header names and trims values. Duplicate names (after
 * lower-casing) are joined with a comma, in the order given.
 *
 * @param headers Headers with names in any case.
 * @returns A map from lower-case name to trimmed value.
 */
export function normalizeHeaders(
  headers: Readonly<Record<string, string>>,
): Map<string, string> {
  const normalized = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    const previous = normalized.get(lower);
    normalized.set(
      lower,
      previous === undefined ? value.trim() : `${previous},${value.trim()}`,
    );
  }
  return normalized;
}

/**
 * Tells whether a record has no enumerable keys, without allocating.
 *
 * @param record The record.
 * @returns `true` when it is empty.
 */
export function isEmpty(record: Readonly<Record<string, unknown>>): boolean {
  for (const _ in record) return false;
  return true;
}
