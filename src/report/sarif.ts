/**
 * SARIF 2.1.0, for code-scanning dashboards.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostic.ts";
import type { RuleInfo } from "../rules/catalogue.ts";

/** Options of {@linkcode formatSarif}. */
export interface SarifOptions {
  /** The rules to describe in `tool.driver.rules`. */
  readonly rules: readonly RuleInfo[];
  /** The tool version. */
  readonly version: string;
}

/** A relative URI reference for a path: "#" and "?" stay in the name. */
function fileUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/**
 * Formats diagnostics as a SARIF 2.1.0 log with one run.
 *
 * @param diagnostics The findings, already sorted.
 * @param options The rule catalogue and tool version.
 * @returns The SARIF JSON text, LF-terminated.
 */
export function formatSarif(
  diagnostics: readonly Diagnostic[],
  options: SarifOptions,
): string {
  const ruleIndex = new Map(
    options.rules.map((rule, index) => [rule.id, index]),
  );
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{
      // Our columns count code points; SARIF's default is UTF-16 units.
      columnKind: "unicodeCodePoints",
      tool: {
        driver: {
          name: "osslinks",
          version: options.version,
          informationUri: "https://github.com/osslinks/osslinks",
          rules: options.rules.map((rule) => ({
            id: rule.id,
            shortDescription: { text: rule.description },
            defaultConfiguration: { level: rule.severity },
          })),
        },
      },
      results: diagnostics.map((diagnostic) => ({
        ruleId: diagnostic.rule,
        ...(ruleIndex.has(diagnostic.rule)
          ? { ruleIndex: ruleIndex.get(diagnostic.rule) }
          : {}),
        level: diagnostic.severity,
        message: {
          text: diagnostic.hint === undefined
            ? diagnostic.message
            : `${diagnostic.message} (hint: ${diagnostic.hint})`,
        },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: fileUri(diagnostic.file) },
            ...(diagnostic.range
              ? {
                region: {
                  startLine: diagnostic.range.start.line,
                  startColumn: diagnostic.range.start.column,
                  endLine: diagnostic.range.end.line,
                  endColumn: diagnostic.range.end.column,
                },
              }
              : {}),
          },
        }],
      })),
    }],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
