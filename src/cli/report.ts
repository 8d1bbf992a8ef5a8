/**
 * Printing diagnostics in the chosen report format, and the exit code they
 * make.
 *
 * @module
 */
import {
  countBySeverity,
  type Diagnostic,
  fails,
  type Severity,
} from "../diagnostic.ts";
import { formatGithub } from "../report/github.ts";
import { formatJsonReport } from "../report/json.ts";
import { formatPretty } from "../report/pretty.ts";
import { formatSarif } from "../report/sarif.ts";
import type { Manifest } from "../manifest/types.ts";
import { RULE_CATALOGUE } from "../catalogue/catalogue.ts";
import { VERSION } from "../version.ts";
import type { LineIndex } from "../yaml/line_index.ts";
import { type ColorChoice, colorsStderr } from "./color.ts";
import { ExitCode } from "./exit_code.ts";
import type { CliIo } from "./io.ts";
import { writeFailure } from "./fs_error.ts";
import { UsageError } from "./usage_error.ts";

/** The report formats of `--report`. */
export const REPORT_FORMATS = ["pretty", "json", "github", "sarif"] as const;
/** One report format. */
export type ReportFormat = typeof REPORT_FORMATS[number];

/** How to report. */
export interface ReportSettings {
  /** The format. */
  readonly format: ReportFormat;
  /** The severity that fails the run. */
  readonly failOn: Severity;
  /**
   * `--color`: whether the pretty report on stderr is coloured (a report
   * file never is). @default {"auto"}
   */
  readonly color?: ColorChoice | undefined;
  /** `--report-file`: where to write the report instead of stderr. */
  readonly file?: string | undefined;
  /**
   * `--sarif-root`: the folder SARIF artifact URIs are relative to,
   * absolute or relative to the working folder. @default {the working folder}
   */
  readonly sarifRoot?: string | undefined;
}

/** An absolute folder from a folder relative to `cwd` (or absolute). */
function resolveFolder(cwd: string | undefined, folder: string): string {
  return folder.startsWith("/") || cwd === undefined
    ? folder
    : `${cwd.replace(/\/+$/, "")}/${folder}`;
}

/**
 * The summary line: "Validated links.yaml: 1 error, 0 warnings", and how
 * many findings were waived, when any was.
 *
 * @param diagnostics The findings.
 * @param subject What was done, before the colon.
 * @returns The line, LF-terminated.
 */
export function summaryLine(
  diagnostics: readonly Diagnostic[],
  subject = "Checked",
): string {
  const counts = countBySeverity(diagnostics);
  return `${subject}: ${plural(counts.error, "error")}, ${
    plural(counts.warning, "warning")
  }${counts.waived > 0 ? ` (${counts.waived} waived)` : ""}\n`;
}

/**
 * Writes the report to `--report-file` atomically (as `--out` is written),
 * or to stderr. A path that cannot be written is a usage error.
 */
async function writeReportFile(
  io: CliIo,
  file: string,
  text: string,
): Promise<void> {
  await io.writeFileAtomic(file, text).catch(writeFailure(file, UsageError));
}

/**
 * Writes diagnostics in the chosen format, with a summary line for the
 * pretty format, and returns the exit code they make. The report goes to
 * stderr, or with `--report-file` to that file, written atomically; stderr
 * then gets only the summary line, whatever the format.
 *
 * @param io The process IO.
 * @param diagnostics The findings, sorted.
 * @param options Format, threshold, report file, sources and the summary's
 *   subject.
 * @returns `0` or `1`.
 * @throws {UsageError} When the report file cannot be written.
 */
export async function reportDiagnostics(
  io: CliIo,
  diagnostics: readonly Diagnostic[],
  options: ReportSettings & {
    readonly sources?: ReadonlyMap<string, LineIndex>;
    readonly summary?: string;
    readonly manifest?: Manifest | undefined;
  },
): Promise<ExitCode> {
  let text: string;
  switch (options.format) {
    case "json":
      text = formatJsonReport(diagnostics);
      break;
    case "github":
      text = formatGithub(diagnostics.filter((d) => !d.suppressed));
      break;
    case "sarif": {
      let cwd: string | undefined;
      try {
        cwd = io.cwd?.();
      } catch {
        // A working folder that was removed: URIs stay as named.
      }
      text = formatSarif(diagnostics, {
        rules: RULE_CATALOGUE,
        version: VERSION,
        cwd,
        root: options.sarifRoot === undefined
          ? cwd
          : resolveFolder(cwd, options.sarifRoot),
        manifest: options.manifest,
      });
      break;
    }
    case "pretty": {
      // Never in a file.
      const color = options.file === undefined &&
        colorsStderr(options.color ?? "auto", io);
      text = formatPretty(diagnostics.filter((d) => !d.suppressed), {
        color,
        ...(options.sources ? { sources: options.sources } : {}),
      });
      if (text !== "") text += "\n";
      text += summaryLine(diagnostics, options.summary);
      break;
    }
  }
  if (options.file !== undefined) {
    await writeReportFile(io, options.file, text);
    await io.writeStderr(summaryLine(diagnostics, options.summary));
  } else if (text !== "") await io.writeStderr(text);
  return diagnostics.some((d) => fails(d, options.failOn))
    ? ExitCode.Findings
    : ExitCode.Clean;
}

/**
 * Counts something in words: "1 error", "2 errors", "2 retries".
 *
 * @param count How many.
 * @param noun The singular, or `[singular, plural]` when the plural is not
 *   the singular plus "s".
 * @returns The count and the noun.
 */
export function plural(
  count: number,
  noun: string | readonly [string, string],
): string {
  const [one, other] = typeof noun === "string" ? [noun, `${noun}s`] : noun;
  return `${count} ${count === 1 ? one : other}`;
}
