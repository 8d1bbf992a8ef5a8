/**
 * Every rule osslinks reports, for the README's rule table, SARIF,
 * `docs/rules.md`, the names waivers may use, and the tests that keep them
 * in step.
 *
 * @module
 */
import { CHECK_RULES } from "../check/rules/mod.ts";
import { STRUCTURE_RULES } from "../rules/structure.ts";
import { MANIFEST_RULES } from "../rules/mod.ts";
import { RULE_DOCS } from "./rule_docs.ts";
import type { ReportingCommand, RuleInfo } from "./rule_info.ts";
import { UNWAIVABLE_RULES, WAIVER_RULES } from "../rules/waiver_rules.ts";
import { INSPECT_RULES, SHARED_INSPECT_CODES } from "./inspect_rules.ts";
import {
  SECRET_IN_MANIFEST,
  SECRET_IN_MANIFEST_DESCRIPTION,
} from "../rules/secret_in_manifest.ts";

/**
 * The rules' documentation page; each rule has a section `#<rule-id>`.
 *
 * @example Link a rule to its documentation
 * ```ts
 * import { RULE_CATALOGUE, RULES_DOC_URL } from "@osslinks/osslinks/report";
 *
 * const rule = RULE_CATALOGUE.find((rule) => rule.id === "bucket-name");
 * if (rule?.helpUri !== `${RULES_DOC_URL}#bucket-name`) {
 *   throw new Error(`bucket-name is documented elsewhere: ${rule?.helpUri}`);
 * }
 * ```
 */
export const RULES_DOC_URL =
  "https://github.com/osslinks/osslinks/blob/main/docs/rules.md";

const ALL: readonly ReportingCommand[] = [
  "validate",
  "check",
  "snapshot",
  "sign",
];
const LISTS: readonly ReportingCommand[] = [
  "validate",
  "check",
  "snapshot",
  "sign",
];

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

/** The rules of what the manifest's entries expand to. */
const LIST_RULES: readonly RuleInfo[] = [
  {
    id: "list-entry-invalid",
    severity: "error",
    description:
      "Each line of a list: file is a key, or an NDJSON object with key and optionally id, filename and disposition",
    commands: LISTS,
  },
  {
    id: "list-unreadable",
    severity: "error",
    description:
      "Every list: file can be read as UTF-8 text (its path is relative to the manifest's folder)",
    commands: LISTS,
  },
  {
    id: "prefix-needs-listing",
    severity: "error",
    description:
      "sign expands prefix: entries only with a listing of the bucket (--live)",
    commands: ["sign"],
  },
];

// --- osslinks inspect -----------------------------------------------------
// Inspect's own codes are rules of their own (no waiver reaches them: inspect
// reads no manifest); the codes it shares with manifest rules add "inspect"
// to those rules' commands.

const SHARED_WITH_INSPECT: ReadonlySet<string> = new Set(SHARED_INSPECT_CODES);

function withInspect(rule: RuleInfo): RuleInfo {
  return SHARED_WITH_INSPECT.has(rule.id)
    ? { ...rule, commands: [...(rule.commands ?? ALL), "inspect"] }
    : rule;
}

// --- end of osslinks inspect -----------------------------------------------

/** The rules of `sign --probe`: how each signed link really answers. */
const PROBE_RULES: readonly RuleInfo[] = [
  {
    id: "probe-content-type",
    severity: "error",
    description:
      "sign --probe: each link is served with its declared response.content-type, and an inline link with a type browsers display",
    commands: ["sign"],
  },
  {
    id: "probe-disposition",
    severity: "error",
    description:
      "sign --probe: each link opens as declared, inline or as an attachment (its Content-Disposition type)",
    commands: ["sign"],
  },
  {
    id: "probe-filename",
    severity: "error",
    description:
      "sign --probe: each link names the declared filename (Content-Disposition filename*, else filename), or the key's last segment for an attachment",
    commands: ["sign"],
  },
  {
    id: "probe-status",
    severity: "error",
    description:
      "sign --probe: each link answers 200 (206 to the probe's one-byte GET), not an error such as 404 NoSuchKey or 403 AccessDenied",
    commands: ["sign"],
  },
];

/**
 * Every rule, sorted by id, with its documentation.
 *
 * @example Look up the rule of a finding
 * ```ts
 * import { RULE_CATALOGUE } from "@osslinks/osslinks/report";
 *
 * const rule = RULE_CATALOGUE.find((rule) => rule.id === "expires-not-positive");
 * if (rule?.severity !== "error" || rule.fix === undefined) {
 *   throw new Error(`expires-not-positive should be an error with a fix: ${JSON.stringify(rule)}`);
 * }
 * const ids = RULE_CATALOGUE.map((rule) => rule.id);
 * if (ids.join() !== [...ids].sort().join()) throw new Error("the catalogue is sorted by id");
 * ```
 */
export const RULE_CATALOGUE: readonly RuleInfo[] = ([
  ...INPUT_RULES,
  ...STRUCTURE_RULES.map((rule) => ({ ...rule, severity: "error" as const })),
  {
    id: SECRET_IN_MANIFEST,
    severity: "error" as const,
    description: SECRET_IN_MANIFEST_DESCRIPTION,
  },
  ...MANIFEST_RULES.map(({ id, severity, description }) => ({
    id,
    severity,
    description,
  })),
  ...CHECK_RULES.map(({ id, severity, description }) => ({
    id,
    severity,
    description,
    commands: ["check"] as const,
  })),
  ...LIST_RULES,
  ...PROBE_RULES,
  {
    id: "emulator-config",
    severity: "error",
    description:
      "The emulator's config file is valid YAML of the documented shape (docs/emulator.md): known keys, right types, real dates",
    commands: ["emulator"],
    waivable: false,
  },
  ...WAIVER_RULES,
  ...INSPECT_RULES,
] satisfies RuleInfo[]).map(withInspect).map((rule): RuleInfo => ({
  commands: ALL,
  ...rule,
  waivable: rule.waivable ?? !UNWAIVABLE_RULES.has(rule.id),
  ...RULE_DOCS[rule.id],
  helpUri: `${RULES_DOC_URL}#${rule.id}`,
})).sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
