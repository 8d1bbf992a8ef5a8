/**
 * The one collector of findings: each becomes a located diagnostic once per
 * rule, path, target and message; values that look like secrets are kept out
 * of every message, and a line that holds one is never quoted.
 *
 * @module
 */
import {
  compareDiagnostics,
  type Diagnostic,
  type Severity,
} from "../diagnostic.ts";
import { findingDiagnostic, type FindingPlace } from "./finding_diagnostic.ts";
import type { Finding } from "./rule.ts";

/** Collects findings as diagnostics of one manifest. */
export class FindingCollector {
  readonly #place: FindingPlace;
  readonly #seen = new Set<string>();
  readonly #diagnostics: Diagnostic[] = [];
  readonly #hidden: string[] = [];

  /**
   * Starts an empty collection.
   *
   * @param place The manifest's file name and how to locate its paths.
   */
  constructor(place: Omit<FindingPlace, "redact">) {
    this.#place = { ...place, redact: (text) => this.#redact(text) };
  }

  /**
   * Keeps `value` out of every message and hint collected after this.
   *
   * @param value A secret-looking value of the manifest.
   */
  hide(value: string): void {
    if (value !== "") this.#hidden.push(value);
  }

  #redact(text: string): string {
    return this.#hidden.reduce(
      (out, value) => out.replaceAll(value, "…"),
      text,
    );
  }

  /**
   * Adds a finding, unless the same one is already in.
   *
   * @param rule The rule id.
   * @param severity The severity.
   * @param finding The finding.
   */
  add(rule: string, severity: Severity, finding: Finding): void {
    const key = [
      rule,
      finding.path.map(String).join("\u0001"),
      finding.target ?? "value",
      finding.message,
    ].join("\u0000");
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#diagnostics.push(
      findingDiagnostic(rule, severity, finding, this.#place),
    );
  }

  /**
   * The diagnostics in report order; any on a line that holds a secret is
   * marked sensitive, so that no report quotes the line.
   *
   * @returns The diagnostics, sorted.
   */
  sorted(): Diagnostic[] {
    const lines = new Set(
      this.#diagnostics.filter((d) => d.sensitive).map((d) =>
        d.range?.start.line
      ),
    );
    return this.#diagnostics.map((d) =>
      !d.sensitive && d.range !== undefined && lines.has(d.range.start.line)
        ? { ...d, sensitive: true }
        : d
    ).sort(compareDiagnostics);
  }
}
