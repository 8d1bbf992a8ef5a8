/**
 * Structural findings: the zod schema's issues in our words, with rule ids,
 * and the one-selector-per-entry check the schema cannot express.
 *
 * @module
 */
import type { z } from "npm:zod@4.6.7";
import type { Finding } from "./rule.ts";
import { closest } from "../text/closest.ts";
import type { YamlPath } from "../yaml/load_yaml.ts";
import { compileConforms } from "./_conforms.ts";
import { ManifestSchema, SELECTORS } from "../manifest/schema.ts";
import type { Manifest } from "../manifest/types.ts";

/** A finding with the rule that made it. */
export interface RuleFinding extends Finding {
  /** The rule id. */
  readonly rule: string;
}

/** Rule ids and descriptions of the structural checks, for the rule table. */
export const STRUCTURE_RULES: readonly { id: string; description: string }[] = [
  {
    id: "object-selector",
    description: "Each object entry has exactly one of key, prefix and list",
  },
  { id: "schema-missing", description: "Required fields are present" },
  {
    id: "schema-type",
    description: "Each field has the type the schema gives it",
  },
  {
    id: "schema-unknown-key",
    description: "No unknown fields (with a did-you-mean for typos)",
  },
  {
    id: "schema-value",
    description:
      "Enumerations, the manifest version and non-empty lists hold allowed values",
  },
];

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return "a string";
  if (typeof value === "number" && !Number.isFinite(value)) {
    return "a non-finite number";
  }
  return `a ${typeof value}`;
}

/** Formats a path as `objects[3].disposition`; `[]` is "the manifest". */
function displayPath(path: YamlPath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text === "" ? "the manifest" : text;
}

function valueAt(root: unknown, path: YamlPath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment as PropertyKey];
  }
  return node;
}

type AnySchema = z.core.$ZodType;

interface ContainerDef {
  readonly type: string;
  readonly shape?: Record<string, AnySchema>;
  readonly element?: AnySchema;
  readonly valueType?: AnySchema;
  readonly options?: readonly AnySchema[];
}

/** The schema of a container's child, looking into the options of a union. */
function childSchema(
  schema: AnySchema | undefined,
  segment: PropertyKey,
): AnySchema | undefined {
  const def = unwrap(schema)?._zod.def as ContainerDef | undefined;
  if (def?.type === "object" && typeof segment === "string") {
    return def.shape?.[segment];
  }
  if (def?.type === "record" && typeof segment === "string") {
    return def.valueType;
  }
  if (def?.type === "array" && typeof segment === "number") {
    return def.element;
  }
  if (def?.type === "union") {
    for (const option of def.options ?? []) {
      const child = childSchema(option, segment);
      if (child !== undefined) return child;
    }
  }
  return undefined;
}

/**
 * The schema of the node at `path` of a manifest, looking through optionals,
 * arrays and unions.
 *
 * @param path The path.
 * @returns The node's schema without its `optional` wrapper, if the path is
 *   one the schema knows.
 */
export function schemaAt(path: YamlPath): AnySchema | undefined {
  let schema: AnySchema | undefined = ManifestSchema;
  for (const segment of path) {
    schema = childSchema(schema, segment);
    if (schema === undefined) return undefined;
  }
  return unwrap(schema);
}

/**
 * A schema without its `optional` wrappers.
 *
 * @param schema The schema.
 * @returns The schema inside.
 */
export function unwrap(schema: AnySchema | undefined): AnySchema | undefined {
  let current = schema;
  while (current?._zod.def.type === "optional") {
    current = (current._zod.def as unknown as { innerType: AnySchema })
      .innerType;
  }
  return current;
}

function expectedType(path: YamlPath): string {
  const def = schemaAt(path)?._zod.def as
    | { type: string; options?: AnySchema[] }
    | undefined;
  switch (def?.type) {
    case "object":
      return "a mapping";
    case "array":
      return "a list";
    case "union":
      return (def.options ?? []).map((option) => {
        const type = option._zod.def.type;
        return type === "record" || type === "object"
          ? "a mapping"
          : `a ${type}`;
      }).sort().join(" or ");
    case "enum":
    case "literal":
      return "one of the allowed values";
    default:
      return def === undefined ? "another type" : `a ${def.type}`;
  }
}

function allowedKeys(path: YamlPath): string[] {
  const def = schemaAt(path)?._zod.def as
    | { type: string; shape?: Record<string, unknown> }
    | undefined;
  return def?.type === "object" ? Object.keys(def.shape ?? {}) : [];
}

function quoteList(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}

function missingFinding(path: YamlPath): RuleFinding {
  return {
    rule: "schema-missing",
    path: path.slice(0, -1),
    target: "key",
    message: `Missing required field "${String(path[path.length - 1])}" in ${
      displayPath(path.slice(0, -1))
    }`,
  };
}

function issueFindings(issue: z.core.$ZodIssue, raw: unknown): RuleFinding[] {
  const path = issue.path as YamlPath;
  // "Invalid manifest", but "Unknown field … in the manifest".
  const name = path.length === 0 ? "manifest" : displayPath(path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeys(path);
      return issue.keys.map((key) => {
        const suggestion = closest(key, allowed);
        return {
          rule: "schema-unknown-key",
          path: [...path, key],
          target: "key",
          message: `Unknown field "${key}" in ${displayPath(path)}`,
          hint: suggestion !== undefined
            ? `did you mean "${suggestion}"?`
            : `expected one of ${quoteList(allowed)}`,
        };
      });
    }
    case "invalid_type": {
      const value = valueAt(raw, path);
      if (value === undefined) return [missingFinding(path)];
      return [{
        rule: "schema-type",
        path,
        message: `Invalid ${name}: expected ${expectedType(path)}, got ${
          describeValue(value)
        }`,
      }];
    }
    case "invalid_union": {
      // An option whose shape matched but a nested value did not, such as
      // {Range: 0} for a header: report the nested value.
      const nested = issue.errors.find((errors) =>
        errors.length > 0 && errors.every((inner) => inner.path.length > 0)
      );
      if (nested !== undefined) {
        return nested.flatMap((inner) =>
          issueFindings({ ...inner, path: [...path, ...inner.path] }, raw)
        );
      }
      return [{
        rule: "schema-type",
        path,
        message: `Invalid ${name}: expected ${expectedType(path)}, got ${
          describeValue(valueAt(raw, path))
        }`,
      }];
    }
    case "invalid_value": {
      const value = valueAt(raw, path);
      if (value === undefined) return [missingFinding(path)];
      const options = issue.values;
      const expected = `expected ${options.length === 1 ? "" : "one of "}${
        quoteList(options)
      }`;
      const suggestion = typeof value === "string"
        ? closest(value, options.map(String))
        : undefined;
      // "1" for 1 is the same text with quotes: no "did you mean "1"?".
      const hint = suggestion === undefined
        ? undefined
        : suggestion === value
        ? "write it without quotes"
        : `did you mean "${suggestion}"?`;
      return [{
        rule: "schema-value",
        path,
        message: typeof value === "string" || typeof value === "number"
          ? `Invalid ${name} ${JSON.stringify(value)}: ${expected}`
          : `Invalid ${name}: ${expected}, got ${describeValue(value)}`,
        ...(hint !== undefined ? { hint } : {}),
      }];
    }
    case "too_small":
      return [{
        rule: "schema-value",
        path,
        target: "key",
        message: `Empty ${name}: list at least one item`,
      }];
    default:
      return [{ rule: "schema-value", path, message: `Invalid ${name}` }];
  }
}

function selectorFindings(raw: unknown): RuleFinding[] {
  const objects = (raw as { objects?: unknown } | null)?.objects;
  if (!Array.isArray(objects)) return [];
  const findings: RuleFinding[] = [];
  objects.forEach((entry, index) => {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      return;
    }
    let count = 0;
    for (const name of SELECTORS) if (name in entry) count++;
    if (count === 1) return;
    const present = SELECTORS.filter((name) => name in entry);
    findings.push({
      rule: "object-selector",
      path: present.length === 0
        ? ["objects", index]
        : ["objects", index, present[1]!],
      target: "key",
      message: present.length === 0
        ? `Entry objects[${index}] has no selector: give it one of "key", "prefix" or "list"`
        : `Entry objects[${index}] has several selectors (${
          quoteList(present)
        }): keep one of "key", "prefix" or "list"`,
    });
  });
  return findings;
}

const conformsToManifest = compileConforms(ManifestSchema);

/**
 * The nodes a zod issue finds at fault: the value itself, each unknown key,
 * or, for a union whose matching option failed inside, the nested values.
 */
function issuePaths(issue: z.core.$ZodIssue): YamlPath[] {
  const path = issue.path as YamlPath;
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => [...path, key]);
  }
  if (issue.code === "invalid_union") {
    const nested = issue.errors.find((errors) =>
      errors.length > 0 && errors.every((inner) => inner.path.length > 0)
    );
    if (nested !== undefined) {
      return nested.flatMap((inner) =>
        issuePaths({ ...inner, path: [...path, ...inner.path] })
      );
    }
  }
  return [path];
}

/** The selector fields of entries without exactly one selector. */
function selectorPaths(raw: unknown): YamlPath[] {
  return selectorFindings(raw).flatMap((finding) => {
    const index = finding.path[1]!;
    return SELECTORS.map((name) => ["objects", index, name]);
  });
}

/** The outcome of {@linkcode checkStructure}. */
export interface StructureResult {
  /** The typed manifest, when there is no structural finding. */
  readonly manifest: Manifest | undefined;
  /** The structural findings. */
  readonly findings: readonly RuleFinding[];
  /**
   * The nodes that failed the schema: values of the wrong type or out of
   * their enumeration, missing required fields, unknown keys, and the
   * selectors of entries without exactly one. Empty when there is no
   * finding.
   */
  readonly broken: readonly YamlPath[];
}

/**
 * Validates the raw YAML value against the manifest schema.
 *
 * @param raw The loaded YAML value.
 * @returns The typed manifest, or the findings that prevent it.
 */
export function checkStructure(raw: unknown): StructureResult {
  // A valid manifest, the common case, without zod's allocations: zod would
  // return an equal copy.
  if (conformsToManifest(raw)) {
    const findings = selectorFindings(raw);
    return {
      manifest: findings.length === 0 ? raw as Manifest : undefined,
      findings,
      broken: findings.length === 0 ? [] : selectorPaths(raw),
    };
  }
  const parsed = ManifestSchema.safeParse(raw);
  const findings = [
    ...(parsed.success
      ? []
      : parsed.error.issues.flatMap((issue) => issueFindings(issue, raw))),
    ...selectorFindings(raw),
  ];
  return {
    manifest: parsed.success && findings.length === 0 ? parsed.data : undefined,
    findings,
    broken: [
      ...(parsed.success ? [] : parsed.error.issues.flatMap(issuePaths)),
      ...selectorPaths(raw),
    ],
  };
}
