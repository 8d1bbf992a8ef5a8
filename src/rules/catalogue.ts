/**
 * Every rule osslinks reports, for the README's rule table, SARIF and the
 * tests that keep them in step.
 *
 * @module
 */
import { CHECK_RULES } from "../check/rules/mod.ts";
import type { Severity } from "../diagnostic.ts";
import { STRUCTURE_RULES } from "../manifest/structure.ts";
import { MANIFEST_RULES } from "./mod.ts";
import {
  SECRET_IN_MANIFEST,
  SECRET_IN_MANIFEST_DESCRIPTION,
} from "./secret_in_manifest.ts";

/** A rule's public description. */
export interface RuleInfo {
  /** The stable kebab-case id. */
  readonly id: string;
  /** The default severity. */
  readonly severity: Severity;
  /** What it checks. */
  readonly description: string;
}

const INPUT_RULES: readonly RuleInfo[] = [
  {
    id: "input-encoding",
    severity: "error",
    description: "The manifest is UTF-8 (a BOM is accepted)",
  },
  {
    id: "input-too-large",
    severity: "error",
    description:
      "The manifest is within the size limit (--max-bytes, 64 MiB by default)",
  },
  {
    id: "yaml-alias",
    severity: "error",
    description:
      "Aliases are not cyclic and do not expand the document past a bound (alias bombs)",
  },
  {
    id: "yaml-empty",
    severity: "error",
    description: "The manifest is not empty",
  },
  {
    id: "yaml-syntax",
    severity: "error",
    description:
      "The manifest is one well-formed YAML document without duplicate keys",
  },
];

/** Every manifest rule, sorted by id. */
export const RULE_CATALOGUE: readonly RuleInfo[] = ([
  ...INPUT_RULES,
  ...STRUCTURE_RULES.map((rule) => ({ ...rule, severity: "error" as const })),
  {
    id: SECRET_IN_MANIFEST,
    severity: "error" as const,
    description: SECRET_IN_MANIFEST_DESCRIPTION,
  },
  ...[...MANIFEST_RULES, ...CHECK_RULES].map((
    { id, severity, description },
  ) => ({ id, severity, description })),
] satisfies RuleInfo[]).sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
