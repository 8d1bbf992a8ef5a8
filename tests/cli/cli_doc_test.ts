/**
 * `docs/cli.md` and the README's command table are what the command specs
 * make (`deno task docs:cli` regenerates both).
 */
import assert from "node:assert/strict";
import {
  CLI_MARKDOWN_COMMAND,
  cliMarkdown,
  commandTableRows,
  README_TABLE_END,
  README_TABLE_START,
  withCommandTable,
} from "../../src/cli/cli_markdown.ts";
import { COMMAND_SPECS, MAIN_HELP } from "../../src/cli/main.ts";

const CLI_MD = new URL("../../docs/cli.md", import.meta.url);
const README = new URL("../../README.md", import.meta.url);

/** The cells of a Markdown table row, trimmed; `\|` stays in its cell. */
function cells(row: string): string[] {
  return row.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim());
}

Deno.test("docs/cli.md is what the command specs make", async () => {
  const committed = await Deno.readTextFile(CLI_MD);
  const generated = cliMarkdown(MAIN_HELP, COMMAND_SPECS);
  if (committed === generated) return;
  const got = committed.split("\n");
  const want = generated.split("\n");
  const line = want.findIndex((text, index) => text !== got[index]);
  assert.fail(
    `docs/cli.md is out of date at line ${line + 1}:\n` +
      `  file:  ${JSON.stringify(got[line])}\n` +
      `  specs: ${JSON.stringify(want[line])}\n` +
      `Regenerate it with ${CLI_MARKDOWN_COMMAND}`,
  );
});

Deno.test("the README's command table is what the command specs make", async () => {
  const readme = await Deno.readTextFile(README);
  const start = readme.indexOf(README_TABLE_START);
  const end = readme.indexOf(README_TABLE_END);
  assert.ok(start !== -1 && end > start, "README.md has no command table");
  const rows = readme.slice(start, end).split("\n")
    .filter((line) => line.startsWith("|")).map(cells);
  assert.deepEqual(rows[0], ["command", "does"]);
  assert.ok(rows[1]?.every((cell) => /^-{3,}$/.test(cell)));
  assert.deepEqual(
    rows.slice(2),
    commandTableRows(COMMAND_SPECS),
    `README.md's command table is out of date: regenerate it with ${CLI_MARKDOWN_COMMAND}`,
  );
  assert.ok(readme.includes("](docs/cli.md)"), "README links docs/cli.md");
});

Deno.test("withCommandTable replaces only its region, and needs the markers", () => {
  const text =
    `before\n${README_TABLE_START}\nold\n${README_TABLE_END}\nafter\n`;
  const replaced = withCommandTable(text, COMMAND_SPECS);
  assert.ok(replaced.startsWith(`before\n${README_TABLE_START}\n`));
  assert.ok(replaced.endsWith(`${README_TABLE_END}\nafter\n`));
  assert.ok(!replaced.includes("\nold\n"));
  assert.ok(replaced.includes("| `sign <manifest\\|->` |"));
  assert.throws(
    () => withCommandTable("no markers", COMMAND_SPECS),
    /README\.md has no/,
  );
});
