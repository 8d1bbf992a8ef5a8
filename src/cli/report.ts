/**
 * Printing diagnostics in the chosen report format, and the exit code they
 * make.
 *
 * @module
 */
import {
  countBySeverity,
  type Diagnostic,
  isAtLeast,
  type Severity,
} from "../diagnostic.ts";
import { formatGithub } from "../report/github.ts";
import { formatJsonReport } from "../report/json.ts";
import { formatPretty } from "../report/pretty.ts";
import { formatSarif } from "../report/sarif.ts";
import type { Manifest } from "../manifest/types.ts";
import { RULE_CATALOGUE } from "../rules/catalogue.ts";
import { VERSION } from "../version.ts";
import type { LineIndex } from "../yaml/line_index.ts";
import { ExitCode } from "./exit_code.ts";
import type { CliIo } from "./io.ts";

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
 * Writes diagnostics to stderr in the chosen format, with a summary line for
 * the pretty format, and returns the exit code they make.
 *
 * @param io The process IO.
 * @param diagnostics The findings, sorted.
 * @param options Format, threshold, sources and the summary's subject.
 * @returns `0` or `1`.
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
      text = formatGithub(diagnostics);
      break;
    case "sarif": {
      const cwd = io.cwd?.();
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
      // no-color.org: a NO_COLOR that is present and not empty.
      const noColor = io.env("NO_COLOR");
      const color = io.stderrIsTerminal &&
        (noColor === undefined || noColor === "");
      text = formatPretty(diagnostics, {
        color,
        ...(options.sources ? { sources: options.sources } : {}),
      });
      const counts = countBySeverity(diagnostics);
      if (text !== "") text += "\n";
      text += `${options.summary ?? "Checked"}: ${
        plural(counts.error, "error")
      }, ${plural(counts.warning, "warning")}\n`;
      break;
    }
  }
  if (text !== "") await io.writeStderr(text);
  return diagnostics.some((d) => isAtLeast(d.severity, options.failOn))
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
