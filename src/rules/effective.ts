/**
 * An entry's effective options: its own, else the defaults.
 *
 * @module
 */
import type { OptionSource } from "./rule.ts";
import { LINK_OPTION_NAMES } from "../manifest/schema.ts";
import type { YamlPath } from "../yaml/load_yaml.ts";
import type {
  LinkOptionName,
  LinkOptions,
  Manifest,
  ObjectEntry,
} from "../manifest/types.ts";

/** An entry's own option; its path is built only when a finding needs it. */
class OwnOption<K extends LinkOptionName> implements OptionSource<K> {
  readonly value: NonNullable<ObjectEntry[K]>;
  readonly inherited = false;
  readonly #index: number;
  readonly #name: K;

  constructor(value: NonNullable<ObjectEntry[K]>, index: number, name: K) {
    this.value = value;
    this.#index = index;
    this.#name = name;
  }

  get path(): YamlPath {
    return ["objects", this.#index, this.#name];
  }
}

/**
 * Builds the lookup of entries' effective options: an entry's own value, or
 * the default. Each default is one source object however many entries
 * inherit it, and an own option's path is built only when a finding needs it.
 *
 * @param manifest The manifest.
 * @returns The lookup, by entry index and option name.
 */
export function optionLookup(
  manifest: Manifest,
): <K extends LinkOptionName>(
  index: number,
  name: K,
) => OptionSource<K> | undefined {
  // One source object per default, however many entries inherit it.
  const inherited = new Map<LinkOptionName, OptionSource<LinkOptionName>>();
  for (const [name, value] of Object.entries(manifest.defaults ?? {})) {
    if (value === undefined) continue;
    const option = name as LinkOptionName;
    inherited.set(option, {
      value,
      path: ["defaults", option],
      inherited: true,
    });
  }
  return <K extends LinkOptionName>(
    index: number,
    name: K,
  ): OptionSource<K> | undefined => {
    const entry = manifest.objects[index];
    const own = entry?.[name];
    if (own !== undefined) {
      return new OwnOption(own as NonNullable<ObjectEntry[K]>, index, name);
    }
    if (entry !== undefined && replacesProcessing(entry, name)) {
      return undefined;
    }
    return inherited.get(name) as OptionSource<K> | undefined;
  };
}

/**
 * `style` and `process` both set `x-oss-process`: an entry's own one
 * replaces whichever of the two `defaults` has.
 */
function replacesProcessing(entry: ObjectEntry, name: LinkOptionName): boolean {
  return (name === "style" || name === "process") &&
    (entry.style !== undefined || entry.process !== undefined);
}

/**
 * Merges `defaults` under an entry's own options. The `response` overrides
 * merge header by header; an entry's own `style` or `process` replaces
 * whichever of the two the defaults set.
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
  if (replacesProcessing(entry, "style")) {
    delete merged.style;
    delete merged.process;
  }
  for (const name of LINK_OPTION_NAMES) {
    const value = entry[name];
    if (value === undefined) continue;
    (merged as Record<string, unknown>)[name] = name === "response"
      ? { ...manifest.defaults?.response, ...entry.response }
      : value;
  }
  return merged;
}
