/**
 * Findings as data: one `Diagnostic` shape for every rule, the YAML parser,
 * the bucket checks and input errors.
 *
 * @module
 */

/** How bad a finding is. `--fail-on` compares against it. */
export type Severity = "error" | "warning";

/** A place in a source file. */
export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in Unicode code points. */
  readonly column: number;
  /** 0-based UTF-16 offset into the source text. */
  readonly offset: number;
}

/** A span of a source file; `end` is exclusive. */
export interface Range {
  /** Where the span starts. */
  readonly start: Position;
  /** Where the span ends (exclusive). */
  readonly end: Position;
}

/** How a finding was waived: it stays in JSON and SARIF, marked so. */
export interface Suppression {
  /**
   * SARIF's suppression kind: `inSource` for a waiver written in the
   * manifest (a `# osslinks-ignore` comment or the `rules:` section),
   * `external` for one given outside it (`--ignore`).
   */
  readonly kind: "inSource" | "external";
  /** Which waiver: a comment, the manifest's `rules:` or `--ignore`. */
  readonly via: "comment" | "rules" | "flag";
  /** The reason written with the waiver, if any. */
  readonly reason?: string | undefined;
  /** Where the waiver is written (in the manifest), when it is. */
  readonly at?: { readonly file: string; readonly range: Range } | undefined;
}

/** One finding. */
export interface Diagnostic {
  /** The stable kebab-case rule id, for example `expires-too-long`. */
  readonly rule: string;
  /** The severity, set when the finding is made. */
  readonly severity: Severity;
  /** What is wrong, in sentence case without a final period. */
  readonly message: string;
  /** The file the finding is in (`-` or `<stdin>` for standard input). */
  readonly file: string;
  /** Where in the file; absent when the finding is about the whole file. */
  readonly range?: Range | undefined;
  /** A suggestion, for example "did you mean …". */
  readonly hint?: string | undefined;
  /** The source line may hold a secret: reports must not quote it. */
  readonly sensitive?: boolean | undefined;
  /**
   * The YAML path of the manifest node at fault, when the finding is about
   * one: waivers above an entry match it, and SARIF fingerprints hash it.
   */
  readonly path?: readonly PropertyKey[] | undefined;
  /** Set when a waiver applies: the finding neither counts nor fails. */
  readonly suppressed?: Suppression | undefined;
}

/** Severities from the least to the most severe. */
const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  warning: 1,
  error: 2,
};

/**
 * Tells whether a severity is at or above a threshold.
 *
 * @example Usage
 * ```ts
 * import { isAtLeast } from "@osslinks/osslinks";
 *
 * if (!isAtLeast("error", "warning") || isAtLeast("warning", "error")) {
 *   throw new Error("an error is at least a warning, not the reverse");
 * }
 * ```
 * @param severity The finding's severity.
 * @param threshold The `--fail-on` level.
 * @returns `true` when the finding should fail the run.
 */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/**
 * Orders diagnostics by file, line, column, rule, then message, so output
 * does not depend on the order rules ran in.
 *
 * @example Usage
 * ```ts
 * import { compareDiagnostics, type Diagnostic } from "@osslinks/osslinks";
 *
 * const at = (line: number) => ({ line, column: 1, offset: line * 10 });
 * const found: Diagnostic[] = [
 *   { rule: "b", severity: "error", message: "later", file: "links.yaml", range: { start: at(9), end: at(9) } },
 *   { rule: "a", severity: "warning", message: "first", file: "links.yaml", range: { start: at(2), end: at(2) } },
 * ];
 * found.sort(compareDiagnostics);
 * if (found[0]!.message !== "first") throw new Error("sorted by position");
 * ```
 * @param a One diagnostic.
 * @param b The other.
 * @returns A negative, zero or positive number, for `Array.prototype.sort`.
 */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return compareText(a.file, b.file) ||
    (a.range?.start.offset ?? -1) - (b.range?.start.offset ?? -1) ||
    compareText(a.rule, b.rule) || compareText(a.message, b.message);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Tells whether a finding fails a run: it is at or above the threshold and
 * no waiver applies to it.
 *
 * @example Usage
 * ```ts
 * import { fails, validateManifest } from "@osslinks/osslinks";
 *
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt, expires: 0s}]\n";
 * const { diagnostics } = validateManifest(new TextEncoder().encode(text), {
 *   now: new Date("2026-11-28T09:00:00Z"),
 * });
 * if (!diagnostics.some((d) => fails(d, "error"))) throw new Error("expires: 0s fails");
 * ```
 * @param diagnostic The finding.
 * @param threshold The `--fail-on` level.
 * @returns `true` when the finding should fail the run.
 */
export function fails(diagnostic: Diagnostic, threshold: Severity): boolean {
  return diagnostic.suppressed === undefined &&
    isAtLeast(diagnostic.severity, threshold);
}

/** Counts of diagnostics per severity. */
export interface SeverityCounts {
  /** Number of errors, waived ones not counted. */
  readonly error: number;
  /** Number of warnings, waived ones not counted. */
  readonly warning: number;
  /** Number of waived findings, whatever their severity. */
  readonly waived: number;
}

/**
 * Counts diagnostics per severity; waived ones are counted apart.
 *
 * @example Usage
 * ```ts
 * import { countBySeverity, validateManifest } from "@osslinks/osslinks";
 *
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou, https: false}\nobjects: [{key: a.txt}]\n";
 * const { diagnostics } = validateManifest(new TextEncoder().encode(text));
 * const counts = countBySeverity(diagnostics);
 * if (counts.error !== 0 || counts.warning !== 1) throw new Error(JSON.stringify(counts));
 * ```
 * @param diagnostics The findings.
 * @returns The number of errors, warnings and waived findings.
 */
export function countBySeverity(
  diagnostics: readonly Diagnostic[],
): SeverityCounts {
  let error = 0;
  let warning = 0;
  let waived = 0;
  for (const diagnostic of diagnostics) {
    if (diagnostic.suppressed !== undefined) waived++;
    else if (diagnostic.severity === "error") error++;
    else warning++;
  }
  return { error, warning, waived };
}
