/**
 * The emulator config's problems in our words: zod's issues turned into
 * "Unknown field "acll" in buckets[0]" with a did-you-mean, "expected a
 * boolean, got a string", and a path that the YAML document can locate.
 *
 * @module
 */
import type { z } from "npm:zod@4.6.7";
import { closest } from "../text/closest.ts";
import { configFieldsAt } from "./config_schema.ts";

/** A problem found in a config, before it is given a place in the file. */
export interface ConfigProblem {
  /** Mapping keys and list indexes; `[]` for the whole file. */
  readonly path: readonly PropertyKey[];
  /** What is wrong. */
  readonly message: string;
  /** A suggestion: "did you mean …", or the allowed names. */
  readonly hint?: string | undefined;
  /** Whether the problem is with the key at `path` rather than its value. */
  readonly target?: "key" | "value" | undefined;
}

/**
 * Formats a path as `buckets[0].cors.rules[1]`; `[]` is "the config".
 *
 * @param path The path.
 * @returns The text.
 */
export function displayConfigPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    text += typeof part === "number"
      ? `[${part}]`
      : `${text === "" ? "" : "."}${String(part)}`;
  }
  return text === "" ? "the config" : text;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number" && !Number.isFinite(value)) {
    return "a non-finite number";
  }
  return `a ${typeof value}`;
}

/** zod's name of a type, in the words of a YAML file. */
function typeName(expected: string): string {
  switch (expected) {
    case "object":
      return "a mapping";
    case "array":
      return "a list";
    case "date":
      return "a date";
    default:
      return `a ${expected}`;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

function quoteList(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}

function issueProblems(
  issue: z.core.$ZodIssue,
  raw: unknown,
): ConfigProblem[] {
  const path = issue.path as PropertyKey[];
  // "Invalid config", but "Unknown field … in the config".
  const name = path.length === 0 ? "config" : displayConfigPath(path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = configFieldsAt(path);
      return issue.keys.map((key) => {
        const suggestion = closest(key, allowed);
        return {
          path: [...path, key],
          target: "key",
          message: `Unknown field "${key}" in ${displayConfigPath(path)}`,
          hint: suggestion !== undefined
            ? `did you mean "${suggestion}"?`
            : `expected one of ${quoteList(allowed)}`,
        };
      });
    }
    case "invalid_type": {
      const value = valueAt(raw, path);
      if (value === undefined) {
        const parent = path.slice(0, -1);
        return [{
          path: parent,
          target: "key",
          message: `Missing required field "${
            String(path[path.length - 1])
          }" in ${displayConfigPath(parent)}`,
        }];
      }
      return [{
        path,
        message: `Invalid ${name}: expected ${typeName(issue.expected)}, got ${
          describeValue(value)
        }`,
      }];
    }
    case "invalid_union": {
      const expected = issue.errors.flatMap((errors) =>
        errors.flatMap((inner) =>
          inner.code === "invalid_type" ? [typeName(inner.expected)] : []
        )
      );
      return [{
        path,
        message: `Invalid ${name}: expected ${
          expected.length > 0 ? expected.join(" or ") : "another value"
        }, got ${describeValue(valueAt(raw, path))}`,
      }];
    }
    case "invalid_value": {
      const value = valueAt(raw, path);
      const suggestion = typeof value === "string"
        ? closest(value, issue.values.map(String))
        : undefined;
      return [{
        path,
        message: `Invalid ${name}${
          typeof value === "string" || typeof value === "number"
            ? ` ${JSON.stringify(value)}`
            : ""
        }: expected one of ${quoteList(issue.values)}`,
        ...(suggestion !== undefined
          ? { hint: `did you mean "${suggestion}"?` }
          : {}),
      }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

/**
 * Turns zod's issues with a config into problems, one per unknown key.
 *
 * @param issues zod's issues.
 * @param raw The config as parsed from YAML, to name the wrong values.
 * @returns The problems, in zod's order.
 */
export function configProblems(
  issues: readonly z.core.$ZodIssue[],
  raw: unknown,
): ConfigProblem[] {
  return issues.flatMap((issue) => issueProblems(issue, raw));
}
