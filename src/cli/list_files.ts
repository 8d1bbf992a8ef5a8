/**
 * Reading the `list:` files a manifest names, relative to the manifest.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostic.ts";
import { decodeManifest } from "../manifest/decode.ts";
import type {
  ListReader,
  ManifestLinkSources,
  ScanResult,
} from "../sign/manifest_links.ts";
import { type ListFileResult, parseListFile } from "../rules/list_file.ts";
import type { Manifest } from "../manifest/types.ts";
import { missingPermissionOf } from "../io/missing_permission.ts";
import type { ValidationResult } from "../pipeline/validate.ts";
import { describeFsError } from "./args.ts";
import type { CliIo } from "./io.ts";
import { plural } from "./report.ts";
import { findingDiagnostic } from "../rules/finding_diagnostic.ts";

function manifestDir(file: string): string {
  const slash = file.lastIndexOf("/");
  return slash >= 0 ? file.slice(0, slash + 1) : "";
}

/**
 * Where a `list:` file is: relative to the manifest's folder (the working
 * folder for standard input), or absolute.
 *
 * @param file The manifest's file name (`<stdin>` for standard input).
 * @param list The path the manifest writes.
 * @returns The path to read.
 */
export function listPath(file: string, list: string): string {
  if (list.startsWith("/")) return list;
  return (file === "<stdin>" ? "" : manifestDir(file)) + list;
}

/**
 * Reads a UTF-8 text file (a BOM is accepted), as manifests are read.
 *
 * @param io The process IO.
 * @param path The file.
 * @returns The text.
 * @throws {Error} When the file cannot be read or is not UTF-8 (describe it
 *   with `describeFsError`).
 */
export async function readUtf8File(io: CliIo, path: string): Promise<string> {
  const decoded = decodeManifest(await io.readFile(path));
  if (!decoded.ok) {
    throw new Error(decoded.problem.message.replace("manifest", "file"));
  }
  return decoded.text;
}

/** The outcome of {@linkcode readLists}. */
export interface ReadListsResult {
  /** Each list file's content, by the path written in the manifest. */
  readonly lists: Map<string, ListFileResult>;
  /** Unreadable files and bad lines, as diagnostics. */
  readonly diagnostics: Diagnostic[];
}

/**
 * Reads and parses every `list:` file of a manifest, relative to the
 * manifest's folder (or the working folder for standard input).
 *
 * @param io The process IO.
 * @param manifest The validated manifest.
 * @param file The manifest's file name (`<stdin>` for standard input).
 * @param validation The manifest's validation, for positions.
 * @returns The lists and the problems found.
 * @throws {MissingPermissionError} When the process may not read a list
 *   file: no finding in the manifest.
 */
export async function readLists(
  io: CliIo,
  manifest: Manifest,
  file: string,
  validation: ValidationResult,
): Promise<ReadListsResult> {
  const lists = new Map<string, ListFileResult>();
  const diagnostics: Diagnostic[] = [];
  const base = file === "<stdin>" ? "" : manifestDir(file);
  for (const [index, entry] of manifest.objects.entries()) {
    if (entry.list === undefined || lists.has(entry.list)) continue;
    const path = entry.list.startsWith("/") ? entry.list : base + entry.list;
    let text: string;
    try {
      text = await readUtf8File(io, path);
    } catch (error) {
      const missing = missingPermissionOf(error);
      if (missing !== undefined) throw missing;
      diagnostics.push({
        rule: "list-unreadable",
        severity: "error",
        message: `Cannot read list file "${path}": ${describeFsError(error)}`,
        file,
        range: validation.locate?.(["objects", index, "list"]),
        path: ["objects", index, "list"],
      });
      // Reported here, with the reason: planLinks must not report it again.
      lists.set(entry.list, { objects: [], diagnostics: [] });
      continue;
    }
    const parsed = parseListFile(text, path);
    lists.set(entry.list, parsed);
    diagnostics.push(...parsed.diagnostics);
  }
  return { lists, diagnostics };
}

/**
 * How `sign` and `validate` read `list:` files: streamed, relative to the
 * manifest's folder, an unreadable one described with its path.
 *
 * @param io The process IO.
 * @param file The manifest's file name (`<stdin>` for standard input).
 * @returns The list reader for {@linkcode scanManifestLinks}.
 */
export function listFileSources(
  io: CliIo,
  file: string,
): ManifestLinkSources & { readList: ListReader } {
  return {
    readList: (path) => io.readFileChunks(listPath(file, path)),
    describeListError: (path, error) =>
      `Cannot read list file "${listPath(file, path)}": ${
        describeFsError(error)
      }`,
  };
}

/**
 * Turns a scan of a manifest's links into diagnostics: the list files'
 * problems at their lines (the first ones, then a count of the rest), and
 * the findings at the manifest's paths.
 *
 * @param scan The scan's outcome.
 * @param file The manifest's file name.
 * @param validation The manifest's validation, for positions.
 * @returns The diagnostics, before waivers.
 */
export function scanDiagnostics(
  scan: ScanResult,
  file: string,
  validation: ValidationResult,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [...scan.listProblems];
  if (scan.omittedListProblems > 0) {
    diagnostics.push({
      rule: "list-entry-invalid",
      severity: scan.omittedListErrors > 0 ? "error" : "warning",
      message: `${
        plural(scan.omittedListProblems, "more list-file problem")
      } not shown (the first ${scan.listProblems.length} are)`,
      file,
    });
  }
  for (const finding of scan.findings) {
    diagnostics.push(
      findingDiagnostic(finding.rule, "error", finding, {
        file,
        locate: validation.locate,
      }),
    );
  }
  return diagnostics;
}
