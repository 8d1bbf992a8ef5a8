/**
 * Download filenames browsers save under another name (`filename-renamed`,
 * a warning, with the saved names the browser models give), the ones they
 * cannot use (`filename-unsafe`, an error), and `validate` reading every
 * line of the `list:` files as `sign` does.
 *
 * @module
 */
import assert from "node:assert/strict";
import { parseListFile } from "../../src/rules/list_file.ts";
import { renames, savedNames } from "../../src/rules/_saved_filename.ts";
import { filenameRename } from "../../src/rules/filename_renamed.ts";
import { filenameProblem } from "../../src/rules/filename_unsafe.ts";
import { runCli } from "../_fake_io.ts";
import { validateManifest } from "../../src/pipeline/validate.ts";

Deno.test("savedNames() follows Firefox and Chromium on Windows for each change", async (t) => {
  const cases: [string, string, string][] = [
    // name, Firefox, Chromium on Windows
    ["a/b.pdf", "a_b.pdf", "a_b.pdf"],
    ["a\\b.pdf", "a_b.pdf", "a_b.pdf"],
    ["../../etc/passwd", "_.._etc_passwd", "_.._etc_passwd"],
    [".env", "env", "env"],
    ["...x", "x", "x"],
    ["report.pdf.", "report.pdf", "report.pdf_"],
    ["report.pdf .", "report.pdf", "report.pdf__"],
    ["CON", "Untitled", "_CON"],
    ["con.txt", "Untitled.txt", "_con.txt"],
    ["Lpt9.log", "Untitled.log", "_Lpt9.log"],
    ["aux.tar.gz", "aux.tar.gz", "_aux.tar.gz"],
    ["/", "_", "download"],
  ];
  for (const [name, firefox, chromiumWindows] of cases) {
    await t.step(JSON.stringify(name), () => {
      assert.deepEqual(savedNames(name), { firefox, chromiumWindows });
    });
  }
});

Deno.test("renames() flags separators, leading dots, device names and trailing dots or spaces, and nothing else", () => {
  for (
    const device of ["CON", "prn", "Aux", "nul", "COM1", "com9", "LPT1", "lpt9"]
  ) {
    assert.deepEqual(renames(device), ["reserved"], device);
    assert.deepEqual(renames(`${device}.txt`), ["reserved"], `${device}.txt`);
  }
  for (
    const kept of [
      "report.pdf",
      "CONTRACT.pdf",
      "con-notes.txt",
      "COM10.txt",
      "LPT0",
      "a..b.pdf",
      " leading space.pdf",
      "季度报告.pdf",
    ]
  ) {
    assert.deepEqual(renames(kept), [], kept);
    assert.equal(filenameRename(kept), undefined, kept);
  }
  assert.deepEqual(renames("./a/b."), [
    "separator",
    "leading-dot",
    "trailing-dot-or-space",
  ]);
});

Deno.test("filenameRename() says what browsers save, and leaves unusable names to filename-unsafe", () => {
  assert.equal(
    filenameRename("a/b.pdf"),
    'browsers save it as "a_b.pdf" (/ and \\ become _)',
  );
  assert.equal(
    filenameRename("nul.txt"),
    'Chromium on Windows saves it as "_nul.txt", Firefox as "Untitled.txt" (Windows reserves device names such as CON and NUL)',
  );
  for (const unusable of ["..", ". .", "", "a\nb/c"]) {
    assert.notEqual(filenameProblem(unusable), undefined, unusable);
    assert.equal(filenameRename(unusable), undefined, unusable);
  }
  assert.match(filenameProblem("..")!, /only dots and spaces/);
});

Deno.test("filename-renamed checks the key's last segment that an attachment without a filename saves as", async (t) => {
  const findings = (defaults: string, objects: string) =>
    validateManifest(
      new TextEncoder().encode(
        `version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\n${defaults}objects:\n${objects}`,
      ),
      { now: new Date("2026-11-28T09:00:00Z") },
    ).diagnostics.filter((d) => d.rule === "filename-renamed")
      .map((d) =>
        `${d.range?.start.line}:${d.range?.start.column}: ${d.message} (${d.hint})`
      );
  await t.step("attachments by default: warned at the key", () => {
    assert.deepEqual(
      findings(
        "",
        "  - key: config/.env\n  - key: devices/CON\n  - key: reports/q3.pdf\n",
      ),
      [
        '4:10: Key "config/.env" downloads as ".env", which changes on download: browsers save it as "env" (leading dots are dropped) (set filename to the name to save as)',
        '5:10: Key "devices/CON" downloads as "CON", which changes on download: Chromium on Windows saves it as "_CON", Firefox as "Untitled" (Windows reserves device names such as CON and NUL) (set filename to the name to save as)',
      ],
    );
  });
  await t.step(
    "a filename, inline, HEAD, a folder marker or an invalid key: not",
    () => {
      assert.deepEqual(
        findings(
          "",
          [
            "  - {key: config/.env, filename: env.txt}",
            "  - {key: config/.env, disposition: inline}",
            "  - {key: config/.env, method: HEAD}",
            "  - {key: config/.folder/}",
            "  - {key: ..}",
            "",
          ].join("\n"),
        ),
        [],
      );
      assert.deepEqual(
        findings("defaults: {disposition: inline}\n", "  - key: config/.env\n"),
        [],
      );
      assert.deepEqual(
        findings("defaults: {filename: env.txt}\n", "  - key: config/.env\n"),
        [],
      );
    },
  );
});

Deno.test("parseListFile() keeps a renamed filename's object and warns at its line", () => {
  const result = parseListFile(
    '{"key": "a.txt", "filename": ".hidden"}\n{"key": "b.txt", "filename": "b.txt"}\n',
    "keys.ndjson",
  );
  assert.deepEqual(result.objects.map((o) => o.key), ["a.txt", "b.txt"]);
  assert.equal(result.diagnostics.length, 1);
  const [warning] = result.diagnostics;
  assert.equal(warning!.rule, "filename-renamed");
  assert.equal(warning!.severity, "warning");
  assert.equal(warning!.file, "keys.ndjson");
  assert.equal(warning!.range?.start.line, 1);
  assert.match(warning!.message, /browsers save it as "hidden"/);
});

const MANIFEST = `version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - key: a.txt
    filename: CON.txt
  - list: lists/keys.ndjson
  - list: latin1.txt
  - list: missing.txt
  - prefix: photos/
`;

Deno.test("validate reads every list: file and reports its findings at file:line", async () => {
  const run = await runCli(
    ["validate", "dir/links.yaml", "--report", "github"],
    {
      files: {
        "dir/links.yaml": MANIFEST,
        "dir/lists/keys.ndjson": [
          '{"key": "b.txt", "filename": "../b.txt"}',
          '{"key": "c.txt", "filename": "c\\r\\n.txt"}',
          "not json",
          '{"key": "a.txt"}',
          "",
        ].join("\n"),
        "dir/latin1.txt": new Uint8Array([0x61, 0x0a, 0xe9, 0x0a]),
      },
    },
  );
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stderr.split("\n").filter((line) => line.startsWith("::"))
    .map((line) => line.replace(/,endLine=\d+,endColumn=\d+/, ""));
  assert.deepEqual(lines, [
    '::warning file=dir/links.yaml,line=5,col=15,title=filename-renamed::Filename "CON.txt" changes on download: Chromium on Windows saves it as "_CON.txt", Firefox as "Untitled.txt" (Windows reserves device names such as CON and NUL)',
    '::error file=dir/links.yaml,line=6,col=11,title=duplicate-id::Duplicate link id "a.txt": objects[0] has it too',
    '::error file=dir/links.yaml,line=7,col=11,title=list-unreadable::Cannot read list file "dir/latin1.txt": line 2 is not UTF-8',
    '::error file=dir/links.yaml,line=8,col=11,title=list-unreadable::Cannot read list file "dir/missing.txt": file not found',
    '::warning file=lists/keys.ndjson,line=1,col=1,title=filename-renamed::Filename "../b.txt" changes on download: browsers save it as "_b.txt" (/ and \\ become _; leading dots are dropped)',
    "::error file=lists/keys.ndjson,line=2,col=1,title=filename-unsafe::Unsafe filename: it has the control character U+000D",
    `::error file=lists/keys.ndjson,line=3,col=1,title=list-entry-invalid::Invalid NDJSON line: Unexpected token 'o', "not json" is not valid JSON`,
  ]);
  // A prefix is sign --live's business: no finding here.
  assert.doesNotMatch(run.stderr, /prefix-needs-listing/);
});

Deno.test("validate reports the first 100 list problems and counts the rest, warnings as a warning", async (t) => {
  const manifest = `version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - list: keys.ndjson
`;
  await t.step("errors", async () => {
    const run = await runCli(["validate", "links.yaml", "--report", "github"], {
      files: {
        "links.yaml": manifest,
        "keys.ndjson": '{"key": "a"}\n' + "{broken\n".repeat(130),
      },
    });
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr.match(/title=list-entry-invalid::Invalid/g)?.length,
      100,
    );
    assert.match(
      run.stderr,
      /::error file=links\.yaml,title=list-entry-invalid::30 more list-file problems not shown \(the first 100 are\)/,
    );
  });
  await t.step("only warnings: the run passes", async () => {
    const keys = Array.from(
      { length: 130 },
      (_, i) => JSON.stringify({ key: `k${i}`, filename: `.k${i}` }),
    ).join("\n");
    const run = await runCli(["validate", "links.yaml", "--report", "github"], {
      files: { "links.yaml": manifest, "keys.ndjson": keys },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /::warning file=links\.yaml,title=list-entry-invalid::30 more list-file problems not shown/,
    );
  });
});

Deno.test("validate stops with exit 2 when reading a list file is refused, as sign does", async () => {
  const run = await runCli(["validate", "links.yaml"], {
    files: {
      "links.yaml": `version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - list: keys.txt
`,
      "keys.txt": new Deno.errors.NotCapable(
        'Requires read access to "keys.txt", run again with the --allow-read flag',
      ),
    },
  });
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr,
    'osslinks validate: Missing permission: read access to "keys.txt"; run again with --allow-read=keys.txt\n',
  );
});
