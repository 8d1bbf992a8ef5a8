import assert from "node:assert/strict";
import {
  RULE_CATALOGUE,
  RULES_DOC_URL,
} from "../../src/catalogue/catalogue.ts";
import { RULE_DOCS } from "../../src/catalogue/rule_docs.ts";
import {
  RULES_MARKDOWN_COMMAND,
  rulesMarkdown,
} from "../../src/catalogue/rules_markdown.ts";

const RULES_MD = new URL("../../docs/rules.md", import.meta.url);

Deno.test("docs/rules.md is what rulesMarkdown() makes from the catalogue", async () => {
  const committed = await Deno.readTextFile(RULES_MD);
  const generated = rulesMarkdown();
  if (committed === generated) return;
  const got = committed.split("\n");
  const want = generated.split("\n");
  const line = want.findIndex((text, index) => text !== got[index]);
  assert.fail(
    `docs/rules.md is out of date at line ${line + 1}:\n` +
      `  file:      ${JSON.stringify(got[line])}\n` +
      `  catalogue: ${JSON.stringify(want[line])}\n` +
      `Regenerate it with ${RULES_MARKDOWN_COMMAND}`,
  );
});

Deno.test("docs/rules.md has one section per catalogue rule, where helpUri points", async () => {
  const text = await Deno.readTextFile(RULES_MD);
  const headings = [...text.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
  assert.deepEqual(headings, RULE_CATALOGUE.map((rule) => rule.id));
  for (const rule of RULE_CATALOGUE) {
    // GitHub's anchor for "## <id>" is the id itself: ids are [a-z0-9-].
    assert.match(rule.id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    assert.equal(rule.helpUri, `${RULES_DOC_URL}#${rule.id}`);
  }
});

Deno.test("every catalogue rule is documented, and only those", () => {
  const ids = RULE_CATALOGUE.map((rule) => rule.id);
  assert.deepEqual(Object.keys(RULE_DOCS).sort(), [...ids].sort());
  for (const rule of RULE_CATALOGUE) {
    assert.ok((rule.why ?? "").length > 20, `${rule.id}: why`);
    assert.ok((rule.fix ?? "").length > 10, `${rule.id}: fix`);
    assert.ok((rule.tags ?? []).length > 0, `${rule.id}: tags`);
    assert.ok((rule.commands ?? []).length > 0, `${rule.id}: commands`);
    assert.ok(
      !rule.tags!.includes("osslinks"),
      `${rule.id}: osslinks is added`,
    );
    // GitHub code scanning reads security-severity on security rules only.
    const security = rule.tags!.includes("security");
    assert.equal(
      rule.securitySeverity !== undefined,
      security,
      `${rule.id}: security-severity exactly on security rules`,
    );
    if (security) {
      assert.ok(rule.securitySeverity! > 0 && rule.securitySeverity! <= 10);
    }
  }
});
