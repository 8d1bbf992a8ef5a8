/**
 * The documentation of a rule beyond its one-line description: the text of
 * `docs/rules.md` and of SARIF's rule help.
 *
 * @module
 */

/** The documentation of one rule, beyond its one-line description. */
export interface RuleDoc {
  /** Why the rule exists: what breaks, for whom, when it is ignored. */
  readonly why: string;
  /** How to fix a finding. */
  readonly fix: string;
  /**
   * Topic tags for SARIF's `properties.tags` (`osslinks` is added to all);
   * `security` marks the rules whose findings are security issues.
   */
  readonly tags: readonly string[];
  /**
   * GitHub code scanning's `security-severity` (0.0–10.0) for a
   * `security` rule.
   */
  readonly securitySeverity?: number;
}
