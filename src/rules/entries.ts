/**
 * Helpers rules share to walk object entries.
 *
 * @module
 */
import {
  resolveExpires,
  type ResolveExpiresResult,
} from "../manifest/expires.ts";
import type {
  LinkOptionName,
  Manifest,
  ObjectEntry,
} from "../manifest/types.ts";
import type { YamlPath } from "../yaml/load_yaml.ts";
import type { OptionSource, RuleContext } from "./rule.ts";

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

/** An entry's resolved expiry and where it is written. */
interface EntryExpiry {
  readonly result: ResolveExpiresResult;
  readonly path: YamlPath;
}

/** The expiries of a manifest at a signing time, shared by the expiry rules. */
const expiryMemo = new WeakMap<
  Manifest,
  { readonly now: number; readonly expiries: readonly EntryExpiry[] }
>();

function entryExpiries(context: RuleContext): readonly EntryExpiry[] {
  const { manifest, now } = context;
  const memo = expiryMemo.get(manifest);
  if (memo?.now === now.getTime()) return memo.expiries;
  const cache = new Map<unknown, ResolveExpiresResult>();
  const expiries = manifest.objects.map((entry, index): EntryExpiry => {
    const source = context.option(index, "expires");
    const value = source?.value ?? DEFAULT_EXPIRES_SECONDS;
    let result = cache.get(value);
    if (result === undefined) {
      result = resolveExpires(value, now);
      cache.set(value, result);
    }
    return { result, path: source?.path ?? selectorPath(entry, index) };
  });
  expiryMemo.set(manifest, { now: now.getTime(), expiries });
  return expiries;
}

/**
 * Calls `visit` with each entry's resolved expiry and the path it is
 * written at, and with the `defaults` expiry when no entry inherits it
 * (index -1). Each value is resolved once per manifest and signing time,
 * however many rules ask.
 *
 * @param context The rule context.
 * @param visit Called per entry.
 */
export function forEachExpiry(
  context: RuleContext,
  visit: (result: ResolveExpiresResult, path: YamlPath, index: number) => void,
): void {
  const expiries = entryExpiries(context);
  expiries.forEach(({ result, path }, index) => visit(result, path, index));
  // A default expiry that every entry overrides is still checked (index -1:
  // no entry uses it yet).
  const shadowed = context.manifest.defaults?.expires;
  const path: YamlPath = ["defaults", "expires"];
  if (
    shadowed !== undefined &&
    !expiries.some((expiry) => samePath(expiry.path, path))
  ) {
    visit(resolveExpires(shadowed, context.now), path, -1);
  }
}

function samePath(a: YamlPath, b: YamlPath): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/**
 * Calls `visit` once for each place an option is written: every entry's own
 * value, and the `defaults` value once however many entries inherit it (also
 * when none does).
 *
 * @param context The rule context.
 * @param name The option.
 * @param visit Called per place.
 */
export function forEachOptionSource<K extends LinkOptionName>(
  context: RuleContext,
  name: K,
  visit: (source: OptionSource<K>) => void,
): void {
  let defaultVisited = false;
  context.manifest.objects.forEach((_, index) => {
    const source = context.option(index, name);
    if (source === undefined) return;
    if (source.inherited) {
      if (defaultVisited) return;
      defaultVisited = true;
    }
    visit(source);
  });
  // A default that every entry overrides is still checked: the next entry
  // written without the option inherits it.
  const shadowed = context.manifest.defaults?.[name];
  if (!defaultVisited && shadowed !== undefined && shadowed !== null) {
    visit({
      value: shadowed as NonNullable<ObjectEntry[K]>,
      path: ["defaults", name],
      inherited: true,
    });
  }
}
