/**
 * The rules about waivers, and the rules no waiver may name.
 *
 * @module
 */
import type { Severity } from "../diagnostic.ts";

/** A waiver names a rule osslinks does not have, or none. */
export const WAIVER_UNKNOWN_RULE = "waiver-unknown-rule";
/** A waiver names a rule that cannot be waived. */
export const WAIVER_NOT_ALLOWED = "waiver-not-allowed";

/** The waiver rules' ids, severities and descriptions. */
export const WAIVER_RULES: readonly {
  readonly id: string;
  readonly severity: Severity;
  readonly description: string;
}[] = [
  {
    id: WAIVER_NOT_ALLOWED,
    severity: "error",
    description:
      "Waivers do not name a rule whose findings mean the input was not checked (the input, YAML and schema rules, object-selector, list-unreadable), a link cannot be signed (expires-format, -not-positive, -too-long, filename-unsafe) or a credential is in the manifest, nor a waiver rule",
  },
  {
    id: WAIVER_UNKNOWN_RULE,
    severity: "error",
    description:
      "Waivers (# osslinks-ignore comments, --ignore, the rules: section) name rules of the catalogue (with a did-you-mean for typos)",
  },
];

/**
 * The rules no waiver may name, and why, completing "its findings mean …".
 */
export const UNWAIVABLE_REASONS: ReadonlyMap<string, string> = new Map(
  [
    ...[
      "input-encoding",
      "input-too-large",
      "list-unreadable",
      "object-selector",
      "schema-missing",
      "schema-type",
      "schema-unknown-key",
      "schema-value",
      "yaml-alias",
      "yaml-empty",
      "yaml-syntax",
    ].map((id) => [id, "that the input was not checked"] as const),
    ...[
      "expires-format",
      "expires-not-positive",
      "expires-too-long",
      "filename-unsafe",
    ].map((id) => [id, "that the link cannot be signed"] as const),
    [
      "secret-in-manifest",
      "that a credential is in the manifest, where it never belongs",
    ] as const,
    ...[WAIVER_NOT_ALLOWED, WAIVER_UNKNOWN_RULE].map((id) =>
      [id, "that a waiver is wrong, which no waiver can hide"] as const
    ),
  ].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0),
);

/** The rules no waiver may name. */
export const UNWAIVABLE_RULES: ReadonlySet<string> = new Set(
  UNWAIVABLE_REASONS.keys(),
);
