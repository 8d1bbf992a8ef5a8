/**
 * A quick yes-or-don't-know check of a value against a zod schema, compiled
 * from the schema's own definition. zod allocates a result for every field
 * of every object, which is most of the structure check on a large valid
 * manifest; the compiled check allocates nothing. It answers `true` only
 * when zod would accept the value unchanged, and `false` for anything it
 * does not fully understand, so that zod then decides and words the issues.
 *
 * @module
 */
import type { z } from "npm:zod@4.6.7";

type AnySchema = z.core.$ZodType;

/** Tells whether zod would accept a value as it is. */
export type Conforms = (value: unknown) => boolean;

interface Def {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly innerType?: AnySchema;
  readonly element?: AnySchema;
  readonly options?: readonly AnySchema[];
  readonly shape?: Readonly<Record<string, AnySchema>>;
  readonly catchall?: AnySchema;
  readonly values?: readonly unknown[];
  readonly entries?: Readonly<Record<string, unknown>>;
  readonly keyType?: AnySchema;
  readonly valueType?: AnySchema;
}

interface CheckDef {
  readonly check: string;
  readonly minimum?: number;
}

const never: Conforms = () => false;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" &&
    Object.getPrototypeOf(value) === Object.prototype;
}

function compileArray(def: Def): Conforms {
  let minimum = 0;
  for (const check of def.checks ?? []) {
    const { check: kind, minimum: value } = check._zod.def;
    if (kind !== "min_length" || value === undefined) return never;
    minimum = Math.max(minimum, value);
  }
  const item = compileConforms(def.element!);
  return (value) => {
    if (!Array.isArray(value) || value.length < minimum) return false;
    for (let i = 0; i < value.length; i++) if (!item(value[i])) return false;
    return true;
  };
}

function compileObject(def: Def): Conforms {
  // Only strict objects: zod drops or copies unknown keys of the others.
  if (def.catchall?._zod.def.type !== "never") return never;
  const keys = Object.keys(def.shape!);
  const known = new Set(keys);
  const fields = keys.map((key) => compileConforms(def.shape![key]!));
  return (value) => {
    if (!isPlainObject(value)) return false;
    for (const key in value) if (!known.has(key)) return false;
    for (let i = 0; i < keys.length; i++) {
      if (!fields[i]!(value[keys[i]!])) return false;
    }
    return true;
  };
}

function compileRecord(def: Def): Conforms {
  // Only string keys (any own key is one) and plain objects.
  if (def.keyType?._zod.def.type !== "string") return never;
  if ((def.keyType._zod.def.checks?.length ?? 0) > 0) return never;
  const item = compileConforms(def.valueType!);
  return (value) => {
    if (!isPlainObject(value)) return false;
    for (const key in value) if (!item(value[key])) return false;
    return true;
  };
}

/**
 * Compiles a zod schema into a check that allocates nothing.
 *
 * @param schema The zod schema.
 * @returns A function that is `true` when zod would accept a value
 *   unchanged, and `false` when zod would reject it or the schema uses
 *   something the compiler does not know.
 */
export function compileConforms(schema: AnySchema): Conforms {
  const def = schema._zod.def as unknown as Def;
  if (def.type !== "array" && (def.checks?.length ?? 0) > 0) return never;
  switch (def.type) {
    case "optional": {
      const inner = compileConforms(def.innerType!);
      return (value) => value === undefined || inner(value);
    }
    case "string":
      return (value) => typeof value === "string";
    case "number":
      return (value) => typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return (value) => typeof value === "boolean";
    case "literal": {
      const values = def.values!;
      return (value) => values.includes(value);
    }
    case "enum": {
      const values = new Set(Object.values(def.entries!));
      return (value) => typeof value === "string" && values.has(value);
    }
    case "union": {
      const options = def.options!.map(compileConforms);
      return (value) => options.some((option) => option(value));
    }
    case "array":
      return compileArray(def);
    case "object":
      return compileObject(def);
    case "record":
      return compileRecord(def);
    default:
      return never;
  }
}
