/**
 * Helpers rules share to walk object entries.
 *
 * @module
 */
import {
  resolveExpires,
  type ResolveExpiresResult,
} from "../manifest/expires.ts";
import type { ObjectEntry } from "../manifest/types.ts";
import type { YamlPath } from "../yaml/load_yaml.ts";
import type { RuleContext } from "./rule.ts";

/** The expiry used when neither the entry nor `defaults` sets one. */
export const DEFAULT_EXPIRES_SECONDS = 1800;

/**
 * The path of an entry's selector (`key`, `prefix` or `list`), where
 * findings about the entry as a whole point.
 *
 * @param entry The entry.
 * @param index Its index in `objects`.
 * @returns The path of its selector.
 */
export function selectorPath(entry: ObjectEntry, index: number): YamlPath {
  const name = entry.key !== undefined
    ? "key"
    : entry.prefix !== undefined
    ? "prefix"
    : "list";
  return ["objects", index, name];
}

/**
 * Calls `visit` with each entry's resolved expiry and the path it is
 * written at. An expiry inherited from `defaults` is resolved once.
 *
 * @param context The rule context.
 * @param visit Called per entry.
 */
export function forEachExpiry(
  context: RuleContext,
  visit: (result: ResolveExpiresResult, path: YamlPath, index: number) => void,
): void {
  const cache = new Map<unknown, ResolveExpiresResult>();
  context.manifest.objects.forEach((entry, index) => {
    const source = context.option(index, "expires");
    const value = source?.value ?? DEFAULT_EXPIRES_SECONDS;
    let result = cache.get(value);
    if (result === undefined) {
      result = resolveExpires(value, context.now);
      cache.set(value, result);
    }
    visit(result, source?.path ?? selectorPath(entry, index), index);
  });
}
