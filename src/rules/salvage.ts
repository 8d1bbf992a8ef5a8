/**
 * The part of a manifest that passed the schema, so that the semantic rules
 * can run on a manifest with schema errors, in the same pass.
 *
 * Each node that failed the schema is taken out of a copy of the manifest:
 * an optional field or an unknown key is deleted; a required field, a list
 * item or a `rules:` value gets the simplest value of its type (`""`, `[]`,
 * a mapping of such values), so that list indexes stay those of the file.
 * {@linkcode watchBrokenReads} then tells which rule read a node that was
 * taken out, so that its findings about that node are dropped rather than
 * made from a stand-in value.
 *
 * @module
 */
import type { z } from "npm:zod@4.6.7";
import type { YamlPath } from "../yaml/load_yaml.ts";
import { compileConforms } from "./_conforms.ts";
import { ManifestSchema } from "../manifest/schema.ts";
import { schemaAt } from "./structure.ts";
import type { Manifest } from "../manifest/types.ts";

type AnySchema = z.core.$ZodType;

const conformsToManifest = compileConforms(ManifestSchema);

interface PlaceholderDef {
  readonly type: string;
  readonly values?: readonly unknown[];
  readonly entries?: Readonly<Record<string, unknown>>;
  readonly shape?: Readonly<Record<string, AnySchema>>;
  readonly options?: readonly AnySchema[];
  readonly innerType?: AnySchema;
  readonly element?: AnySchema;
  readonly checks?: readonly {
    readonly _zod: { readonly def: { readonly minimum?: number } };
  }[];
}

/** The simplest value a schema accepts: `""`, `0`, `[]`, a mapping of such. */
function placeholder(schema: AnySchema): unknown {
  const def = schema._zod.def as unknown as PlaceholderDef;
  switch (def.type) {
    case "string":
      return "";
    case "number":
      return 0;
    case "boolean":
      return false;
    case "literal":
      return def.values![0];
    case "enum":
      return Object.values(def.entries!)[0];
    case "array": {
      // `objects` needs one item: a stand-in that reads as failed.
      const minimum = def.checks?.reduce(
        (most, check) => Math.max(most, check._zod.def.minimum ?? 0),
        0,
      ) ?? 0;
      return Array.from({ length: minimum }, () => placeholder(def.element!));
    }
    case "record":
      return {};
    case "union":
      return placeholder(def.options![0]!);
    case "optional":
      return undefined;
    case "object": {
      const value: Record<string, unknown> = {};
      for (const [name, field] of Object.entries(def.shape!)) {
        const inner = placeholder(field);
        if (inner !== undefined) value[name] = inner;
      }
      return value;
    }
    default:
      return undefined;
  }
}

function isContainer(value: unknown): value is Record<PropertyKey, unknown> {
  return value !== null && typeof value === "object";
}

/** Whether the field at `path` may be left out of its mapping. */
function mayDelete(path: YamlPath): boolean {
  const parent = schemaAt(path.slice(0, -1))?._zod.def as
    | PlaceholderDef
    | undefined;
  if (parent?.type === "record") return true;
  if (parent?.type !== "object") return true;
  const field = parent.shape?.[String(path[path.length - 1])];
  return field === undefined || field._zod.def.type === "optional";
}

/** Paths as keys of a set: segments joined by a character keys never hold. */
export function pathKey(path: YamlPath): string {
  return path.map(String).join("\u0001");
}

/** A manifest with its broken nodes taken out, and where they were. */
export interface Salvage {
  /** The manifest without the nodes that failed the schema. */
  readonly manifest: Manifest;
  /** The paths of the nodes taken out. */
  readonly paths: readonly YamlPath[];
}

/**
 * Takes the nodes that failed the schema out of a copy of a manifest.
 *
 * @param raw The loaded YAML value.
 * @param broken The paths of the nodes that failed the schema.
 * @returns The rest of the manifest, valid against the schema, or
 *   `undefined` when nothing usable is left (the root is no mapping).
 */
export function salvageManifest(
  raw: unknown,
  broken: readonly YamlPath[],
): Salvage | undefined {
  if (!isContainer(raw) || Array.isArray(raw)) return undefined;
  // Copy on write: only the containers on the way to a taken node are
  // copied, the rest is shared with the loaded value.
  const copies = new WeakSet<object>();
  const copyOf = <T extends object>(node: T): T => {
    const copy = (Array.isArray(node) ? [...node] : { ...node }) as T;
    copies.add(copy);
    return copy;
  };
  const copy = copyOf(raw);
  const taken = new Set<string>();
  const takenPaths: YamlPath[] = [];
  // Shorter paths first: a node inside one already taken out is gone too.
  const paths = [...broken].sort((a, b) => a.length - b.length);
  for (const path of paths) {
    if (path.length === 0) return undefined;
    if (path.some((_, end) => taken.has(pathKey(path.slice(0, end))))) {
      continue;
    }
    let parent: Record<PropertyKey, unknown> | undefined = copy;
    for (const segment of path.slice(0, -1)) {
      const child: unknown = parent[segment as string];
      if (!isContainer(child)) {
        parent = undefined;
        break;
      }
      const own = copies.has(child) ? child : copyOf(child);
      parent[segment as string] = own;
      parent = own;
    }
    if (parent === undefined) continue;
    const name = path[path.length - 1]! as string;
    taken.add(pathKey(path));
    takenPaths.push(path);
    if (!Array.isArray(parent) && mayDelete(path)) {
      delete parent[name];
      continue;
    }
    const schema = schemaAt(path);
    parent[name] = schema === undefined ? undefined : placeholder(schema);
  }
  if (conformsToManifest(copy)) {
    return { manifest: copy as unknown as Manifest, paths: takenPaths };
  }
  const parsed = ManifestSchema.safeParse(copy);
  return parsed.success
    ? { manifest: parsed.data, paths: takenPaths }
    : undefined;
}

/**
 * Views of a salvaged manifest in which reading a node that was taken out
 * is noticed: the rule that reads it needs a value the file does not give.
 *
 * Only the containers on the way to a taken node are copied, once for all
 * rules; each taken node becomes a getter (a deleted field a hidden one,
 * reading `undefined`) that reports its path. Each call gives a new root
 * object over the same copies, so that what a rule caches per manifest is
 * its own.
 *
 * @param salvage The salvaged manifest.
 * @param onBrokenRead Called with the path of each read of a taken node.
 * @returns A function that makes a fresh view for each rule.
 */
export function brokenReadViews(
  salvage: Salvage,
  onBrokenRead: (path: YamlPath) => void,
): () => Manifest {
  // Per node, the names of its children that were taken out, and of those
  // that hold one deeper down.
  const takenChildren = new Map<string, Set<string>>();
  const watchedChildren = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, path: YamlPath) => {
    const parent = pathKey(path.slice(0, -1));
    const names = map.get(parent) ?? new Set<string>();
    names.add(String(path[path.length - 1]));
    map.set(parent, names);
  };
  for (const path of salvage.paths) {
    add(takenChildren, path);
    for (let end = 1; end < path.length; end++) {
      add(watchedChildren, path.slice(0, end));
    }
  }
  const build = (node: object, path: YamlPath): object => {
    const key = pathKey(path);
    const taken = takenChildren.get(key);
    const watched = watchedChildren.get(key);
    if (taken === undefined && watched === undefined) return node;
    const source = node as Record<string, unknown>;
    const copy: Record<string, unknown> = Array.isArray(node)
      ? [...node] as unknown as Record<string, unknown>
      : { ...source };
    const childPath = (name: string): YamlPath => [
      ...path,
      Array.isArray(node) ? Number(name) : name,
    ];
    for (const name of watched ?? []) {
      const child = source[name];
      if (isContainer(child)) copy[name] = build(child, childPath(name));
    }
    for (const name of taken ?? []) {
      const value = copy[name];
      const at = childPath(name);
      Object.defineProperty(copy, name, {
        get() {
          onBrokenRead(at);
          return value;
        },
        enumerable: Object.hasOwn(source, name),
        configurable: true,
      });
    }
    return copy;
  };
  const root = build(salvage.manifest, []);
  return () =>
    Object.create(
      Object.getPrototypeOf(root),
      Object.getOwnPropertyDescriptors(root),
    ) as Manifest;
}
