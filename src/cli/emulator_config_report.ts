/**
 * An emulator config that cannot be loaded, reported as the manifest's
 * findings are: `file:line:col: message [emulator-config]`, the line with
 * the place marked, and a did-you-mean. A line that may hold a secret or a
 * token (anything under `credentials`) is not quoted.
 *
 * @module
 */
import { compareDiagnostics, type Diagnostic } from "../diagnostic.ts";
import type { EmulatorConfigError } from "../emulator/config.ts";
import { formatPretty } from "../report/pretty.ts";
import { LineIndex } from "../yaml/line_index.ts";
import type { CliIo } from "./io.ts";
import { plural } from "./report.ts";

/** The rule id every config problem is reported under. */
const RULE = "emulator-config";

/** Whether a problem's line may hold a credential. */
function sensitive(path: string, line: string): boolean {
  return /(^|\.)credentials\b/.test(path) ||
    /secret|token/i.test(line);
}

/**
 * Formats a config's problems for stderr.
 *
 * @param error The problems.
 * @param file The config file as named on the command line.
 * @param text Its text, for code frames.
 * @param color Whether to use ANSI colours.
 * @returns The report, LF-terminated, ending with a summary line.
 */
export function formatConfigProblems(
  error: EmulatorConfigError,
  file: string,
  text: string,
  color: boolean,
): string {
  const lines = new LineIndex(text.startsWith("\uFEFF") ? text.slice(1) : text);
  const diagnostics: Diagnostic[] = error.issues.map((issue) => ({
    rule: RULE,
    severity: "error",
    message: issue.path === "" || issue.range !== undefined
      ? issue.message
      : `${issue.path}: ${issue.message}`,
    file,
    range: issue.range,
    hint: issue.hint,
    sensitive: issue.range !== undefined &&
      sensitive(issue.path, lines.lineText(issue.range.start.line)),
  }));
  diagnostics.sort(compareDiagnostics);
  return `${
    formatPretty(diagnostics, { sources: new Map([[file, lines]]), color })
  }\nosslinks emulator: Cannot start: ${
    plural(diagnostics.length, "problem")
  } in "${file}"\n`;
}

/**
 * Writes a config's problems to stderr, in colour on a terminal unless
 * `NO_COLOR` is set.
 *
 * @param io The process IO.
 * @param error The problems.
 * @param file The config file as named on the command line.
 * @param text Its text.
 */
export async function reportConfigProblems(
  io: CliIo,
  error: EmulatorConfigError,
  file: string,
  text: string,
): Promise<void> {
  const noColor = io.env("NO_COLOR");
  const color = io.stderrIsTerminal &&
    (noColor === undefined || noColor === "");
  await io.writeStderr(formatConfigProblems(error, file, text, color));
}
