/**
 * The machine report: one JSON document with every finding.
 *
 * @module
 */
import { countBySeverity, type Diagnostic } from "../diagnostic.ts";

/**
 * Formats diagnostics as JSON: `{"diagnostics": [...], "summary": {...}}`
 * with 1-based lines and columns (end exclusive), stable key order, LF at
 * the end. A waived finding carries `suppressed: {kind, via, reason}` and
 * is counted in `summary.waived`, not in `error` or `warning`; both keys
 * appear only when a waiver applied.
 *
 * @example Usage
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { formatJsonReport } from "@osslinks/osslinks/report";
 *
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt, expires: 0s}]\n";
 * const { diagnostics } = validateManifest(new TextEncoder().encode(text), {
 *   file: "links.yaml",
 *   now: new Date("2026-11-28T09:00:00Z"),
 * });
 * const report = JSON.parse(formatJsonReport(diagnostics));
 * const [first] = report.diagnostics;
 * if (report.summary.error !== 1 || first.rule !== "expires-not-positive" || first.line !== 3) {
 *   throw new Error(JSON.stringify(report));
 * }
 * ```
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
    ...(diagnostic.suppressed
      ? {
        suppressed: {
          kind: diagnostic.suppressed.kind,
          via: diagnostic.suppressed.via,
          reason: diagnostic.suppressed.reason ?? null,
        },
      }
      : {}),
  }));
  const { error, warning, waived } = countBySeverity(diagnostics);
  return JSON.stringify(
    {
      diagnostics: items,
      summary: { error, warning, ...(waived > 0 ? { waived } : {}) },
    },
    null,
    2,
  ) + "\n";
}
