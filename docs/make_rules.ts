/**
 * Writes `docs/rules.md` from the rule catalogue (`deno task docs:rules`);
 * `tests/catalogue/rules_doc_test.ts` fails when the file and the catalogue differ.
 *
 * @module
 */
import { rulesMarkdown } from "../src/catalogue/rules_markdown.ts";

if (import.meta.main) {
  await Deno.writeTextFile(
    new URL("./rules.md", import.meta.url),
    rulesMarkdown(),
  );
}
