/**
 * The request headers `access.headers` declares, read from its entry forms:
 * a name (`Range`), a name and value in one string (`"Range: bytes=-500"`),
 * or a mapping of names to values (`Range: bytes=-500`, which YAML reads as
 * `{ Range: "bytes=-500" }`; each of its entries is one header).
 *
 * @module
 */
import type { YamlPath } from "../yaml/load_yaml.ts";
import type { Manifest } from "./types.ts";

/** One declared request header. */
export interface DeclaredRequestHeader {
  /** The name as written, trimmed. */
  readonly name: string;
  /** The value pages send, when declared. */
  readonly value: string | undefined;
  /**
   * Where it is written: `access.headers[i]`, or `access.headers[i].<name>`
   * in the mapping form.
   */
  readonly path: YamlPath;
}

/**
 * Reads one `access.headers` entry.
 *
 * @param entry The entry: a string, or a mapping of names to values.
 * @returns Its headers: the name, the value when given, and the mapping key
 *   it is written under (for the mapping form).
 */
export function parseRequestHeader(
  entry: string | Readonly<Record<string, string>>,
): {
  readonly name: string;
  readonly value: string | undefined;
  readonly key?: string;
}[] {
  if (typeof entry !== "string") {
    return Object.entries(entry).map(([key, value]) => ({
      name: key.trim(),
      value,
      key,
    }));
  }
  const colon = entry.indexOf(":");
  return [
    colon === -1
      ? { name: entry.trim(), value: undefined }
      : { name: entry.slice(0, colon).trim(), value: entry.slice(colon + 1) },
  ];
}

/**
 * The request headers a manifest declares, in order.
 *
 * @param manifest The manifest.
 * @returns Each header's name, value (when declared) and path.
 */
export function declaredRequestHeaders(
  manifest: Manifest,
): DeclaredRequestHeader[] {
  return (manifest.access?.headers ?? []).flatMap((entry, index) =>
    parseRequestHeader(entry).map(({ name, value, key }) => ({
      name,
      value,
      path: key === undefined
        ? ["access", "headers", index]
        : ["access", "headers", index, key],
    }))
  );
}
