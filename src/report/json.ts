/**
 * The machine report: one JSON document with every finding.
 *
 * @module
 */
import { countBySeverity, type Diagnostic } from "../diagnostic.ts";

/**
 * Formats diagnostics as JSON: `{"diagnostics": [...], "summary": {...}}`
 * with 1-based lines and columns (end exclusive), stable key order, LF at
 * the end.
 *
 * @param diagnostics The findings, already sorted.
 * @returns The JSON text.
 */
export function formatJsonReport(diagnostics: readonly Diagnostic[]): string {
  const items = diagnostics.map((diagnostic) => ({
    file: diagnostic.file,
    line: diagnostic.range?.start.line ?? null,
    column: diagnostic.range?.start.column ?? null,
    endLine: diagnostic.range?.end.line ?? null,
    endColumn: diagnostic.range?.end.column ?? null,
    rule: diagnostic.rule,
    severity: diagnostic.severity,
    message: diagnostic.message,
    hint: diagnostic.hint ?? null,
  }));
  return JSON.stringify(
    { diagnostics: items, summary: countBySeverity(diagnostics) },
    null,
    2,
  ) + "\n";
}
