/**
 * Golden tests of every rule: `tests/fixtures/rules/<rule-id>/valid.yaml`
 * must have no finding but waived ones, and `invalid.yaml` must have
 * exactly the one-liners of its sibling `invalid.out`
 * (`file:line:col: message [rule]`, and ` (waived)` for a waived finding,
 * in report order).
 *
 * A fixture's leading comment lines may set `# token-expires: <ISO time>`
 * and `# max-bytes: <N>`. The clock is fixed at 2026-11-28T09:00:00Z.
 * `UPDATE_GOLDEN=1 deno task test tests/rules/rules_golden_test.ts` rewrites the
 * `.out` files; review every changed line by hand.
 *
 * The raw-byte rules need no generated input: `input-encoding/invalid.yaml`
 * holds a Latin-1 byte, and `input-too-large` sets a small `# max-bytes`.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Diagnostic } from "../../src/diagnostic.ts";
import { CHECK_RULES } from "../../src/check/rules/mod.ts";
import { RULE_CATALOGUE } from "../../src/catalogue/catalogue.ts";
import {
  validateManifest,
  type ValidateOptions,
} from "../../src/pipeline/validate.ts";

const RULES_DIR = new URL("../fixtures/rules/", import.meta.url);
const NOW = new Date("2026-11-28T09:00:00Z");
const UPDATE = Deno.env.get("UPDATE_GOLDEN") === "1";

/** The validate options a fixture's leading comments set. */
function fixtureOptions(bytes: Uint8Array, file: string): ValidateOptions {
  const options: {
    -readonly [K in keyof ValidateOptions]: ValidateOptions[K];
  } = { file, now: NOW };
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, "");
  for (const line of text.split("\n")) {
    if (!line.startsWith("#")) break;
    const directive = /^# (token-expires|max-bytes): (\S+)\s*$/.exec(line);
    if (directive?.[1] === "token-expires") {
      options.tokenExpiresAt = new Date(directive[2]!);
    } else if (directive?.[1] === "max-bytes") {
      options.maxBytes = Number(directive[2]);
    }
  }
  return options;
}

/** The one-liner of a diagnostic, as `actionlint` prints it. */
function oneLiner(diagnostic: Diagnostic): string {
  const where = diagnostic.range
    ? `${diagnostic.file}:${diagnostic.range.start.line}:${diagnostic.range.start.column}`
    : diagnostic.file;
  return `${where}: ${diagnostic.message} [${diagnostic.rule}]${
    diagnostic.suppressed ? " (waived)" : ""
  }`;
}

async function validateFixture(url: URL): Promise<string[]> {
  const bytes = await Deno.readFile(url);
  const file = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
  const result = validateManifest(bytes, fixtureOptions(bytes, file));
  return result.diagnostics.map(oneLiner);
}

/** Fails with the first line that differs, rather than the whole text. */
function assertSameLines(actual: string[], expected: string[], name: string) {
  const length = Math.max(actual.length, expected.length);
  for (let i = 0; i < length; i++) {
    if (actual[i] === expected[i]) continue;
    assert.fail(
      `${name}: line ${i + 1} differs\n  expected: ${
        expected[i] ?? "(no more lines)"
      }\n  actual:   ${actual[i] ?? "(no more lines)"}\n` +
        `Run with UPDATE_GOLDEN=1 to rewrite the .out file, then review it`,
    );
  }
}

function fixtureDirs(): string[] {
  return [...Deno.readDirSync(RULES_DIR)]
    .filter((entry) => entry.isDirectory)
    .map((entry) => entry.name)
    .sort();
}

for (const rule of fixtureDirs()) {
  const dir = new URL(`${rule}/`, RULES_DIR);

  Deno.test(`validateManifest() finds nothing in rules/${rule}/valid.yaml`, async () => {
    const lines = await validateFixture(new URL("valid.yaml", dir));
    // Waived findings stay (the waiver rules' valid.yaml has some).
    assert.deepEqual(
      lines.filter((line) => !line.endsWith(" (waived)")),
      [],
      `valid.yaml of ${rule} has findings`,
    );
  });

  Deno.test(`validateManifest() reports rules/${rule}/invalid.yaml as invalid.out says`, async () => {
    const lines = await validateFixture(new URL("invalid.yaml", dir));
    const outUrl = new URL("invalid.out", dir);
    if (UPDATE) {
      await Deno.writeTextFile(
        outUrl,
        lines.map((line) => line + "\n").join(""),
      );
      return;
    }
    const expected = (await Deno.readTextFile(outUrl)).split("\n").filter(
      (line) => line !== "",
    );
    assertSameLines(lines, expected, `rules/${rule}/invalid.out`);
  });
}

/**
 * The rules validateManifest() reports; the bucket checks have
 * tests/fixtures/check/, and the list rules (the commands read list files,
 * validateManifest() does not) their command tests.
 */
const VALIDATE_RULES = RULE_CATALOGUE.filter(({ id, commands }) =>
  !CHECK_RULES.some((rule) => rule.id === id) &&
  !id.startsWith("list-") &&
  (commands ?? []).includes("validate")
);

Deno.test("RULE_CATALOGUE has a valid and an invalid fixture for every validate rule", async (t) => {
  const dirs = fixtureDirs();
  await t.step("every rule has a fixture folder with all three files", () => {
    for (const { id } of VALIDATE_RULES) {
      for (const name of ["valid.yaml", "invalid.yaml", "invalid.out"]) {
        const url = new URL(`${id}/${name}`, RULES_DIR);
        assert.ok(
          Deno.statSync(url).isFile,
          `Missing fixture tests/fixtures/rules/${id}/${name}`,
        );
      }
    }
  });
  await t.step("every fixture folder names a rule", () => {
    const ids = new Set(VALIDATE_RULES.map((rule) => rule.id));
    assert.deepEqual(dirs.filter((dir) => !ids.has(dir)), []);
  });
  await t.step("every invalid.out reports its own rule", async () => {
    for (const { id } of VALIDATE_RULES) {
      const out = await Deno.readTextFile(
        new URL(`${id}/invalid.out`, RULES_DIR),
      );
      assert.match(out, new RegExp(`\\[${id}\\]$`, "m"), `${id}/invalid.out`);
    }
  });
});
