/**
 * The bucket checks on fixtures: each folder of `tests/fixtures/check/`
 * holds a manifest (`links.yaml`, with any list files), a bucket snapshot
 * (`snapshot.json`) and the expected one-line findings (`expected.out`) of
 * `check --snapshot`, validate rules included. Run with `UPDATE_GOLDEN=1`
 * to rewrite the expected files, then review the diff.
 */
import assert from "node:assert/strict";
import { checkCommand } from "../../src/cli/commands/check.ts";
import { CHECK_RULES } from "../../src/check/rules/mod.ts";
import { fakeIo, jsonDiagnostics } from "../_fake_io.ts";

const ROOT = new URL("../fixtures/check/", import.meta.url);
const NOW = "2026-11-28T09:00:00Z";

/** Runs `check --snapshot` on a fixture folder; returns one line per finding. */
async function runFixture(
  name: string,
): Promise<{ code: number; out: string }> {
  const dir = new URL(`${name}/`, ROOT).pathname;
  const fake = fakeIo({ disk: true });
  const code = await checkCommand([
    `${dir}links.yaml`,
    "--snapshot",
    `${dir}snapshot.json`,
    "--now",
    NOW,
    "--report",
    "json",
  ], fake.io);
  const out = jsonDiagnostics(fake.stderr()).map((d) =>
    `${
      d.file.replace(dir, "")
    }:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.rule}]\n`
  ).join("");
  return { code, out };
}

const fixtures = [...Deno.readDirSync(ROOT)]
  .filter((entry) => entry.isDirectory)
  .map((entry) => entry.name)
  .sort();

Deno.test("check rules match their fixtures", async (t) => {
  for (const name of fixtures) {
    await t.step(name, async () => {
      const { code, out } = await runFixture(name);
      const file = new URL(`${name}/expected.out`, ROOT);
      if (Deno.env.get("UPDATE_GOLDEN") === "1") {
        await Deno.writeTextFile(file, out);
        return;
      }
      assert.equal(out, await Deno.readTextFile(file));
      assert.equal(code, out.includes(": error: ") ? 1 : 0);
    });
  }
});

Deno.test("every check rule has a fixture that triggers it, and the clean fixture has none", async () => {
  assert.deepEqual(
    CHECK_RULES.map((rule) => rule.id),
    CHECK_RULES.map((rule) => rule.id).sort(),
    "CHECK_RULES is sorted by id",
  );
  for (const rule of CHECK_RULES) {
    assert.ok(fixtures.includes(rule.id), `no fixture folder "${rule.id}"`);
    const expected = await Deno.readTextFile(
      new URL(`${rule.id}/expected.out`, ROOT),
    );
    assert.match(expected, new RegExp(`\\[${rule.id}\\]$`, "m"));
    for (const line of expected.split("\n").filter(Boolean)) {
      if (line.endsWith(`[${rule.id}]`)) {
        assert.ok(line.includes(`: ${rule.severity}: `), line);
      }
    }
  }
  assert.equal(await Deno.readTextFile(new URL("ok/expected.out", ROOT)), "");
});
