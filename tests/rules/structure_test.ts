import assert from "node:assert/strict";
import { z } from "npm:zod@4.6.7";
import { compileConforms } from "../../src/rules/_conforms.ts";
import { ManifestSchema } from "../../src/manifest/schema.ts";
import { loadYaml } from "../../src/yaml/load_yaml.ts";

const ROOT = new URL("../../", import.meta.url);
const conforms = compileConforms(ManifestSchema);

/** The fast check must say yes exactly when zod accepts, and zod's copy must equal the value. */
function assertAgrees(value: unknown, what: string): boolean {
  const parsed = ManifestSchema.safeParse(value);
  assert.equal(conforms(value), parsed.success, what);
  if (parsed.success) assert.deepEqual(parsed.data, value, what);
  return parsed.success;
}

function load(text: string): unknown {
  const loaded = loadYaml(text.replace(/^\uFEFF/, ""));
  return loaded.ok ? loaded.document.value : undefined;
}

/** A small seeded PRNG (mulberry32), so that every run mutates the same way. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Path = (string | number)[];

function containers(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [];
  const here = [path];
  const children = Array.isArray(value)
    ? value.map((item, index) => containers(item, [...path, index]))
    : Object.entries(value).map(([key, child]) =>
      containers(child, [...path, key])
    );
  return here.concat(...children);
}

function at(root: unknown, path: Path): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const segment of path) {
    node = node[segment] as Record<string | number, unknown>;
  }
  return node;
}

const REPLACEMENTS: readonly unknown[] = [
  null,
  undefined,
  1,
  2,
  -1,
  1.5,
  Infinity,
  Number.NaN,
  "",
  "x",
  "inline",
  "GET",
  "v1",
  "30m",
  true,
  [],
  ["a"],
  [1],
  {},
  { key: "a.txt" },
  { origins: [] },
];

Deno.test("compileConforms() agrees with zod on every rule fixture", async () => {
  const rules = new URL("tests/fixtures/rules/", ROOT);
  let accepted = 0;
  let rejected = 0;
  for await (const dir of Deno.readDir(rules)) {
    for (const name of ["valid.yaml", "invalid.yaml"]) {
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(
          await Deno.readFile(new URL(`${dir.name}/${name}`, rules)),
        );
      } catch {
        continue; // not UTF-8
      }
      const value = load(text);
      if (value === undefined) continue;
      if (assertAgrees(value, `${dir.name}/${name}`)) accepted++;
      else rejected++;
    }
  }
  assert.ok(accepted > 30 && rejected >= 5, `${accepted} / ${rejected}`);
});

Deno.test("compileConforms() agrees with zod on 2000 seeded mutations of the example", async () => {
  const example = load(
    await Deno.readTextFile(new URL("links.example.yaml", ROOT)),
  );
  assert.ok(assertAgrees(example, "links.example.yaml"));
  const random = prng(20261128);
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(random() * items.length)]!;
  let accepted = 0;
  for (let round = 0; round < 2000; round++) {
    const value = structuredClone(example);
    for (let edits = 1 + Math.floor(random() * 2); edits > 0; edits--) {
      const path = pick(containers(value));
      const node = at(value, path);
      const keys = Object.keys(node);
      const choice = random();
      if (choice < 0.15) {
        node[Array.isArray(node) ? node.length : "unknownField"] =
          structuredClone(pick(REPLACEMENTS));
      } else if (keys.length === 0) {
        continue;
      } else if (choice < 0.35 && !Array.isArray(node)) {
        delete node[pick(keys)];
      } else {
        node[pick(keys)] = structuredClone(pick(REPLACEMENTS));
      }
    }
    if (assertAgrees(value, `mutation ${round}: ${JSON.stringify(value)}`)) {
      accepted++;
    }
  }
  assert.ok(accepted > 100, `only ${accepted} mutations stayed valid`);
});

Deno.test("compileConforms() leaves what it does not know to zod", () => {
  const cases: [string, z.core.$ZodType, unknown][] = [
    ["a non-strict object", z.object({ a: z.string() }), { a: "x" }],
    ["a string with a check", z.string().min(1), "x"],
    ["an array with a maximum", z.array(z.string()).max(3), ["x"]],
    [
      "a record with a key check",
      z.record(z.string().min(1), z.string()),
      { a: "x" },
    ],
    ["a record of enum keys", z.partialRecord(z.enum(["a"]), z.string()), {
      a: "x",
    }],
    ["a null-prototype object", z.strictObject({}), Object.create(null)],
  ];
  for (const [name, schema, value] of cases) {
    assert.equal(z.safeParse(schema, value).success, true, name);
    assert.equal(compileConforms(schema)(value), false, name);
  }
});

Deno.test("compileConforms() checks records of string keys itself", () => {
  const schema = z.record(z.string(), z.string());
  const conforms = compileConforms(schema);
  const cases: [unknown, boolean][] = [
    [{}, true],
    [{ Range: "bytes=0-", Accept: "*/*" }, true],
    [{ Range: 1 }, false],
    [{ Range: null }, false],
    [["x"], false],
    ["x", false],
    [Object.create(null), false],
  ];
  for (const [value, expected] of cases) {
    assert.equal(conforms(value), expected, JSON.stringify(value));
    if (expected) assert.equal(schema.safeParse(value).success, true);
  }
});
