/**
 * `list:` files: one key per line, or NDJSON object entries.
 *
 * @module
 */
import { z } from "npm:zod@4.6.7";
import type { Diagnostic } from "../diagnostic.ts";
import { keyProblem } from "../rules/_key.ts";
import { filenameProblem } from "../rules/filename_unsafe.ts";

/** One object a list file names. */
export interface ListedObject {
  /** The raw key. */
  readonly key: string;
  /** The link id (NDJSON `id`), or `undefined` for the key. */
  readonly id?: string | undefined;
  /** The download filename (NDJSON `filename`). */
  readonly filename?: string | undefined;
  /** The disposition (NDJSON `disposition`). */
  readonly disposition?: "inline" | "attachment" | undefined;
}

/** The outcome of {@linkcode parseListFile}. */
export interface ListFileResult {
  /** The objects, in file order. */
  readonly objects: readonly ListedObject[];
  /** Problems, with the list file's line and column. */
  readonly diagnostics: readonly Diagnostic[];
}

const ListedObjectSchema = z.strictObject({
  key: z.string(),
  id: z.string().optional(),
  filename: z.string().optional(),
  disposition: z.enum(["inline", "attachment"]).optional(),
});

/**
 * Parses a list file. A file whose first non-blank line starts with `{` is
 * NDJSON (`{"key": …, "id"?: …, "filename"?: …, "disposition"?: …}` per
 * line); any other is one raw key per line. Blank lines are skipped; a
 * trailing CR is dropped.
 *
 * @param text The file's text.
 * @param file The file name diagnostics carry.
 * @returns The objects and the problems found.
 */
export function parseListFile(text: string, file: string): ListFileResult {
  const objects: ListedObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  const ndjson = lines.find((line) => line.trim() !== "")?.trimStart()
    .startsWith("{") ?? false;
  let offset = 0;
  lines.forEach((rawLine, index) => {
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    const lineNumber = index + 1;
    const at = (rule: string, message: string) =>
      diagnostics.push({
        rule,
        severity: "error",
        message,
        file,
        range: {
          start: { line: lineNumber, column: 1, offset },
          end: {
            line: lineNumber,
            column: [...line].length + 1,
            offset: offset + line.length,
          },
        },
      });
    offset += rawLine.length + 1;
    if (line.trim() === "") return;
    let object: ListedObject;
    if (ndjson) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        at(
          "list-entry-invalid",
          `Invalid NDJSON line: ${(error as Error).message}`,
        );
        return;
      }
      const parsed = ListedObjectSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = issue.path.length > 0
          ? `"${issue.path.join(".")}"`
          : "the line";
        at(
          "list-entry-invalid",
          `Invalid list entry: ${field} ${
            issue.code === "unrecognized_keys"
              ? `has unknown field "${
                issue.keys[0]
              }" (allowed: "key", "id", "filename", "disposition")`
              : issue.code === "invalid_type" && issue.path.length > 0
              ? `must be ${
                issue.expected === "string" ? "a string" : issue.expected
              }`
              : "is invalid"
          }`,
        );
        return;
      }
      object = parsed.data;
    } else {
      object = { key: line };
    }
    const problem = keyProblem(object.key);
    if (problem !== undefined) {
      at("key-invalid", `Invalid object key: ${problem}`);
      return;
    }
    const unsafe = object.filename === undefined
      ? undefined
      : filenameProblem(object.filename);
    if (unsafe !== undefined) {
      at("filename-unsafe", `Unsafe filename: ${unsafe}`);
      return;
    }
    objects.push(object);
  });
  return { objects, diagnostics };
}
