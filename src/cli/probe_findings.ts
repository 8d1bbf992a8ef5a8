/**
 * The findings of `sign --probe` as the report shows them: located in the
 * manifest, waived as they come, the first 100 by link position kept one by
 * one (whichever probe finishes first) and the rest counted per rule, so
 * that a million broken links do not fill memory or the report.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostic.ts";
import type { RuleFinding } from "../rules/structure.ts";
import type { ValidationResult } from "../pipeline/validate.ts";
import { plural } from "./report.ts";
import { findingDiagnostic } from "../rules/finding_diagnostic.ts";

/** The most probe findings reported one by one. */
export const MAX_PROBE_FINDINGS = 100;

interface Kept {
  readonly position: number;
  readonly diagnostic: Diagnostic;
}

/** Collects probe findings; see the module doc. */
export class ProbeFindings {
  readonly #file: string;
  readonly #validation: ValidationResult;
  readonly #max: number;
  #kept: Kept[] = [];
  /** Findings left out that count (not waived), per rule: how many, how severe. */
  readonly #omitted = new Map<
    string,
    { count: number; severity: Diagnostic["severity"] }
  >();

  /**
   * Starts an empty collection.
   *
   * @param file The manifest's name in reports.
   * @param validation The manifest's validation (positions, waivers).
   * @param max The most findings kept one by one.
   */
  constructor(
    file: string,
    validation: ValidationResult,
    max: number = MAX_PROBE_FINDINGS,
  ) {
    this.#file = file;
    this.#validation = validation;
    this.#max = max;
  }

  /**
   * Adds a finding.
   *
   * @param finding The finding, at a manifest path.
   * @param position The link's 0-based position in the batch.
   */
  add(finding: RuleFinding, position: number): void {
    const [diagnostic] = this.#validation.waivers.apply([
      findingDiagnostic(finding.rule, "error", finding, {
        file: this.#file,
        locate: this.#validation.locate,
      }),
    ]);
    this.#kept.push({ position, diagnostic: diagnostic! });
    if (this.#kept.length >= 2 * this.#max) this.#trim();
  }

  /** Keeps the first `max` by position; counts the others. */
  #trim(): void {
    this.#kept.sort((a, b) =>
      a.position - b.position ||
      (a.diagnostic.rule < b.diagnostic.rule ? -1 : 1)
    );
    for (const { diagnostic } of this.#kept.splice(this.#max)) {
      if (diagnostic.suppressed !== undefined) continue;
      const omitted = this.#omitted.get(diagnostic.rule);
      if (omitted === undefined) {
        this.#omitted.set(diagnostic.rule, {
          count: 1,
          severity: diagnostic.severity,
        });
      } else omitted.count++;
    }
  }

  /**
   * The findings to report: those kept, and one per rule that counts the
   * ones left out.
   *
   * @returns The diagnostics.
   */
  diagnostics(): Diagnostic[] {
    this.#trim();
    const counted = [...this.#omitted].sort(([a], [b]) => a < b ? -1 : 1)
      .map(([rule, { count, severity }]): Diagnostic => ({
        rule,
        severity,
        message: `${
          plural(count, `more ${rule} finding`)
        } not shown (the first ${this.#max} probe findings are)`,
        file: this.#file,
      }));
    return [...this.#kept.map((kept) => kept.diagnostic), ...counted];
  }
}
