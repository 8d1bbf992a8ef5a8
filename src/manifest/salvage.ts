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
import { ManifestSchema } from "./schema.ts";
import { schemaAt } from "./structure.ts";
import type { Manifest } from "./types.ts";

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
 * Wraps a salvaged manifest so that reading a node that was taken out is
 * noticed: the rule that reads it needs a value the file does not give.
 *
 * @param salvage The salvaged manifest.
 * @param onBrokenRead Called with the path of each such read.
 * @returns A read-only view of the manifest that reports those reads.
 */
export function watchBrokenReads(
  salvage: Salvage,
  onBrokenRead: (path: YamlPath) => void,
): Manifest {
  // Per node, the names of its children that were taken out, and of those
  // that hold one deeper down: only those nodes get a view, so reading the
  // rest of the manifest costs nothing.
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
  /**
   * A list's view is a copy rather than a proxy: rules walk long lists
   * (`objects`), and a proxy trap per item costs more than the rules. Its
   * taken items read through a getter, and items holding a taken node are
   * views themselves.
   */
  const arrayView = (
    target: readonly unknown[],
    path: YamlPath,
    taken: Set<string> | undefined,
    watched: Set<string> | undefined,
  ): unknown[] => {
    const copy = [...target];
    for (const name of watched ?? []) {
      const index = Number(name);
      const item = target[index];
      if (isContainer(item)) copy[index] = view(item, [...path, index]);
    }
    for (const name of taken ?? []) {
      const index = Number(name);
      const item = copy[index];
      Object.defineProperty(copy, index, {
        get() {
          onBrokenRead([...path, index]);
          return item;
        },
        enumerable: true,
      });
    }
    return copy;
  };
  const view = <T extends object>(target: T, path: YamlPath): T => {
    const key = pathKey(path);
    const taken = takenChildren.get(key);
    const watched = watchedChildren.get(key);
    const views = new Map<string, object>();
    const childPath = (property: string): YamlPath => [
      ...path,
      Array.isArray(target) && /^(0|[1-9]\d*)$/.test(property)
        ? Number(property)
        : property,
    ];
    /** Notes a read of a node that was taken out, present or deleted. */
    const notice = (property: string | symbol): void => {
      if (typeof property === "string" && taken?.has(property)) {
        onBrokenRead(childPath(property));
      }
    };
    if (Array.isArray(target)) {
      return arrayView(target, path, taken, watched) as T;
    }
    return new Proxy(target, {
      get(inner, property, receiver) {
        notice(property);
        const value = Reflect.get(inner, property, receiver);
        if (typeof property === "symbol" || !watched?.has(property)) {
          return value;
        }
        if (!isContainer(value)) return value;
        let child = views.get(property);
        if (child === undefined) {
          child = view(value, childPath(property));
          views.set(property, child);
        }
        return child;
      },
      has(inner, property) {
        notice(property);
        return Reflect.has(inner, property);
      },
      set: () => false,
      deleteProperty: () => false,
    });
  };
  return view(salvage.manifest, []);
}
