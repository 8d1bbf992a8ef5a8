/**
 * Every rule id the source can put in a finding is in the catalogue: a scan
 * of src/ for the ids written into findings (`rule: "…"`, `RULE = "…"`), so
 * that a new code cannot be emitted without its documentation, its SARIF
 * entry and its README row.
 */
import assert from "node:assert/strict";
import { RULE_CATALOGUE } from "../../src/catalogue/catalogue.ts";

const SRC = new URL("../../src/", import.meta.url);

async function* sourceFiles(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory) yield* sourceFiles(new URL(`${entry.name}/`, dir));
    else if (entry.name.endsWith(".ts")) yield new URL(entry.name, dir);
  }
}

Deno.test("every rule id written into a finding in src/ is in the catalogue", async () => {
  const catalogued = new Set(RULE_CATALOGUE.map((rule) => rule.id));
  const emitted = new Map<string, string>();
  for await (const file of sourceFiles(SRC)) {
    const text = await Deno.readTextFile(file);
    // JSDoc examples are not findings.
    const code = text.replace(/\/\*\*[\s\S]*?\*\//g, "");
    for (
      const [, id = ""] of code.matchAll(
        /(?:\brule: |\bRULE = )"([a-z0-9]+(?:-[a-z0-9]+)+)"/g,
      )
    ) {
      emitted.set(id, file.pathname.slice(SRC.pathname.length));
    }
  }
  assert.ok(emitted.size >= 10, `the scan finds rule ids (${emitted.size})`);
  const missing = [...emitted].filter(([id]) => !catalogued.has(id))
    .map(([id, file]) => `${id} (${file})`);
  assert.deepEqual(missing, []);
});
