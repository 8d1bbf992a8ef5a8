/**
 * Reports of findings: pretty text with code frames, GitHub workflow
 * commands, JSON, and SARIF 2.1.0 for code scanning; the rule catalogue;
 * waivers (`# osslinks-ignore:`, `rules:`, ignore lists).
 *
 * @example Print a manifest's findings
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { formatPretty } from "@osslinks/osslinks/report";
 *
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt, expires: 0s}]\n";
 * const { diagnostics } = validateManifest(new TextEncoder().encode(text), {
 *   file: "links.yaml",
 *   now: new Date("2026-11-28T09:00:00Z"),
 * });
 * const report = formatPretty(diagnostics);
 * if (!report.includes("links.yaml:3:")) throw new Error(report);
 * ```
 *
 * @module
 */
export { formatGithub } from "./src/report/github.ts";
export { formatJsonReport } from "./src/report/json.ts";
export { formatPretty } from "./src/report/pretty.ts";
export type { PrettyOptions } from "./src/report/pretty.ts";
export { FINGERPRINT_KEY, formatSarif, SRCROOT } from "./src/report/sarif.ts";
export type { SarifOptions } from "./src/report/sarif.ts";
export { RULE_CATALOGUE, RULES_DOC_URL } from "./src/catalogue/catalogue.ts";
export type {
  ReportingCommand,
  RuleInfo,
  RuleSeverity,
} from "./src/catalogue/rule_info.ts";
export {
  collectWaivers,
  RULE_SETTINGS,
  WAIVER_MARKER,
  Waivers,
} from "./src/pipeline/waivers.ts";
export type {
  CollectWaiversOptions,
  RuleSetting,
} from "./src/pipeline/waivers.ts";
