/**
 * One pass: a schema error no longer hides the manifest's other findings.
 * The semantic rules run on what passed the schema, and a rule that needs
 * a node which failed it skips that node only. The fuzz test corrupts each
 * node of every rule fixture in turn and checks that no rule crashes.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Diagnostic } from "../../src/diagnostic.ts";
import { salvageManifest } from "../../src/rules/salvage.ts";
import { checkStructure } from "../../src/rules/structure.ts";
import { validateManifest } from "../../src/pipeline/validate.ts";
import { loadYaml } from "../../src/yaml/load_yaml.ts";
import { runCli } from "../_fake_io.ts";

const NOW = new Date("2026-11-28T09:00:00Z");

function validate(text: string, tokenExpiresAt?: Date): string[] {
  const result = validateManifest(new TextEncoder().encode(text), {
    file: "m.yaml",
    now: NOW,
    tokenExpiresAt,
  });
  assert.equal(result.manifest, undefined, "schema errors: no manifest");
  return result.diagnostics.map(where);
}

function where(diagnostic: Diagnostic): string {
  const start = diagnostic.range?.start;
  return `${start?.line}:${start?.column} ${diagnostic.rule}`;
}

Deno.test("a schema error in one entry: every other finding of the file is reported in the same run", () => {
  const findings = validate(`version: 1
bucket:
  name: examplebucket
  region: cn-hangzhou
  https: false
objects:
  - key: a.txt
    disposition: sideways
    expires: 30d
    filename: "a\\u0007b"
  - key: b.txt
    expires: 30d
  - key: b.txt
`);
  assert.deepEqual(findings, [
    "5:10 https-disabled",
    "8:18 schema-value",
    "9:14 expires-too-long",
    "10:15 filename-unsafe",
    "12:14 expires-too-long",
    "13:10 duplicate-id",
  ]);
});

Deno.test("a rule that needs a node which failed the schema skips that node only", async (t) => {
  await t.step("a bad signature: the V4 expiry limit is not assumed", () => {
    const findings = validate(`version: 1
bucket: {name: examplebucket, region: cn-hangzhou, signature: v3}
objects:
  - key: a.txt
    expires: 30d
`);
    assert.deepEqual(findings, ["2:63 schema-value"]);
  });
  await t.step(
    "an entry's bad own option does not fall back to the default",
    () => {
      const findings = validate(`version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
defaults: {disposition: inline}
objects:
  - key: a.png
    disposition: sideways
`);
      // inline-needs-domain would blame the default, which a.txt overrides.
      assert.deepEqual(findings, ["6:18 schema-value"]);
    },
  );
  await t.step(
    "an entry that inherits the default still gets its finding",
    () => {
      const findings = validate(`version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
defaults: {disposition: inline}
objects:
  - key: a.png
    disposition: sideways
  - key: b.png
`);
      assert.deepEqual(findings, [
        "6:18 schema-value",
        "7:10 inline-needs-domain",
      ]);
    },
  );
  await t.step("a bad expiry is not taken for the 30-minute default", () => {
    const findings = validate(
      `version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - key: a.txt
    expires: [30m]
  - key: b.txt
`,
      new Date(NOW.getTime() + 10 * 60_000),
    );
    // b.txt's default 30 minutes outlive the 10-minute token; a.txt's
    // expiry is unknown.
    assert.deepEqual(findings, [
      "5:14 schema-type",
      "6:10 expires-after-token",
    ]);
  });
  await t.step("an entry that is no mapping, among good ones", () => {
    const findings = validate(`version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - just a string
  - key: "/leading-slash.txt"
    trafficLimit: 5
`);
    assert.deepEqual(findings, [
      "4:5 schema-type",
      "5:10 key-invalid",
      "6:19 traffic-limit-range",
    ]);
  });
  await t.step("an entry with two selectors: the rules ignore its key", () => {
    const findings = validate(`version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - key: a.txt
    prefix: photos/
    version: v1
  - key: a.txt
`);
    assert.deepEqual(findings, ["5:5 object-selector"]);
  });
});

/** Every path of a value, containers included, root excluded. */
function paths(value: unknown, prefix: PropertyKey[] = []): PropertyKey[][] {
  if (value === null || typeof value !== "object") return [];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [
    [...prefix, key],
    ...paths(child, [...prefix, key]),
  ]);
}

/** Values of every type but the one `value` has. */
function otherTypes(value: unknown): unknown[] {
  const all: unknown[] = ["text", 7, true, null, ["a"], { a: 1 }];
  const kind = (v: unknown) =>
    v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
  return all.filter((candidate) => kind(candidate) !== kind(value));
}

function replaced(root: unknown, path: PropertyKey[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<PropertyKey, unknown>;
  let parent = copy;
  for (const segment of path.slice(0, -1)) {
    parent = parent[segment] as Record<PropertyKey, unknown>;
  }
  parent[path[path.length - 1]!] = value;
  return copy;
}

Deno.test("fuzz: corrupting any node of any fixture: the rest is salvaged and no rule crashes", async () => {
  const dir = new URL("../fixtures/rules/", import.meta.url);
  let runs = 0;
  for await (const rule of Deno.readDir(dir)) {
    if (!rule.isDirectory) continue;
    for (const name of ["valid.yaml", "invalid.yaml"]) {
      const url = new URL(`${rule.name}/${name}`, dir);
      const text = new TextDecoder().decode(await Deno.readFile(url));
      const loaded = loadYaml(text.replace(/^\uFEFF/, ""));
      // Only fixtures that parse have nodes to corrupt.
      if (!loaded.ok) continue;
      const value = loaded.document.value;
      for (const path of paths(value)) {
        const original = path.reduce<unknown>(
          (node, key) => (node as Record<PropertyKey, unknown>)[key],
          value,
        );
        for (const wrong of otherTypes(original)) {
          const corrupted = replaced(value, path, wrong);
          // The rules always get the rest of the manifest.
          assert.ok(
            salvageManifest(corrupted, checkStructure(corrupted).broken),
            `${rule.name}/${name} ${path.join(".")}: nothing salvaged`,
          );
          const bytes = new TextEncoder().encode(JSON.stringify(corrupted));
          const result = validateManifest(bytes, {
            now: NOW,
            tokenExpiresAt: new Date(NOW.getTime() + 3_600_000),
          });
          runs++;
          assert.ok(
            result.diagnostics.every((d) => d.range !== undefined),
            `${rule.name}/${name} ${path.join(".")}: a finding without place`,
          );
        }
      }
    }
  }
  assert.ok(runs > 1000, `${runs} corrupted manifests`);
});

Deno.test("fuzz through the CLI: validate exits 1 on every corruption of the example manifest, never 3", async () => {
  const root = new URL("../../", import.meta.url);
  const files = {
    "keys.example.txt": await Deno.readTextFile(
      new URL("keys.example.txt", root),
    ),
  };
  const loaded = loadYaml(
    await Deno.readTextFile(new URL("links.example.yaml", root)),
  );
  assert.ok(loaded.ok);
  const value = loaded.document.value;
  for (const path of paths(value)) {
    const original = path.reduce<unknown>(
      (node, key) => (node as Record<PropertyKey, unknown>)[key],
      value,
    );
    // A mapping where a scalar is, a string where a container is: no field
    // of the schema takes either.
    const wrong = original !== null && typeof original === "object"
      ? "text"
      : { wrong: true };
    const run = await runCli(["validate", "links.yaml"], {
      files: {
        ...files,
        "links.yaml": JSON.stringify(replaced(value, path, wrong)),
      },
    });
    assert.equal(run.code, 1, `${path.join(".")}: ${run.stderr}`);
    assert.doesNotMatch(run.stderr, /internal error/i, path.join("."));
  }
});

Deno.test("validate and sign on a manifest with a schema error: exit 1 with every finding, nothing signed", async () => {
  const files = {
    "m.yaml": `version: 1
bucket: {name: examplebucket, region: cn-hangzhou, https: false}
objects:
  - key: a.txt
    disposition: sideways
    expires: 30d
`,
  };
  const env = { OSS_ACCESS_KEY_ID: "AKID", OSS_ACCESS_KEY_SECRET: "secret" };
  for (const command of ["validate", "sign"]) {
    const run = await runCli([command, "m.yaml", "--report", "github"], {
      files,
      env,
    });
    assert.equal(run.code, 1, run.stderr);
    for (const rule of ["https-disabled", "schema-value", "expires-too-long"]) {
      assert.match(run.stderr, new RegExp(`\\b${rule}\\b`), command);
    }
    assert.equal(run.stdout, "", `${command} printed no link`);
  }
});
