import assert from "node:assert/strict";
import { Ajv2020 } from "npm:ajv@8.20.0/dist/2020.js";
import { checkStructure } from "../src/manifest/structure.ts";
import {
  MANIFEST_SCHEMA_ID,
  manifestJsonSchema,
  manifestJsonSchemaText,
} from "../src/manifest/json_schema.ts";
import { validateManifest } from "../src/validate.ts";
import { loadYaml } from "../src/yaml/load_yaml.ts";
import { collectWaivers } from "../src/waivers.ts";
import { RULE_CATALOGUE } from "../src/rules/catalogue.ts";
import { runCli } from "./_fake_io.ts";

const ROOT = new URL("../", import.meta.url);
const NOW = new Date("2026-11-28T09:00:00Z");

/** A draft 2020-12 validator of the manifest's JSON Schema. */
function schemaValidator() {
  // `type: ["number", "string"]` (expires) is a union type, which ajv's
  // strict mode only warns about unless it is allowed.
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
  return ajv.compile(manifestJsonSchema());
}

function load(text: string): unknown {
  const loaded = loadYaml(text);
  assert.ok(loaded.ok, "the YAML loads");
  return loaded.document.value;
}

const MINIMAL = {
  version: 1,
  bucket: { name: "examplebucket", region: "cn-hangzhou" },
  objects: [{ key: "a.txt" }],
};

Deno.test("links.schema.json is the schema that manifestJsonSchemaText() makes", async () => {
  const committed = await Deno.readTextFile(new URL("links.schema.json", ROOT));
  assert.ok(
    committed === manifestJsonSchemaText(),
    "links.schema.json is out of date: regenerate it with\n" +
      "  deno run -A cli.ts schema > links.schema.json",
  );
});

Deno.test("schema prints the JSON Schema on stdout", async () => {
  const run = await runCli(["schema"]);
  assert.equal(run.code, 0);
  assert.equal(run.stderr, "");
  assert.equal(run.stdout, manifestJsonSchemaText());
  const schema = JSON.parse(run.stdout);
  assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
  assert.equal(schema.$id, MANIFEST_SCHEMA_ID);
});

Deno.test("links.example.yaml points editors at the schema and validates cleanly", async () => {
  const bytes = await Deno.readFile(new URL("links.example.yaml", ROOT));
  const text = new TextDecoder().decode(bytes);
  assert.equal(
    text.split("\n")[0],
    "# yaml-language-server: $schema=./links.schema.json",
  );
  const result = validateManifest(bytes, {
    file: "links.example.yaml",
    now: NOW,
  });
  assert.deepEqual(result.diagnostics, []);
  assert.ok(result.manifest);
});

Deno.test("the JSON Schema accepts the example and rejects what validate rejects", async (t) => {
  const validate = schemaValidator();
  await t.step("links.example.yaml", async () => {
    const text = await Deno.readTextFile(new URL("links.example.yaml", ROOT));
    assert.ok(validate(load(text)), JSON.stringify(validate.errors));
  });
  await t.step("an entry with two selectors", () => {
    const manifest = {
      ...MINIMAL,
      objects: [{ key: "a.txt", prefix: "photos/" }],
    };
    assert.equal(validate(manifest), false);
    assert.deepEqual(
      validate.errors?.map((error) => [error.instancePath, error.keyword]),
      [["/objects/0", "oneOf"]],
    );
  });
  await t.step("an entry with no selector", () => {
    assert.equal(validate({ ...MINIMAL, objects: [{ id: "x" }] }), false);
  });
  await t.step("an unknown field", () => {
    assert.equal(
      validate({ ...MINIMAL, objects: [{ key: "a", dispositon: "inline" }] }),
      false,
    );
  });
  await t.step("version 2 and an empty object list", () => {
    assert.equal(validate({ ...MINIMAL, version: 2 }), false);
    assert.equal(validate({ ...MINIMAL, objects: [] }), false);
  });
  await t.step("the minimal manifest", () => {
    assert.ok(validate(MINIMAL), JSON.stringify(validate.errors));
  });
  await t.step(
    "rules: each waivable rule of the catalogue, and no other",
    () => {
      const rules = (settings: Record<string, unknown>) =>
        validate({ ...MINIMAL, rules: settings });
      assert.ok(rules({}), JSON.stringify(validate.errors));
      for (const rule of RULE_CATALOGUE) {
        assert.equal(
          rules({ [rule.id]: "off" }),
          rule.waivable !== false,
          rule.id,
        );
      }
      assert.ok(rules({ "https-disabled": "warning", "key-encoded": "error" }));
      assert.equal(rules({ "htps-disabled": "off" }), false);
      assert.equal(rules({ "https-disabled": "of" }), false);
      assert.equal(rules({ "https-disabled": true }), false);
    },
  );
});

Deno.test("the JSON Schema and validate's structure check agree on every rule fixture", async () => {
  const validate = schemaValidator();
  const rules = new URL("tests/fixtures/rules/", ROOT);
  let compared = 0;
  for await (const dir of Deno.readDir(rules)) {
    for (const name of ["valid.yaml", "invalid.yaml"]) {
      const bytes = await Deno.readFile(new URL(`${dir.name}/${name}`, rules));
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        continue; // input-encoding: not text
      }
      const loaded = loadYaml(text.replace(/^\uFEFF/, ""));
      if (!loaded.ok) continue; // yaml-*: no value to compare
      const value = loaded.document.value;
      // The schema lists the rules a rules: section may name.
      const structural = [
        ...checkStructure(value).findings.map((f) => f.rule),
        ...collectWaivers({ file: name, document: loaded.document }).findings
          .filter((finding) => finding.path?.[0] === "rules")
          .map((finding) => finding.rule),
      ];
      assert.equal(
        validate(value),
        structural.length === 0,
        `${dir.name}/${name}: JSON Schema says ${
          JSON.stringify(validate.errors)
        }, validate says ${JSON.stringify(structural)}`,
      );
      compared++;
    }
  }
  assert.ok(compared >= 60, `compared ${compared} fixtures`);
});
