/**
 * `docs/rules.md`, generated from the rule catalogue: one `## <rule-id>`
 * section per rule, which SARIF's `helpUri` links to.
 *
 * @module
 */
import { RULE_CATALOGUE } from "./catalogue.ts";
import type { RuleInfo } from "./rule_info.ts";

/** The command that regenerates `docs/rules.md`. */
export const RULES_MARKDOWN_COMMAND = "deno task docs:rules";

/** Escapes what Markdown would read as HTML, emphasis or an escape. */
function escapeText(text: string): string {
  return text.replace(/[\\<>*]/g, (char) => `\\${char}`);
}

/** Escapes what Markdown would read as markup or a table cell break. */
function escapeCell(text: string): string {
  return escapeText(text).replaceAll("|", "\\|");
}

function section(rule: RuleInfo): string {
  const facts = [
    `**Severity:** ${rule.severity}`,
    `**Reported by:** ${
      (rule.commands ?? []).map((command) => `\`${command}\``).join(", ")
    }`,
    `**Tags:** ${(rule.tags ?? []).join(", ")}`,
    `**Waivable:** ${rule.waivable === false ? "no" : "yes"}`,
  ];
  return [
    `## ${rule.id}`,
    "",
    facts.join(" · "),
    "",
    `**What it checks:** ${escapeText(rule.description)}.`,
    "",
    `**Why:** ${rule.why ?? ""}`,
    "",
    `**How to fix:** ${rule.fix ?? ""}`,
    "",
  ].join("\n");
}

/**
 * Renders `docs/rules.md` from the catalogue.
 *
 * @param rules The rules, sorted by id. @default {RULE_CATALOGUE}
 * @returns The Markdown text, LF-terminated.
 */
export function rulesMarkdown(
  rules: readonly RuleInfo[] = RULE_CATALOGUE,
): string {
  const head = [
    "# Rules",
    "",
    `<!-- Generated from src/catalogue/catalogue.ts and src/catalogue/rule_docs.ts by \`${RULES_MARKDOWN_COMMAND}\`: edit those, not this file. -->`,
    "",
    "Every finding names its rule in brackets, such as `[expires-too-long]`, and",
    "links here from SARIF reports (GitHub code scanning shows the section as the",
    "rule's help). Errors fail the run; warnings do too with `--fail-on warning`.",
    "A waivable rule's findings can be waived with a `# osslinks-ignore: <rule>`",
    "comment, the manifest's `rules:` section or `--ignore <rule>` (see",
    "[Waivers](../README.md#waivers)).",
    "",
    "| rule | severity | what it checks |",
    "| --- | --- | --- |",
    ...rules.map((rule) =>
      `| [\`${rule.id}\`](#${rule.id}) | ${rule.severity} | ${
        escapeCell(rule.description)
      } |`
    ),
    "",
  ];
  return [...head, ...rules.map(section)].join("\n");
}
