/**
 * The SARIF report as GitHub code scanning ingests it: valid by the
 * official SARIF 2.1.0 schema, rules with help and tags, fingerprints that
 * survive lines moving, artifact URIs relative to `%SRCROOT%`.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { formatSarif } from "../../src/report/sarif.ts";
import { RULE_CATALOGUE } from "../../src/catalogue/catalogue.ts";
import { VERSION } from "../../src/version.ts";
import { runCli } from "../_fake_io.ts";
import { assertGithubReady, assertSarifSchema } from "../_sarif.ts";

const NOW = "2026-11-28T09:00:00Z";
const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(
  /\/$/,
  "",
);

/** Findings of several rules; two alike (the entries' expiries). */
const MANIFEST = `version: 1
bucket:
  name: examplebucket
  region: cn-hangzhou
  https: false
objects:
  - key: "报告/季度.jpg"
    expires: 8d
    disposition: inline
  - key: b.txt
    expires: 8d
  - key: a.txt
    id: LTAI5tExampleAccessKeyId
`;

// deno-lint-ignore no-explicit-any
type Json = any;

async function sarif(
  files: Record<string, string>,
  args: readonly string[] = ["links.yaml"],
  options: { cwd?: string } = {},
): Promise<Json> {
  const run = await runCli(
    ["validate", "--report", "sarif", "--now", NOW, ...args],
    { files, ...options },
  );
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  return JSON.parse(run.stderr);
}

function fingerprintsOf(log: Json): string[] {
  return log.runs[0].results.map((result: Json) =>
    `${result.ruleId} ${result.partialFingerprints["osslinks/v1"]}`
  );
}

Deno.test("the SARIF report is valid by the official SARIF 2.1.0 schema and as GitHub needs it", async (t) => {
  await t.step("validate", async () => {
    const log = await sarif({ "links.yaml": MANIFEST });
    assert.equal(log.runs[0].results.length, 5);
    assertSarifSchema(log);
    assertGithubReady(log);
  });
  await t.step("no findings: every rule still described", async () => {
    const log = await sarif({
      "links.yaml":
        "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt}]\n",
    });
    assert.deepEqual(log.runs[0].results, []);
    assert.equal(log.runs[0].tool.driver.rules.length, RULE_CATALOGUE.length);
    assertSarifSchema(log);
    assertGithubReady(log);
  });
  await t.step(
    "check against a snapshot, with bucket and list findings",
    async () => {
      const dir = `${ROOT}/tests/fixtures/check/object-missing`;
      const run = await runCli([
        "check",
        "tests/fixtures/check/object-missing/links.yaml",
        "--snapshot",
        `${dir}/snapshot.json`,
        "--now",
        NOW,
        "--report",
        "sarif",
      ], { disk: true, cwd: ROOT });
      assert.equal(run.code, 1, run.stderr);
      const log = JSON.parse(run.stderr);
      assert.ok(
        log.runs[0].results.some((result: Json) =>
          result.ruleId === "object-missing"
        ),
      );
      assertSarifSchema(log);
      assertGithubReady(log);
    },
  );
  await t.step("the schema check can fail", () => {
    const log = {
      version: "2.1.0",
      runs: [{ tool: { driver: { name: "x" } } }],
    };
    assertSarifSchema(log);
    assert.throws(
      () => assertSarifSchema({ ...log, runs: [{ tool: { driver: {} } }] }),
      /must have required property 'name'/,
    );
    const badUri = {
      ...log,
      runs: [{
        ...log.runs[0],
        results: [{
          message: { text: "m" },
          locations: [{
            physicalLocation: { artifactLocation: { uri: "my links.yaml" } },
          }],
        }],
      }],
    };
    assert.throws(() => assertSarifSchema(badUri), /uri-reference/);
  });
  await t.step("a rule's help, tags and documentation link", async () => {
    const log = await sarif({ "links.yaml": MANIFEST });
    const rules: Json[] = log.runs[0].tool.driver.rules;
    const secret = rules.find((rule) => rule.id === "secret-in-manifest");
    assert.deepEqual(secret.properties, {
      tags: ["osslinks", "credentials", "security"],
      "security-severity": "9.0",
    });
    assert.equal(
      secret.helpUri,
      "https://github.com/osslinks/osslinks/blob/main/docs/rules.md#secret-in-manifest",
    );
    assert.match(secret.help.text, /\n\nWhy: .+\n\nHow to fix: .+\n\n/s);
    assert.match(secret.help.markdown, /\*\*How to fix:\*\* /);
    assert.ok(
      secret.fullDescription.text.startsWith(secret.shortDescription.text),
    );
    const cors = rules.find((rule) => rule.id === "cors-request-denied");
    assert.deepEqual(cors.properties, { tags: ["osslinks", "cors", "bucket"] });
    assert.deepEqual(cors.defaultConfiguration, { level: "error" });
  });
});

Deno.test("SARIF fingerprints survive lines moving and change with the finding's subject", async (t) => {
  const before = fingerprintsOf(await sarif({ "links.yaml": MANIFEST }));
  await t.step("the two alike findings differ by occurrence", () => {
    const expiries = before.filter((line) =>
      line.startsWith("expires-too-long")
    );
    assert.equal(expiries.length, 2);
    assert.notEqual(expiries[0], expiries[1]);
  });
  await t.step("blank lines and comments above and between", async () => {
    const shifted = "# the links of Q3\n\n" + MANIFEST
      .replace("objects:\n", "objects:\n\n  # reports\n")
      .replace("  - key: b.txt\n", "\n\n  - key: b.txt  # notes\n");
    const log = await sarif({ "links.yaml": shifted });
    const lines = log.runs[0].results.map((result: Json) =>
      result.locations[0].physicalLocation.region.startLine
    );
    assert.notDeepEqual(
      lines,
      (await sarif({ "links.yaml": MANIFEST })).runs[0].results.map((
        result: Json,
      ) => result.locations[0].physicalLocation.region.startLine),
      "the findings moved",
    );
    assert.deepEqual(fingerprintsOf(log), before);
  });
  await t.step(
    "a new entry above keeps the other entries' fingerprints",
    async () => {
      const added = MANIFEST.replace(
        "objects:\n",
        "objects:\n  - key: new.txt\n    expires: 9d\n",
      );
      const after = fingerprintsOf(await sarif({ "links.yaml": added }));
      assert.equal(after.length, before.length + 1);
      for (const print of before) assert.ok(after.includes(print), print);
    },
  );
  await t.step(
    "another key: that finding's fingerprint changes, no other",
    async () => {
      const after = fingerprintsOf(
        await sarif({ "links.yaml": MANIFEST.replace("b.txt", "c.txt") }),
      );
      const changed = after.filter((print) => !before.includes(print));
      assert.equal(changed.length, 1);
      assert.match(changed[0]!, /^expires-too-long /);
    },
  );
  await t.step("the same finding in another field changes it", async () => {
    const moved = MANIFEST.replace(
      "    expires: 8d\n  - key: a.txt",
      "  - key: a.txt",
    )
      .replace("  - key: b.txt\n", "  - key: b.txt\n    filename: b.txt\n")
      .replace("objects:\n", "defaults:\n  expires: 8d\nobjects:\n");
    const after = fingerprintsOf(await sarif({ "links.yaml": moved }));
    assert.notDeepEqual(after, before);
  });
  await t.step("the same file under another name changes them", async () => {
    const after = fingerprintsOf(
      await sarif({ "other.yaml": MANIFEST }, ["other.yaml"]),
    );
    assert.ok(after.every((print) => !before.includes(print)));
  });
});

Deno.test("SARIF artifact URIs are relative to %SRCROOT%: the working folder, or --sarif-root", async (t) => {
  const location = (log: Json, index = 0) =>
    log.runs[0].results[index].locations[0].physicalLocation.artifactLocation;
  const files = (name: string) => ({ [name]: MANIFEST });
  await t.step("a file in the working folder", async () => {
    const log = await sarif(files("links.yaml"), ["links.yaml"], {
      cwd: "/work/repo",
    });
    assert.deepEqual(location(log), {
      uri: "links.yaml",
      uriBaseId: "%SRCROOT%",
    });
    assert.deepEqual(
      log.runs[0].originalUriBaseIds["%SRCROOT%"].uri,
      "file:///work/repo/",
    );
  });
  await t.step("a relative path with ./ and ..", async () => {
    const log = await sarif(files("./ci/../ci/my links.yaml"), [
      "./ci/../ci/my links.yaml",
    ], { cwd: "/work/repo" });
    assert.deepEqual(location(log), {
      uri: "ci/my%20links.yaml",
      uriBaseId: "%SRCROOT%",
    });
  });
  await t.step("an absolute path under the root", async () => {
    const log = await sarif(files("/work/repo/ci/links.yaml"), [
      "/work/repo/ci/links.yaml",
    ], { cwd: "/work/repo" });
    assert.deepEqual(location(log), {
      uri: "ci/links.yaml",
      uriBaseId: "%SRCROOT%",
    });
  });
  await t.step("a file outside the root: an absolute file: URI", async () => {
    const log = await sarif(files("../other/links.yaml"), [
      "../other/links.yaml",
    ], { cwd: "/work/repo" });
    assert.deepEqual(location(log), { uri: "file:///work/other/links.yaml" });
    assertSarifSchema(log);
    assertGithubReady(log);
  });
  await t.step(
    "--sarif-root .. from a subfolder of the repository",
    async () => {
      const log = await sarif(files("links.yaml"), [
        "links.yaml",
        "--sarif-root",
        "..",
      ], { cwd: "/work/repo/deploy" });
      assert.deepEqual(location(log), {
        uri: "deploy/links.yaml",
        uriBaseId: "%SRCROOT%",
      });
      assert.equal(
        log.runs[0].originalUriBaseIds["%SRCROOT%"].uri,
        "file:///work/repo/",
      );
    },
  );
  await t.step("an absolute --sarif-root", async () => {
    const log = await sarif(files("links.yaml"), [
      "links.yaml",
      "--sarif-root=/work",
    ], { cwd: "/work/repo" });
    assert.deepEqual(location(log), {
      uri: "repo/links.yaml",
      uriBaseId: "%SRCROOT%",
    });
  });
  await t.step("standard input is no file of the repository", async () => {
    const run = await runCli(
      ["validate", "--report", "sarif", "--now", NOW, "-"],
      { stdin: MANIFEST },
    );
    assert.deepEqual(location(JSON.parse(run.stderr)), { uri: "%3Cstdin%3E" });
  });
  await t.step(
    "--sarif-root with another report is a usage error",
    async () => {
      const run = await runCli(
        ["validate", "--report", "json", "--sarif-root", "..", "links.yaml"],
        { files: files("links.yaml") },
      );
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--sarif-root is for --report sarif/);
    },
  );
  await t.step("the library without a working folder", () => {
    const log = JSON.parse(formatSarif([{
      rule: "https-disabled",
      severity: "warning",
      message: "m",
      file: "ci/links.yaml",
    }], { rules: RULE_CATALOGUE, version: VERSION }));
    assert.deepEqual(location(log), {
      uri: "ci/links.yaml",
      uriBaseId: "%SRCROOT%",
    });
    assert.equal(log.runs[0].originalUriBaseIds["%SRCROOT%"].uri, undefined);
    assertSarifSchema(log);
  });
});
