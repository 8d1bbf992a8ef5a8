/**
 * GitHub Actions workflow annotations (`::error file=…::message`).
 *
 * @module
 */
import type { Diagnostic } from "../diagnostic.ts";

function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll(
    "\n",
    "%0A",
  );
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

/**
 * Formats diagnostics as GitHub workflow commands, one line each, so that
 * findings show on the pull request's diff.
 *
 * @example Usage
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { formatGithub } from "@osslinks/osslinks/report";
 *
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt, expires: 0s}]\n";
 * const { diagnostics } = validateManifest(new TextEncoder().encode(text), {
 *   file: "links.yaml",
 *   now: new Date("2026-11-28T09:00:00Z"),
 * });
 * const commands = formatGithub(diagnostics);
 * if (!commands.startsWith("::error file=links.yaml,line=3,col=33,")) {
 *   throw new Error(commands);
 * }
 * ```
 *
 * @param diagnostics The findings, already sorted.
 * @returns The commands, LF-terminated, or `""` for no findings.
 */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((diagnostic) => {
    const properties = [`file=${escapeProperty(diagnostic.file)}`];
    const range = diagnostic.range;
    if (range) {
      properties.push(
        `line=${range.start.line}`,
        `col=${range.start.column}`,
        `endLine=${range.end.line}`,
      );
      if (range.end.line === range.start.line) {
        properties.push(`endColumn=${range.end.column}`);
      }
    }
    properties.push(`title=${escapeProperty(diagnostic.rule)}`);
    const text = diagnostic.hint === undefined
      ? diagnostic.message
      : `${diagnostic.message} (hint: ${diagnostic.hint})`;
    return `::${diagnostic.severity} ${properties.join(",")}::${
      escapeData(text)
    }\n`;
  }).join("");
}
