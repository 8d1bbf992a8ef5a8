/**
 * `list:` files: one key per line, or NDJSON object entries.
 *
 * @module
 */
import { z } from "npm:zod@4.6.7";
import type { Diagnostic } from "../diagnostic.ts";
import { keyProblem } from "../oss/object_key.ts";
import { filenameRename } from "./filename_renamed.ts";
import { filenameProblem } from "./filename_unsafe.ts";

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

/** What one line of a list file holds. */
export type ListLine =
  | { readonly kind: "blank" }
  | {
    readonly kind: "object";
    readonly object: ListedObject;
    /** A warning about the object (`filename-renamed`). */
    readonly warning?: Diagnostic;
  }
  | { readonly kind: "problem"; readonly diagnostic: Diagnostic };

/** Where a line of a list file is, for its diagnostic. */
export interface ListLinePlace {
  /** The list file's name. */
  readonly file: string;
  /** The 1-based line number. */
  readonly line: number;
  /** The UTF-16 offset of the line's start in the file's text. */
  readonly offset: number;
}

/**
 * Whether a list file is NDJSON: its first non-blank line starts with `{`.
 *
 * @example Usage
 * ```ts
 * import { isNdjsonList } from "@osslinks/osslinks/sign";
 *
 * if (!isNdjsonList('  {"key": "a.txt"}')) throw new Error("an object line is NDJSON");
 * if (isNdjsonList("reports/q3.pdf")) throw new Error("a raw key is not");
 * ```
 *
 * @param firstLine The file's first non-blank line.
 * @returns `true` for NDJSON, `false` for one raw key per line.
 */
export function isNdjsonList(firstLine: string): boolean {
  return firstLine.trimStart().startsWith("{");
}

/**
 * Parses one line of a list file (its trailing CR already dropped or not).
 *
 * @example Usage
 * ```ts
 * import { parseListLine } from "@osslinks/osslinks/sign";
 *
 * const place = { file: "keys.ndjson", line: 3, offset: 40 };
 * const line = parseListLine('{"key": "q3.pdf", "filename": "Q3.pdf"}\r', true, place);
 * if (line.kind !== "object" || line.object.filename !== "Q3.pdf") throw new Error(line.kind);
 * const bad = parseListLine('{"key": 7}', true, place);
 * if (bad.kind !== "problem" || bad.diagnostic.range?.start.line !== 3) {
 *   throw new Error("a key that is no string is a problem at line 3");
 * }
 * ```
 *
 * @param rawLine The line, without its LF.
 * @param ndjson Whether the file is NDJSON (see {@linkcode isNdjsonList}).
 * @param place The file, line number and offset, for a diagnostic.
 * @returns A blank line, the object it names, or the problem.
 */
export function parseListLine(
  rawLine: string,
  ndjson: boolean,
  place: ListLinePlace,
): ListLine {
  const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
  if (line.trim() === "") return { kind: "blank" };
  const diagnostic = (
    rule: string,
    message: string,
    severity: "error" | "warning" = "error",
  ): Diagnostic => ({
    rule,
    severity,
    message,
    file: place.file,
    range: {
      start: { line: place.line, column: 1, offset: place.offset },
      end: {
        line: place.line,
        column: [...line].length + 1,
        offset: place.offset + line.length,
      },
    },
  });
  const at = (rule: string, message: string): ListLine => ({
    kind: "problem",
    diagnostic: diagnostic(rule, message),
  });
  let object: ListedObject;
  if (ndjson) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      return at(
        "list-entry-invalid",
        `Invalid NDJSON line: ${(error as Error).message}`,
      );
    }
    const parsed = ListedObjectSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.length > 0
        ? `"${issue.path.join(".")}"`
        : "the line";
      return at(
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
    }
    object = parsed.data;
  } else {
    object = { key: line };
  }
  const problem = keyProblem(object.key);
  if (problem !== undefined) {
    return at("key-invalid", `Invalid object key: ${problem}`);
  }
  const unsafe = object.filename === undefined
    ? undefined
    : filenameProblem(object.filename);
  if (unsafe !== undefined) {
    return at("filename-unsafe", `Unsafe filename: ${unsafe}`);
  }
  const rename = object.filename === undefined
    ? undefined
    : filenameRename(object.filename);
  return rename === undefined ? { kind: "object", object } : {
    kind: "object",
    object,
    warning: diagnostic(
      "filename-renamed",
      `Filename ${
        JSON.stringify(object.filename)
      } changes on download: ${rename}`,
      "warning",
    ),
  };
}

/**
 * Parses a list file. A file whose first non-blank line starts with `{` is
 * NDJSON (`{"key": …, "id"?: …, "filename"?: …, "disposition"?: …}` per
 * line); any other is one raw key per line. Blank lines are skipped; a
 * trailing CR is dropped.
 *
 * @example Usage
 * ```ts
 * import { parseListFile } from "@osslinks/osslinks/sign";
 *
 * const { objects, diagnostics } = parseListFile("a.txt\r\n\nreports/q3.pdf\n/bad\n", "keys.txt");
 * if (objects.map((object) => object.key).join() !== "a.txt,reports/q3.pdf") {
 *   throw new Error(JSON.stringify(objects));
 * }
 * if (diagnostics[0]?.range?.start.line !== 4) throw new Error("the leading slash on line 4");
 * ```
 *
 * @param text The file's text.
 * @param file The file name diagnostics carry.
 * @returns The objects and the problems found.
 */
export function parseListFile(text: string, file: string): ListFileResult {
  const objects: ListedObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  const ndjson = isNdjsonList(
    lines.find((line) => line.trim() !== "") ?? "",
  );
  let offset = 0;
  lines.forEach((rawLine, index) => {
    const parsed = parseListLine(rawLine, ndjson, {
      file,
      line: index + 1,
      offset,
    });
    offset += rawLine.length + 1;
    if (parsed.kind === "object") {
      objects.push(parsed.object);
      if (parsed.warning !== undefined) diagnostics.push(parsed.warning);
    } else if (parsed.kind === "problem") diagnostics.push(parsed.diagnostic);
  });
  return { objects, diagnostics };
}
