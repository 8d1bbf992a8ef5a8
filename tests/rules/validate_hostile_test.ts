import assert from "node:assert/strict";
import { DEFAULT_MAX_MANIFEST_BYTES } from "../../src/manifest/decode.ts";
import { validateManifest } from "../../src/pipeline/validate.ts";
import { type FakeIoOptions, jsonDiagnostics, runCli } from "../_fake_io.ts";

const MINIMAL = `version: 1
bucket:
  name: examplebucket
  region: cn-hangzhou
objects:
  - key: a.txt
`;

/** Runs `validate --report json` on one file and parses what it reports. */
async function validate(
  content: string | Uint8Array,
  flags: string[] = [],
  options: FakeIoOptions = {},
) {
  const run = await runCli(
    ["validate", "--report", "json", ...flags, "links.yaml"],
    { files: { "links.yaml": content }, ...options },
  );
  const diagnostics = run.stderr.startsWith("{")
    ? jsonDiagnostics(run.stderr)
    : [];
  return { ...run, diagnostics };
}

/** The `rule line:column` of each diagnostic, for compact assertions. */
function where(
  diagnostics: { rule: string; line: number | null; column: number | null }[],
) {
  return diagnostics.map((d) => `${d.rule} ${d.line}:${d.column}`);
}

Deno.test("validate reports an empty manifest as yaml-empty", async (t) => {
  for (
    const [name, text] of [
      ["no bytes", ""],
      ["only blank lines", "\n\n   \n"],
      ["only comments", "# nothing\n# here\n"],
      ["an empty document", "---\n...\n"],
      ["a document start alone", "---\n"],
    ] as const
  ) {
    await t.step(name, async () => {
      const run = await validate(text);
      assert.deepEqual(where(run.diagnostics), ["yaml-empty 1:1"]);
      assert.equal(run.code, 1);
    });
  }
});

Deno.test("validate reports text that is not YAML as yaml-syntax", async (t) => {
  await t.step("an unclosed flow collection", async () => {
    const run = await validate("{{{");
    assert.deepEqual(where(run.diagnostics), ["yaml-syntax 1:4"]);
    assert.equal(run.code, 1);
  });
  await t.step("an unclosed quote", async () => {
    const run = await validate('version: 1\nbucket: "examplebucket\n');
    assert.deepEqual(where(run.diagnostics), ["yaml-syntax 3:1"]);
  });
  await t.step("a NUL byte in UTF-8 text", async () => {
    const run = await validate("version: 1\nbucket: a\0b\n");
    assert.deepEqual(where(run.diagnostics), ["yaml-syntax 2:10"]);
    assert.equal(run.code, 1);
  });
  await t.step("several documents", async () => {
    const run = await validate(`${MINIMAL}---\n${MINIMAL}`);
    assert.deepEqual(where(run.diagnostics), ["yaml-syntax 8:1"]);
  });
});

Deno.test("validate reports binary input as input-encoding with exit code 2", async () => {
  // The start of a PNG file: 0x89 is not a UTF-8 lead byte.
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const run = await validate(png);
  assert.deepEqual(where(run.diagnostics), ["input-encoding 1:1"]);
  assert.equal(run.code, 2);
});

Deno.test("validate reports the line and column of the first byte that is not UTF-8", async (t) => {
  const encoder = new TextEncoder();
  const withByte = (before: string, byte: number, after: string) =>
    new Uint8Array([
      ...encoder.encode(before),
      byte,
      ...encoder.encode(after),
    ]);
  await t.step("after ASCII", async () => {
    const run = await validate(withByte("version: 1\nbucket: ", 0xff, "\n"));
    assert.deepEqual(where(run.diagnostics), ["input-encoding 2:9"]);
    assert.match(run.diagnostics[0]!.message, /byte 0xff at offset 19/);
    assert.equal(run.code, 2);
  });
  await t.step("columns count code points, not bytes", async () => {
    const run = await validate(withByte("a: 报告", 0xc3, "x\n"));
    assert.deepEqual(where(run.diagnostics), ["input-encoding 1:6"]);
  });
  await t.step("a truncated sequence at the end", async () => {
    const run = await validate(withByte("a: b\r\nc: ", 0xe6, ""));
    assert.deepEqual(where(run.diagnostics), ["input-encoding 2:4"]);
  });
  await t.step("after a BOM", async () => {
    const run = await validate(withByte("\uFEFFab", 0x80, ""));
    assert.deepEqual(where(run.diagnostics), ["input-encoding 1:3"]);
  });
});

Deno.test("validate accepts a UTF-8 BOM and keeps positions right", async () => {
  const text = "\uFEFF" + MINIMAL.replace("examplebucket", "Example_Bucket");
  const run = await validate(text);
  assert.deepEqual(where(run.diagnostics), ["bucket-name 3:9"]);
  assert.equal(run.code, 1);
  const clean = await validate("\uFEFF" + MINIMAL);
  assert.deepEqual(clean.diagnostics, []);
  assert.equal(clean.code, 0);
});

Deno.test("validate keeps positions right with CRLF and CR line breaks", async () => {
  const bad = MINIMAL.replace("examplebucket", "Example_Bucket");
  for (const lineBreak of ["\r\n", "\r"]) {
    const run = await validate(bad.replaceAll("\n", lineBreak));
    assert.deepEqual(where(run.diagnostics), ["bucket-name 3:9"]);
  }
});

Deno.test("validate reports a list or a scalar at the top as schema-type", async (t) => {
  for (
    const [name, text, at, got] of [
      ["a list", "- key: a.txt\n", "1:1", "a list"],
      ["a string", "links.yaml\n", "1:1", "a string"],
      ["a number", "42\n", "1:1", "a number"],
      ["null", "~\n", "1:1", "an empty value"],
      ["a block scalar", "|\n  text\n", "2:3", "a string"],
    ] as const
  ) {
    await t.step(name, async () => {
      const run = await validate(text);
      assert.deepEqual(where(run.diagnostics), [`schema-type ${at}`]);
      assert.equal(
        run.diagnostics[0]!.message,
        `Invalid manifest: expected a mapping, got ${got}`,
      );
      assert.equal(run.code, 1);
    });
  }
});

Deno.test("validate reports wrong types everywhere, each at its value", async () => {
  const run = await validate(`version: one
bucket: [examplebucket]
access: {origins: https://app.example.com, methods: GET}
styles: {thumb: true}
defaults: [expires, 1h]
objects:
  - key: [a, b]
    filename: 42
    disposition: true
    response: {content-type: 7}
    method: null
`);
  assert.deepEqual(where(run.diagnostics), [
    "schema-value 1:10",
    "schema-type 2:9",
    "schema-type 3:19",
    "schema-type 3:53",
    "schema-type 4:9",
    "schema-type 5:11",
    "schema-type 7:10",
    "schema-type 8:15",
    "schema-value 9:18",
    "schema-type 10:30",
    "schema-value 11:13",
  ]);
  assert.equal(
    run.diagnostics[8]!.message,
    'Invalid objects[0].disposition: expected one of "inline", "attachment", got a boolean',
  );
  assert.equal(
    run.diagnostics[10]!.message,
    'Invalid objects[0].method: expected one of "GET", "HEAD", got an empty value',
  );
  assert.equal(run.code, 1);
});

Deno.test("validate reports a duplicate mapping key at its second occurrence", async (t) => {
  await t.step("at the top", async () => {
    const run = await validate(`${MINIMAL}version: 1\n`);
    assert.deepEqual(where(run.diagnostics), ["yaml-syntax 7:1"]);
    assert.match(run.diagnostics[0]!.message, /duplicated mapping key/);
  });
  await t.step("in a flow mapping", async () => {
    const run = await validate(
      MINIMAL.replace("- key: a.txt", "- {key: a.txt, key: b.txt}"),
    );
    assert.deepEqual(where(run.diagnostics), ["yaml-syntax 6:18"]);
  });
});

Deno.test("validate stops an alias bomb with yaml-alias", async (t) => {
  await t.step("billion laughs, 9 levels", async () => {
    const lines = [
      'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ];
    for (let level = 1; level <= 9; level++) {
      const aliases = Array.from({ length: 9 }, () => `*a${level - 1}`);
      lines.push(`a${level}: &a${level} [${aliases.join(", ")}]`);
    }
    const run = await validate(lines.join("\n") + "\n");
    assert.equal(run.diagnostics.length, 1);
    assert.equal(run.diagnostics[0]!.rule, "yaml-alias");
    assert.match(run.diagnostics[0]!.message, /^Cannot expand alias "\*a\d"/);
    assert.equal(run.code, 1);
  });
  await t.step("a bomb of mappings", async () => {
    let text = "m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}\n";
    for (let level = 1; level <= 9; level++) {
      const entries = "abcdefgh".split("").map((k) => `${k}: *m${level - 1}`);
      text += `m${level}: &m${level} {${entries.join(", ")}}\n`;
    }
    const run = await validate(text);
    assert.deepEqual(run.diagnostics.map((d) => d.rule), ["yaml-alias"]);
  });
  await t.step("a few aliases are fine", () => {
    const text = MINIMAL.replace(
      "objects:\n  - key: a.txt\n",
      "defaults: {response: &r {cache-control: no-store}}\n" +
        "objects:\n  - {key: a.txt, response: *r}\n  - {key: b.txt, response: *r}\n",
    );
    const result = validateManifest(new TextEncoder().encode(text));
    assert.deepEqual(result.diagnostics, []);
  });
});

Deno.test("validate reports a recursive alias as yaml-alias at the alias", async (t) => {
  await t.step("in a sequence", async () => {
    const run = await validate("a: &x [1, *x]\n");
    assert.deepEqual(where(run.diagnostics), ["yaml-alias 1:11"]);
    assert.equal(
      run.diagnostics[0]!.message,
      'Cannot use alias "*x" inside the node it refers to',
    );
  });
  await t.step("in a nested mapping", async () => {
    const run = await validate("a: &x\n  b:\n    c: *x\n");
    assert.deepEqual(where(run.diagnostics), ["yaml-alias 3:8"]);
  });
});

Deno.test("validate refuses a manifest over the size limit with exit code 2", async (t) => {
  await t.step("the default limit", async () => {
    const run = await validate(new Uint8Array(DEFAULT_MAX_MANIFEST_BYTES + 1));
    assert.deepEqual(where(run.diagnostics), ["input-too-large null:null"]);
    assert.equal(
      run.diagnostics[0]!.message,
      `The manifest is ${
        DEFAULT_MAX_MANIFEST_BYTES + 1
      } bytes, more than the limit of ${DEFAULT_MAX_MANIFEST_BYTES} bytes`,
    );
    assert.equal(run.code, 2);
  });
  await t.step("--max-bytes lowers it", async () => {
    const size = new TextEncoder().encode(MINIMAL).length;
    const over = await validate(MINIMAL, ["--max-bytes", String(size - 1)]);
    assert.deepEqual(where(over.diagnostics), ["input-too-large null:null"]);
    assert.equal(over.code, 2);
    const exact = await validate(MINIMAL, ["--max-bytes", String(size)]);
    assert.deepEqual(exact.diagnostics, []);
    assert.equal(exact.code, 0);
  });
  await t.step("--max-bytes must be a positive whole number", async () => {
    for (const value of ["0", "-1", "1.5", "1e6", "lots"]) {
      const run = await validate(MINIMAL, [`--max-bytes=${value}`]);
      assert.equal(run.code, 2, value);
      assert.match(run.stderr, /Invalid --max-bytes/);
    }
  });
});

Deno.test("validate reports tabs in indentation as yaml-syntax at the tab", async () => {
  const run = await validate(MINIMAL.replace("  region", "\tregion"));
  assert.deepEqual(where(run.diagnostics), ["yaml-syntax 4:1"]);
  assert.match(run.diagnostics[0]!.message, /tab characters/);
  assert.equal(run.code, 1);
});

Deno.test("validate reports 1000 levels of nesting as yaml-syntax without crashing", async (t) => {
  await t.step("flow sequences", async () => {
    const run = await validate(`a: ${"[".repeat(1000)}${"]".repeat(1000)}\n`);
    assert.deepEqual(where(run.diagnostics), ["yaml-syntax 1:67"]);
    assert.equal(
      run.diagnostics[0]!.message,
      "Cannot parse YAML: collections nest deeper than 64 levels",
    );
  });
  await t.step("block mappings", async () => {
    let text = "";
    for (let depth = 0; depth < 1000; depth++) {
      text += `${"  ".repeat(depth)}k${depth}:\n`;
    }
    const run = await validate(text);
    assert.equal(run.diagnostics[0]?.rule, "yaml-syntax");
    assert.equal(run.code, 1);
  });
  await t.step("block sequences on one line", async () => {
    const run = await validate(`${"- ".repeat(1000)}x\n`);
    assert.equal(run.diagnostics[0]?.rule, "yaml-syntax");
  });
});

Deno.test("validate reports an unreadable manifest with exit code 2", async (t) => {
  await t.step("a missing file", async () => {
    const run = await runCli(["validate", "missing.yaml"]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'osslinks validate: Cannot read manifest "missing.yaml": file not found\n' +
        'Run "osslinks validate --help" for usage.\n',
    );
  });
  await t.step("a directory", async () => {
    const run = await runCli(["validate", "dir"], {
      files: { dir: new Deno.errors.IsADirectory("Is a directory") },
    });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Cannot read manifest "dir": it is a directory/);
  });
  await t.step("a real directory through Deno.readFile", async () => {
    const dir = await Deno.makeTempDir();
    try {
      // The error Deno really throws, through the same mapping.
      const error = await Deno.readFile(dir).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof Error);
      const run = await runCli(["validate", dir], { files: { [dir]: error } });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /it is a directory/);
    } finally {
      await Deno.remove(dir);
    }
  });
  await t.step("a file that cannot be read", async () => {
    const run = await runCli(["validate", "secret.yaml"], {
      files: {
        "secret.yaml": new Deno.errors.PermissionDenied("Permission denied"),
      },
    });
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /Cannot read manifest "secret.yaml": permission denied/,
    );
  });
});

Deno.test("validate reads the manifest from stdin for -", async (t) => {
  await t.step("a clean manifest", async () => {
    const run = await runCli(["validate", "-"], { stdin: MINIMAL });
    assert.equal(run.code, 0);
    assert.equal(run.stderr, "Validated <stdin>: 0 errors, 0 warnings\n");
  });
  await t.step("findings name <stdin>", async () => {
    const run = await runCli(["validate", "--report", "json", "-"], {
      stdin: MINIMAL.replace("cn-hangzhou", "cn_hangzhou"),
    });
    const diagnostics = jsonDiagnostics(run.stderr);
    assert.deepEqual(
      diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`),
      ["<stdin>:4:11 region-invalid"],
    );
    assert.equal(run.code, 1);
  });
  await t.step("empty stdin", async () => {
    const run = await runCli(["validate", "--report", "json", "-"]);
    assert.deepEqual(jsonDiagnostics(run.stderr).map((d) => d.rule), [
      "yaml-empty",
    ]);
    assert.equal(run.code, 1);
  });
});

Deno.test("validate reports a list or mapping used as a key at that key", async (t) => {
  const cases: [string, string, string][] = [
    ["an explicit block key", `${MINIMAL}? [a, b]\n: c\n`, "7:3"],
    [
      "a flow key in a flow mapping",
      MINIMAL.replace("- key: a.txt", "- {key: a.txt, [x]: 1}"),
      "6:18",
    ],
    ["a nested key", `${MINIMAL}defaults:\n  ? {b: 1}\n  : 2\n`, "8:5"],
  ];
  for (const [name, text, at] of cases) {
    await t.step(name, async () => {
      const run = await validate(text);
      assert.deepEqual(where(run.diagnostics), [`yaml-syntax ${at}`]);
      assert.match(run.diagnostics[0]!.message, /complex keys/);
    });
  }
});
