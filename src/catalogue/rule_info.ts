/**
 * The public description of a rule, as the catalogue lists it.
 *
 * @module
 */
import type { Severity } from "../diagnostic.ts";

/** The commands that report findings. */
export type ReportingCommand =
  | "validate"
  | "check"
  | "snapshot"
  | "sign"
  | "inspect"
  | "emulator";

/**
 * A rule's default severity: a diagnostic's, or `info`, which only
 * `osslinks inspect` reports (SARIF level `note`).
 */
export type RuleSeverity = Severity | "info";

/** A rule's public description. */
export interface RuleInfo {
  /** The stable kebab-case id. */
  readonly id: string;
  /** The default severity. */
  readonly severity: RuleSeverity;
  /** What it checks. */
  readonly description: string;
  /** Why it exists: what breaks, for whom. */
  readonly why?: string | undefined;
  /** How to fix a finding. */
  readonly fix?: string | undefined;
  /** Topic tags; `security` marks security issues. */
  readonly tags?: readonly string[] | undefined;
  /** GitHub code scanning's `security-severity` (0.0–10.0). */
  readonly securitySeverity?: number | undefined;
  /** Where the rule is documented. */
  readonly helpUri?: string | undefined;
  /** The commands whose reports can hold its findings. */
  readonly commands?: readonly ReportingCommand[] | undefined;
  /** Whether a waiver may name it. @default {true} */
  readonly waivable?: boolean | undefined;
}
