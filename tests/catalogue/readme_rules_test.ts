import assert from "node:assert/strict";
import { RULE_CATALOGUE } from "../../src/catalogue/catalogue.ts";

const README = new URL("../../README.md", import.meta.url);

/** Escapes what Markdown would read as HTML, a cell break or an escape. */
function escapeCell(text: string): string {
  return text.replace(/[\\|<>]/g, (char) => `\\${char}`);
}

/** The cells of a Markdown table row, trimmed; `\|` stays in its cell. */
function cells(row: string): string[] {
  return row.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim());
}

/** The cells of the README's "## Rules" table, header excluded. */
function readmeRuleRows(text: string): string[][] {
  const section = text.split(/^## /m).find((part) =>
    part.startsWith("Rules\n")
  );
  assert.ok(section, 'README.md has no "## Rules" section');
  const rows = section.split("\n").filter((line) => line.startsWith("|"))
    .map(cells);
  assert.deepEqual(rows[0], ["rule", "severity", "what it checks"]);
  assert.ok(rows[1]?.every((cell) => /^-{3,}$/.test(cell)));
  return rows.slice(2);
}

Deno.test("README.md lists exactly the rules of RULE_CATALOGUE with their severities", () => {
  const rows = readmeRuleRows(Deno.readTextFileSync(README));
  const expected = RULE_CATALOGUE.map((rule) => [
    `\`${rule.id}\``,
    rule.severity,
    escapeCell(rule.description),
  ]);
  assert.deepEqual(
    rows.map((row) => row.slice(0, 2)),
    expected.map((row) => row.slice(0, 2)),
    "rule ids or severities differ",
  );
  assert.deepEqual(
    rows,
    expected,
    "The README's rule descriptions differ from RULE_CATALOGUE; the rows are:\n" +
      expected.map((row) => `| ${row.join(" | ")} |`).join("\n") +
      "\n(run deno fmt on the table afterwards)",
  );
});
