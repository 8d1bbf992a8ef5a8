/**
 * The published JSON Schema (`links.schema.json`) against the CLI's schema
 * stage, over the corpus in `tests/fixtures/schema-corpus/`. Each manifest's
 * header says what it probes and what both must make of it:
 *
 * - `# expect: valid`: the schema stage and the JSON Schema accept it, and
 *   `validate` reports no error that is not waived;
 * - `# expect: invalid <rule>…`: the schema stage rejects it with exactly
 *   those rules, and the JSON Schema rejects it at the same place (or above);
 * - `# expect: semantic <rule>…`: the schema stage and the JSON Schema accept
 *   it, and `validate` rejects it with exactly those rules at the semantic
 *   stage. A `# why the JSON Schema accepts:` line says why the schema leaves
 *   it to the rule (most such rules can be waived, so a schema that rejected
 *   them would flag manifests the CLI accepts).
 *
 * The schema stage is what `validate` reports before any semantic rule: the
 * structure check (`schema-*`, `object-selector`) and the `rules:` section's
 * names (`waiver-unknown-rule`, `waiver-not-allowed`).
 */
import assert from "node:assert/strict";
import { Ajv2020, type ErrorObject } from "npm:ajv@8.20.0/dist/2020.js";
import { checkStructure } from "../../src/rules/structure.ts";
import { validateManifest } from "../../src/pipeline/validate.ts";
import { collectWaivers } from "../../src/pipeline/waivers.ts";
import { loadYaml, type YamlPath } from "../../src/yaml/load_yaml.ts";

const ROOT = new URL("../../", import.meta.url);
const CORPUS = new URL("tests/fixtures/schema-corpus/", ROOT);
/** The signing time the corpus's absolute expiries are relative to. */
const NOW = new Date("2026-11-28T09:00:00Z");

type Expectation = "valid" | "invalid" | "semantic";

/** One corpus manifest and what its header expects. */
interface Probe {
  readonly name: string;
  readonly probe: string;
  readonly expect: Expectation;
  readonly rules: readonly string[];
  readonly why: string | undefined;
  readonly bytes: Uint8Array;
  readonly value: unknown;
}

function headerLine(text: string, label: string): string | undefined {
  const prefix = `# ${label}: `;
  const line = text.split("\n").find((line) => line.startsWith(prefix));
  return line?.slice(prefix.length).trim();
}

async function readCorpus(): Promise<Probe[]> {
  const probes: Probe[] = [];
  for await (const file of Deno.readDir(CORPUS)) {
    if (!file.name.endsWith(".yaml")) continue;
    const bytes = await Deno.readFile(new URL(file.name, CORPUS));
    const text = new TextDecoder().decode(bytes);
    const probe = headerLine(text, "probe");
    const expectation = headerLine(text, "expect")?.split(/\s+/) ?? [];
    const [expect, ...rules] = expectation;
    assert.ok(probe, `${file.name}: no "# probe:" line`);
    assert.ok(
      expect === "valid" || expect === "invalid" || expect === "semantic",
      `${file.name}: "# expect:" is valid, invalid <rule>… or semantic <rule>…`,
    );
    assert.equal(
      rules.length === 0,
      expect === "valid",
      `${file.name}: only "valid" names no rule`,
    );
    const why = headerLine(text, "why the JSON Schema accepts");
    assert.equal(
      why !== undefined,
      expect === "semantic",
      `${file.name}: a semantic probe, and only one, says why the JSON Schema accepts it`,
    );
    const loaded = loadYaml(text);
    assert.ok(loaded.ok, `${file.name}: the YAML loads`);
    probes.push({
      name: file.name,
      probe,
      expect,
      rules: rules.sort(),
      why,
      bytes,
      value: loaded.document.value,
    });
  }
  return probes.sort((a, b) => a.name < b.name ? -1 : 1);
}

/** The schema stage's findings: rule ids and paths. */
function schemaStage(probe: Probe): { rule: string; path: YamlPath }[] {
  const loaded = loadYaml(new TextDecoder().decode(probe.bytes));
  assert.ok(loaded.ok);
  const waivers = collectWaivers({
    file: probe.name,
    document: loaded.document,
  });
  return [
    ...checkStructure(probe.value).findings,
    ...waivers.findings.filter((finding) => finding.path?.[0] === "rules")
      .map((finding) => ({ rule: finding.rule, path: finding.path ?? [] })),
  ];
}

function pointer(path: YamlPath): string {
  return path.map((segment) =>
    "/" + String(segment).replaceAll("~", "~0").replaceAll("/", "~1")
  ).join("");
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** The validator for the draft `links.schema.json` declares. */
async function publishedSchemaValidator() {
  const schema = JSON.parse(
    await Deno.readTextFile(new URL("links.schema.json", ROOT)),
  );
  assert.equal(
    schema.$schema,
    "https://json-schema.org/draft/2020-12/schema",
    "links.schema.json declares draft 2020-12, which Ajv2020 reads",
  );
  // Strict mode (unknown keywords are errors) but for `type: [a, b]`.
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
  return ajv.compile(schema);
}

const probes = await readCorpus();

Deno.test("the schema corpus holds at least 50 manifests: valid, invalid and semantic ones", () => {
  assert.ok(probes.length >= 50, `${probes.length} manifests`);
  for (const kind of ["valid", "invalid", "semantic"]) {
    assert.ok(
      probes.some((probe) => probe.expect === kind),
      `no ${kind} manifest`,
    );
  }
});

Deno.test("the JSON Schema and the CLI's schema stage agree on every corpus manifest", async (t) => {
  const validate = await publishedSchemaValidator();
  for (const probe of probes) {
    await t.step(`${probe.name}: ${probe.probe}`, () => {
      const stage = schemaStage(probe);
      const accepted = validate(probe.value);
      const errors: ErrorObject[] = validate.errors ?? [];
      const result = validateManifest(probe.bytes, {
        file: probe.name,
        now: NOW,
      });
      const cliErrors = unique(
        result.diagnostics.filter((d) =>
          d.severity === "error" && d.suppressed === undefined
        ).map((d) => d.rule),
      );
      assert.equal(
        accepted,
        stage.length === 0,
        `the JSON Schema ${accepted ? "accepts" : "rejects"} (${
          JSON.stringify(errors.map((e) => [e.instancePath, e.message]))
        }), the schema stage says ${JSON.stringify(stage)}`,
      );
      switch (probe.expect) {
        case "valid":
          assert.deepEqual(stage, []);
          assert.deepEqual(cliErrors, [], "validate reports no error");
          assert.ok(result.manifest !== undefined);
          break;
        case "invalid": {
          assert.deepEqual(unique(stage.map((f) => f.rule)), probe.rules);
          assert.ok(cliErrors.length > 0, "validate reports errors");
          // Each finding has a JSON Schema error at its place or above.
          for (const finding of stage) {
            const at = pointer(finding.path);
            assert.ok(
              errors.some((error) =>
                at === error.instancePath ||
                at.startsWith(error.instancePath + "/")
              ),
              `no JSON Schema error at or above ${at}: ${
                JSON.stringify(errors.map((e) => e.instancePath))
              }`,
            );
          }
          break;
        }
        case "semantic":
          assert.deepEqual(stage, [], "the schema stage accepts it");
          assert.deepEqual(cliErrors, probe.rules, "validate rejects it");
          break;
      }
    });
  }
});

/** Every field of the JSON Schema, as `objects[].response.expires`. */
function schemaFields(schema: JsonSchemaNode): string[] {
  const fields: string[] = [];
  const defs = schema.$defs ?? {};
  const walk = (node: JsonSchemaNode, path: string) => {
    const resolved = node.$ref === undefined
      ? node
      : defs[node.$ref.replace("#/$defs/", "")]!;
    for (const [name, child] of Object.entries(resolved.properties ?? {})) {
      // rules: one field per rule of the catalogue, all alike.
      const field = path === "rules"
        ? "rules.*"
        : path
        ? `${path}.${name}`
        : name;
      if (fields.includes(field)) continue;
      fields.push(field);
      walk(child, field);
    }
    if (resolved.items !== undefined) walk(resolved.items, `${path}[]`);
  };
  walk(schema, "");
  return fields;
}

interface JsonSchemaNode {
  readonly $ref?: string;
  readonly $defs?: Record<string, JsonSchemaNode>;
  readonly properties?: Record<string, JsonSchemaNode>;
  readonly items?: JsonSchemaNode;
}

/** A value's or finding's path as a field: `objects[].key`, `rules.*`. */
function fieldOf(path: YamlPath): string {
  let field = "";
  for (const segment of path) {
    if (typeof segment === "number") field += "[]";
    else if (field === "rules") field = "rules.*";
    else field += field === "" ? String(segment) : `.${String(segment)}`;
  }
  return field;
}

/** The fields a value sets, as {@linkcode fieldOf} writes them. */
function fieldsSet(value: unknown, path: YamlPath = []): string[] {
  if (value === null || typeof value !== "object") return [];
  const children = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  return children.flatMap(([segment, child]) => [
    ...(typeof segment === "string" ? [fieldOf([...path, segment])] : []),
    ...fieldsSet(child, [...path, segment]),
  ]);
}

Deno.test("the corpus sets every field of the JSON Schema validly, and breaks each", async () => {
  const fields = schemaFields(
    JSON.parse(await Deno.readTextFile(new URL("links.schema.json", ROOT))),
  );
  assert.ok(fields.length >= 50, `${fields.length} fields`);
  const set = new Set(
    probes.filter((probe) => probe.expect === "valid")
      .flatMap((probe) => fieldsSet(probe.value)),
  );
  // A finding breaks its field, and those above it; an unknown field breaks
  // the mapping it is written in.
  const broken = new Set<string>();
  for (const probe of probes.filter((probe) => probe.expect === "invalid")) {
    for (const finding of schemaStage(probe)) {
      const path = finding.rule === "schema-unknown-key"
        ? finding.path.slice(0, -1)
        : finding.path;
      for (let length = 1; length <= path.length; length++) {
        broken.add(fieldOf(path.slice(0, length)));
      }
    }
  }
  assert.deepEqual(fields.filter((field) => !set.has(field)), [], "never set");
  assert.deepEqual(
    fields.filter((field) => !broken.has(field)),
    [],
    "never broken",
  );
});
