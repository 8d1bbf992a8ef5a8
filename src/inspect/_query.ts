/**
 * The query string of a signed URL, pair by pair as written: raw and
 * decoded, with what the server would make of it (`+` is a space, the first
 * occurrence of a name wins) and what looks wrong.
 *
 * @module
 */

/** One `name=value` pair of a query string, as written and decoded. */
export interface QueryPair {
  /** The name as written. */
  readonly rawName: string;
  /** The value as written; `undefined` for a bare name. */
  readonly rawValue: string | undefined;
  /** The name, decoded once (`+` is a space). */
  readonly name: string;
  /** The value, decoded once (`+` is a space). */
  readonly value: string;
  /** A percent-escape could not be decoded; name and value are then raw. */
  readonly malformed: boolean;
  /** The pair repeats an earlier name: the server ignores it. */
  readonly duplicate: boolean;
}

function decodeOnce(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return undefined;
  }
}

/**
 * Splits a query string into pairs, decoding each as the server does.
 *
 * @param search The query string, with or without the leading `?`.
 * @returns Every pair, in order.
 */
export function splitQuery(search: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  const seen = new Set<string>();
  for (const part of search.replace(/^\?/, "").split("&")) {
    if (part === "") continue;
    const at = part.indexOf("=");
    const rawName = at === -1 ? part : part.slice(0, at);
    const rawValue = at === -1 ? undefined : part.slice(at + 1);
    const name = decodeOnce(rawName);
    const value = decodeOnce(rawValue ?? "");
    const decodedName = name ?? rawName;
    pairs.push({
      rawName,
      rawValue,
      name: decodedName,
      value: value ?? rawValue ?? "",
      malformed: name === undefined || value === undefined,
      duplicate: seen.has(decodedName),
    });
    seen.add(decodedName);
  }
  return pairs;
}

/**
 * The parameters the server sees: the first occurrence of each name.
 *
 * @param pairs The pairs of {@linkcode splitQuery}.
 * @returns The decoded parameters by name.
 */
export function firstValues(
  pairs: readonly QueryPair[],
): Record<string, string> {
  return Object.fromEntries(
    pairs.filter((pair) => !pair.duplicate).map((pair) => [
      pair.name,
      pair.value,
    ]),
  );
}
