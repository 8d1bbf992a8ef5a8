import assert from "node:assert/strict";
import { Ajv2020 } from "npm:ajv@8.20.0/dist/2020.js";
import { checkStructure } from "../../src/rules/structure.ts";
import {
  MANIFEST_SCHEMA_ID,
  manifestJsonSchema,
  manifestJsonSchemaText,
} from "../../src/catalogue/json_schema.ts";
import { validateManifest } from "../../src/pipeline/validate.ts";
import { loadYaml } from "../../src/yaml/load_yaml.ts";
import { collectWaivers } from "../../src/pipeline/waivers.ts";
import { RULE_CATALOGUE } from "../../src/catalogue/catalogue.ts";
import { runCli } from "../_fake_io.ts";

const ROOT = new URL("../../", import.meta.url);
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

/** A property of the JSON Schema, with its pointer and dotted field name. */
interface SchemaField {
  readonly field: string;
  readonly pointer: string;
  readonly node: Record<string, unknown>;
}

/** Every property of the JSON Schema, `$defs` entered once. */
function schemaFields(schema: Record<string, unknown>): SchemaField[] {
  const fields: SchemaField[] = [];
  const walk = (
    node: Record<string, unknown>,
    pointer: string,
    field: string,
  ) => {
    const ref = node["$ref"];
    if (typeof ref === "string") {
      const name = ref.replace("#/$defs/", "");
      const def = (schema["$defs"] as Record<string, Record<string, unknown>>)[
        name
      ]!;
      fields.push({
        field: `${field} (${name})`,
        pointer: ref.slice(1),
        node: def,
      });
      walk(def, ref.slice(1), field);
      return;
    }
    const properties = node["properties"] as
      | Record<string, Record<string, unknown>>
      | undefined;
    for (const [name, child] of Object.entries(properties ?? {})) {
      const path = field === "" ? name : `${field}.${name}`;
      const at = `${pointer}/properties/${name}`;
      fields.push({ field: path, pointer: at, node: child });
      walk(child, at, path);
    }
    const items = node["items"] as Record<string, unknown> | undefined;
    if (items !== undefined) walk(items, `${pointer}/items`, `${field}[]`);
  };
  walk(schema, "", "");
  return fields;
}

/** The defaults the README and design.md give, by field. */
const CONTRACT_DEFAULTS: Record<string, unknown> = {
  "bucket.https": true,
  "bucket.signature": "v4",
  "access.methods": ["GET"],
  "defaults.disposition": "attachment",
  "defaults.expires": "30m",
  "defaults.method": "GET",
  "objects[].disposition": "attachment",
  "objects[].expires": "30m",
  "objects[].method": "GET",
};

Deno.test("every field of the JSON Schema has a description and examples, and the contract's defaults", () => {
  const schema = manifestJsonSchema();
  const fields = schemaFields(schema);
  assert.ok(fields.length > 50, `${fields.length} fields`);
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
  ajv.addSchema(schema);
  for (const { field, pointer, node } of fields) {
    assert.equal(typeof node["description"], "string", `${field}: description`);
    assert.ok((node["description"] as string).length > 10, field);
    // A rules: entry is off|warning|error: its description is the rule's.
    if (field.startsWith("rules.")) continue;
    const examples = node["examples"];
    assert.ok(
      Array.isArray(examples) && examples.length > 0,
      `${field}: examples`,
    );
    const validate = ajv.getSchema(`${MANIFEST_SCHEMA_ID}#${pointer}`);
    assert.ok(validate, `${field}: ${pointer} resolves`);
    for (
      const value of [
        ...examples,
        ...("default" in node ? [node["default"]] : []),
      ]
    ) {
      assert.ok(
        validate(value),
        `${field}: ${JSON.stringify(value)} is not valid for its own field: ${
          JSON.stringify(validate.errors)
        }`,
      );
    }
  }
  const defaults = Object.fromEntries(
    fields.filter(({ node }) => "default" in node).map((
      { field, node },
    ) => [field, node["default"]]),
  );
  assert.deepEqual(defaults, CONTRACT_DEFAULTS);
});

Deno.test("a manifest made of the JSON Schema's examples validates without errors", () => {
  const schema = manifestJsonSchema();
  const example = (field: string): unknown => {
    const found = schemaFields(schema).find((f) => f.field === field);
    assert.ok(found, field);
    return (found.node["examples"] as unknown[])[0];
  };
  const entries = schemaFields(schema).find((f) =>
    f.field === "objects[] (ObjectEntry)"
  )!.node["examples"] as unknown[];
  const manifest = {
    version: example("version"),
    bucket: example("bucket"),
    access: example("access"),
    styles: example("styles"),
    defaults: example("defaults"),
    objects: [
      ...example("objects") as unknown[],
      ...entries.map((entry, index) => ({
        ...entry as object,
        id: `e${index}`,
      })),
    ],
    rules: example("rules"),
  };
  const result = validateManifest(
    new TextEncoder().encode(JSON.stringify(manifest)),
    { file: "examples.yaml", now: NOW },
  );
  assert.deepEqual(
    result.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  assert.ok(result.manifest);
});
