/**
 * Golden-file assertions for the output formats. Run the tests with
 * `UPDATE_GOLDEN=1` to rewrite the files, then review the diff.
 *
 * @module
 */
import assert from "node:assert/strict";

/** The folder of the output golden files. */
export const GOLDEN_DIR: URL = new URL("./fixtures/output/", import.meta.url);

/**
 * Asserts that `actual` equals the golden file `name` (in `options.dir`,
 * else {@linkcode GOLDEN_DIR}) byte for byte; on a mismatch the message
 * names the first differing line.
 */
export async function assertGolden(
  actual: string,
  name: string,
  options: { readonly dir?: URL } = {},
): Promise<void> {
  const file = new URL(name, options.dir ?? GOLDEN_DIR);
  if (Deno.env.get("UPDATE_GOLDEN") === "1") {
    await Deno.writeTextFile(file, actual);
    return;
  }
  const expected = await Deno.readTextFile(file);
  if (actual === expected) return;
  const got = actual.split("\n");
  const want = expected.split("\n");
  const line = got.findIndex((text, index) => text !== want[index]);
  const at = line === -1 ? want.length : line;
  assert.fail(
    `Output differs from golden file "${name}" at line ${at + 1}:\n` +
      `  expected: ${JSON.stringify(want[at])}\n` +
      `  actual:   ${JSON.stringify(got[at])}\n` +
      "Run with UPDATE_GOLDEN=1 to accept the new output",
  );
}
