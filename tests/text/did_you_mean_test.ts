/**
 * "Did you mean" ignores letter case: manifest keys, enum values, rule names
 * in waivers, `--ignore` and `rules:`, and flag values.
 */
import assert from "node:assert/strict";
import { closest } from "../../src/text/closest.ts";
import { runCli } from "../_fake_io.ts";

Deno.test("closest() ignores case and prefers the candidate closer in case", async (t) => {
  await t.step("a word that differs only in case", () => {
    assert.equal(
      closest("Disposition", ["disposition", "filename"]),
      "disposition",
    );
    assert.equal(
      closest("EXPIRES-TOO-LONG", ["expires-too-long"]),
      "expires-too-long",
    );
  });
  await t.step(
    "among equals case ignored, the closer in case wins, in any order",
    () => {
      assert.equal(closest("Id", ["ID", "Id2", "id"]), "ID");
      assert.equal(closest("id", ["ID", "iD", "id"]), "id");
      assert.equal(closest("iD", ["id", "iD", "ID"]), "iD");
      assert.equal(closest("Stye", ["STYLE", "style"]), "style");
    },
  );
  await t.step("closer case ignored wins; among equals, closer in case", () => {
    assert.equal(closest("Keys", ["keyz", "KEYS"]), "KEYS");
    assert.equal(closest("prefixx", ["Prefix", "prefix-x"]), "prefix-x");
  });
  await t.step("no suggestion beyond a third of the word in edits", () => {
    assert.equal(closest("xml", ["json", "sarif"]), undefined);
    assert.equal(closest("DISPOSE", ["disposition"]), undefined);
  });
});

const MANIFEST = `version: 1
bucket:
  name: examplebucket
  region: cn-hangzhou
rules:
  Style-Undeclared: warning
objects:
  - key: a.txt
    Disposition: inline
  - key: b.txt # osslinks-ignore: Key-Invalid
`;

Deno.test("validate suggests the lower-case name for a key or rule typed in another case", async () => {
  const run = await runCli(
    ["validate", "links.yaml", "--ignore", "KEY-NOT-NFC", "--report", "pretty"],
    { files: { "links.yaml": MANIFEST } },
  );
  assert.equal(run.code, 1);
  const lines = run.stderr.split("\n");
  const hintAfter = (pattern: RegExp): string | undefined => {
    const at = lines.findIndex((line) => pattern.test(line));
    assert.notEqual(at, -1, `no line matches ${pattern}:\n${run.stderr}`);
    return lines.slice(at).find((line) => line.includes("= hint:"));
  };
  assert.match(
    hintAfter(/^links\.yaml:9:5: Unknown field "Disposition" in objects\[0\]/)!,
    /did you mean "disposition"\?/,
  );
  assert.match(
    hintAfter(/^links\.yaml:6:3: Unknown rule "Style-Undeclared" in rules/)!,
    /did you mean "style-undeclared"\?/,
  );
  assert.match(
    hintAfter(/Unknown rule "Key-Invalid" in a waiver comment/)!,
    /did you mean "key-invalid"\?/,
  );
  assert.match(
    hintAfter(/Unknown rule "KEY-NOT-NFC" in --ignore/)!,
    /did you mean "key-not-nfc"\?/,
  );
});

Deno.test("a flag value in another case gets a did-you-mean (exit 2)", async (t) => {
  const cases: [string[], string][] = [
    [
      ["validate", "links.yaml", "--report", "JSON"],
      'osslinks validate: Invalid --report "JSON": expected one of "pretty", "json", "github", "sarif"; did you mean "json"?',
    ],
    [
      ["sign", "links.yaml", "--format", "Csv"],
      'osslinks sign: Invalid --format "Csv": expected one of "json", "ndjson", "csv", "html"; did you mean "csv"?',
    ],
    [
      ["inspect", "https://x.example.com/a", "--format", "Text"],
      'osslinks inspect: Invalid --format "Text": expected one of "text", "json"; did you mean "text"?',
    ],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const run = await runCli(args, { files: { "links.yaml": MANIFEST } });
      assert.equal(run.code, 2);
      assert.equal(run.stderr.split("\n")[0], message);
    });
  }
});
