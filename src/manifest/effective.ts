/**
 * An entry's effective options: its own, else the defaults.
 *
 * @module
 */
import type { OptionSource } from "../rules/rule.ts";
import { LINK_OPTION_NAMES } from "./schema.ts";
import type { LinkOptionName, LinkOptions, Manifest } from "./types.ts";

/**
 * Finds the effective value of one option of entry `index`, and the path it
 * is written at (in the entry, or in `defaults`).
 *
 * @param manifest The manifest.
 * @param index The entry's index in `objects`.
 * @param name The option.
 * @returns The value and its path, or `undefined` when neither sets it.
 */
export function optionSource<K extends LinkOptionName>(
  manifest: Manifest,
  index: number,
  name: K,
): OptionSource<K> | undefined {
  const own = manifest.objects[index]?.[name];
  if (own !== undefined) {
    return {
      value: own as NonNullable<LinkOptions[K]>,
      path: ["objects", index, name],
    };
  }
  const inherited = manifest.defaults?.[name];
  if (inherited !== undefined) {
    return {
      value: inherited as NonNullable<LinkOptions[K]>,
      path: ["defaults", name],
    };
  }
  return undefined;
}

/**
 * Merges `defaults` under an entry's own options.
 *
 * @param manifest The manifest.
 * @param index The entry's index in `objects`.
 * @returns The effective options.
 */
export function effectiveOptions(
  manifest: Manifest,
  index: number,
): LinkOptions {
  const entry = manifest.objects[index];
  const merged: LinkOptions = { ...manifest.defaults };
  if (entry === undefined) return merged;
  for (const name of LINK_OPTION_NAMES) {
    const value = entry[name];
    if (value !== undefined) (merged as Record<string, unknown>)[name] = value;
  }
  return merged;
}
