import assert from "node:assert/strict";
import type { Diagnostic } from "../../src/diagnostic.ts";
import { plural } from "../../src/cli/report.ts";
import { formatGithub } from "../../src/report/github.ts";
import { formatJsonReport } from "../../src/report/json.ts";
import { formatPretty } from "../../src/report/pretty.ts";
import { formatSarif } from "../../src/report/sarif.ts";
import { RULE_CATALOGUE } from "../../src/catalogue/catalogue.ts";
import { validateManifest } from "../../src/pipeline/validate.ts";
import { VERSION } from "../../src/version.ts";
import { LineIndex } from "../../src/yaml/line_index.ts";
import { type FakeIoOptions, runCli } from "../_fake_io.ts";

const NOW = new Date("2026-11-28T09:00:00Z");

/** Two errors and two warnings, one of them on a line that holds a key id. */
const MANIFEST = `version: 1
bucket:
  name: examplebucket
  region: cn-hangzhou
  https: false
objects:
  - key: "报告/季度.jpg"
    expires: 8d
    disposition: inline
  - key: a.txt
    id: LTAI5tExampleAccessKeyId
`;

const CLEAN = `version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects: [{key: a.txt}]
`;

const WARNING_ONLY = CLEAN.replace("cn-hangzhou", "cn-hangzhou, https: false");

function validated(text: string, file = "links.yaml") {
  const result = validateManifest(new TextEncoder().encode(text), {
    file,
    now: NOW,
  });
  return {
    diagnostics: result.diagnostics,
    sources: new Map([[file, result.lines!]]),
  };
}

function report(format: string, options: FakeIoOptions = {}) {
  return runCli(
    ["validate", "--report", format, "--now", NOW.toISOString(), "links.yaml"],
    { files: { "links.yaml": MANIFEST }, ...options },
  );
}

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[\d+m/g;

Deno.test("formatPretty() prints a one-liner, a code frame and the hint", async (t) => {
  const { diagnostics, sources } = validated(MANIFEST);
  const text = formatPretty(diagnostics, { sources });
  assert.doesNotMatch(text, ANSI);
  await t.assertSnapshot(text);
});

Deno.test("formatPretty() colours only the decorations", () => {
  const { diagnostics, sources } = validated(MANIFEST);
  const plain = formatPretty(diagnostics, { sources });
  const coloured = formatPretty(diagnostics, { sources, color: true });
  assert.ok(coloured.includes("\x1b[31m^~ error\x1b[0m"), "error in red");
  assert.ok(coloured.includes("\x1b[33m^~~~~ warning\x1b[0m"), "in yellow");
  assert.equal(coloured.replace(ANSI, ""), plain);
});

Deno.test("validate colours the report only on a terminal without NO_COLOR", async () => {
  const terminal = await report("pretty", { stderrIsTerminal: true });
  assert.match(terminal.stderr, ANSI);
  const noColor = await report("pretty", {
    stderrIsTerminal: true,
    env: { NO_COLOR: "1" },
  });
  assert.doesNotMatch(noColor.stderr, ANSI);
  const piped = await report("pretty");
  assert.doesNotMatch(piped.stderr, ANSI);
  assert.equal(noColor.stderr, piped.stderr);
  assert.match(piped.stderr, /\nValidated links.yaml: 2 errors, 2 warnings\n$/);
  // no-color.org: only a NO_COLOR that is present and not empty turns it off.
  const emptyNoColor = await report("pretty", {
    stderrIsTerminal: true,
    env: { NO_COLOR: "" },
  });
  assert.match(emptyNoColor.stderr, ANSI);
});

Deno.test("formatPretty() underlines the whole range", async (t) => {
  const lines = new LineIndex("expires: 8d\nkey: |\n  multi\n");
  const frame = (start: number, end: number) => {
    const diagnostic: Diagnostic = {
      rule: "r",
      severity: "error",
      message: "m",
      file: "f",
      range: lines.range(start, end),
    };
    return formatPretty([diagnostic], { sources: new Map([["f", lines]]) })
      .split("\n")[3];
  };
  await t.step("one character per code point", () => {
    assert.equal(frame(9, 11), "  |          ^~ error");
  });
  await t.step("an empty range gets a caret", () => {
    assert.equal(frame(9, 9), "  |          ^ error");
  });
  await t.step(
    "a range over several lines runs to the end of the first",
    () => {
      assert.equal(frame(5, 20), "  |      ^~~~~~ error");
    },
  );
});

Deno.test("formatPretty() counts columns in code points and pads by display width", async (t) => {
  await t.step("Chinese before the finding", () => {
    const { diagnostics, sources } = validated(
      CLEAN.replace("{key: a.txt}", "{key: 报告.pdf, expires: 8d}"),
    );
    const [head, , line, caret] = formatPretty(diagnostics, { sources })
      .split("\n");
    assert.equal(head!.split(": ")[0], "links.yaml:3:34");
    assert.equal(line, "3 | objects: [{key: 报告.pdf, expires: 8d}]");
    // 报告 takes four terminal columns, so the caret moves two to the right.
    assert.equal(caret, `  | ${" ".repeat(33 + 2)}^~ error`);
  });
  await t.step("Chinese inside the range widens the underline", () => {
    const { diagnostics, sources } = validated(
      CLEAN.replace("{key: a.txt}", "{key: a.txt, style: 缩略图}"),
    );
    const caret = formatPretty(diagnostics, { sources }).split("\n")[3];
    assert.equal(caret, `  | ${" ".repeat(30)}^${"~".repeat(5)} error`);
  });
  await t.step("an emoji is one column in the one-liner", () => {
    const { diagnostics } = validated(
      CLEAN.replace("{key: a.txt}", '{key: "📄", expires: 8d}'),
    );
    assert.equal(diagnostics[0]!.range!.start.column, 31);
  });
});

Deno.test("formatPretty() neutralises control characters from the source", () => {
  const source = 'key: "\x1b[2J\u202eevil\u0007"\n';
  const lines = new LineIndex(source);
  const diagnostic: Diagnostic = {
    rule: "key-invalid",
    severity: "error",
    message: 'Key "\x1b[31mred\nline" is bad',
    hint: "tab\there\x9b",
    file: "f",
    range: lines.range(5, 17),
  };
  const text = formatPretty([diagnostic], {
    sources: new Map([["f", lines]]),
  });
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(text, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
  assert.equal(
    text,
    'f:1:6: Key "\uFFFD[31mred\uFFFDline" is bad [key-invalid]\n' +
      "  |\n" +
      '1 | key: "\uFFFD[2J\uFFFDevil\uFFFD"\n' +
      `  |      ^${"~".repeat(11)} error\n` +
      "  = hint: tab here\uFFFD\n",
  );
});

Deno.test("formatPretty() hides the source line of a sensitive finding", () => {
  const { diagnostics, sources } = validated(MANIFEST);
  const text = formatPretty(diagnostics, { sources });
  const secret = text.split("\n\n").find((block) =>
    block.includes("[secret-in-manifest]")
  )!;
  assert.ok(!text.includes("LTAI5tExampleAccessKeyId"));
  assert.equal(
    secret.split("\n").slice(1, 4).join("\n"),
    "   |\n11 | (line hidden: it may hold a secret)\n   | ^ error",
  );
});

Deno.test("formatPretty() prints a finding about the whole file without a frame", () => {
  const text = formatPretty([{
    rule: "input-too-large",
    severity: "error",
    message: "The manifest is 9 bytes, more than the limit of 8 bytes",
    file: "links.yaml",
  }]);
  assert.equal(
    text,
    "links.yaml: The manifest is 9 bytes, more than the limit of 8 bytes [input-too-large]\n  error\n",
  );
});

Deno.test("formatJsonReport() gives every finding with 1-based positions and a summary", async (t) => {
  const { diagnostics } = validated(MANIFEST);
  const text = formatJsonReport(diagnostics);
  assert.ok(text.endsWith("}\n"));
  const parsed = JSON.parse(text);
  assert.deepEqual(Object.keys(parsed), ["diagnostics", "summary"]);
  assert.deepEqual(parsed.summary, { error: 2, warning: 2 });
  assert.deepEqual(parsed.diagnostics[0], {
    file: "links.yaml",
    line: 5,
    column: 10,
    endLine: 5,
    endColumn: 15,
    rule: "https-disabled",
    severity: "warning",
    message:
      "Links use http: anyone on the path can read and replay them, and https pages block them as mixed content",
    hint: null,
  });
  assert.ok(!text.includes("LTAI5tExampleAccessKeyId"));
  await t.step("a finding about the whole file has null positions", () => {
    const whole = JSON.parse(formatJsonReport([{
      rule: "input-too-large",
      severity: "error",
      message: "m",
      file: "f",
    }]));
    assert.deepEqual(
      [whole.diagnostics[0].line, whole.diagnostics[0].column],
      [null, null],
    );
  });
  await t.step("the whole output", async () => {
    const run = await report("json");
    assert.equal(run.stderr, text);
    await t.assertSnapshot(run.stderr);
  });
});

Deno.test("formatGithub() escapes data and properties as workflow commands need", async (t) => {
  await t.step("%, CR and LF in the message; : and , too in properties", () => {
    const text = formatGithub([{
      rule: "rule:a,b",
      severity: "warning",
      message: "100% sure\r\nnext: line, more",
      hint: "a%b",
      file: "dir,x/a:b%.yaml",
      range: {
        start: { line: 2, column: 3, offset: 0 },
        end: { line: 2, column: 5, offset: 0 },
      },
    }]);
    assert.equal(
      text,
      "::warning file=dir%2Cx/a%3Ab%25.yaml,line=2,col=3,endLine=2,endColumn=5,title=rule%3Aa%2Cb::" +
        "100%25 sure%0D%0Anext: line, more (hint: a%25b)\n",
    );
  });
  await t.step("a range over lines has no endColumn", () => {
    const text = formatGithub([{
      rule: "r",
      severity: "error",
      message: "m",
      file: "f",
      range: {
        start: { line: 2, column: 3, offset: 0 },
        end: { line: 4, column: 1, offset: 0 },
      },
    }]);
    assert.equal(text, "::error file=f,line=2,col=3,endLine=4,title=r::m\n");
  });
  await t.step("the whole output", async () => {
    const run = await report("github");
    assert.equal(run.code, 1);
    await t.assertSnapshot(run.stderr);
  });
});

Deno.test("validate picks the github report under GitHub Actions", async (t) => {
  await t.step("GITHUB_ACTIONS=true without --report", async () => {
    const run = await runCli(["validate", "links.yaml"], {
      files: { "links.yaml": MANIFEST },
      env: { GITHUB_ACTIONS: "true" },
    });
    assert.match(run.stderr, /^::warning file=links.yaml,line=5,col=10,/);
    assert.equal(run.stderr.split("\n").filter((l) => l !== "").length, 4);
  });
  await t.step("--report wins over GITHUB_ACTIONS", async () => {
    const run = await report("pretty", { env: { GITHUB_ACTIONS: "true" } });
    assert.match(run.stderr, /^links.yaml:5:10: /);
  });
  await t.step("other values of GITHUB_ACTIONS keep pretty", async () => {
    const run = await runCli(["validate", "links.yaml"], {
      files: { "links.yaml": MANIFEST },
      env: { GITHUB_ACTIONS: "false" },
    });
    assert.match(run.stderr, /^links.yaml:5:10: /);
  });
});

Deno.test("formatSarif() writes a SARIF 2.1.0 log with every rule and result", async (t) => {
  const { diagnostics } = validated(MANIFEST, "my links.yaml");
  const log = JSON.parse(
    formatSarif(diagnostics, { rules: RULE_CATALOGUE, version: VERSION }),
  );
  assert.equal(log.version, "2.1.0");
  assert.equal(log.$schema, "https://json.schemastore.org/sarif-2.1.0.json");
  assert.equal(log.runs.length, 1);
  const [run] = log.runs;
  assert.equal(run.columnKind, "unicodeCodePoints");
  assert.equal(run.tool.driver.name, "osslinks");
  assert.equal(run.tool.driver.version, VERSION);
  assert.deepEqual(
    run.tool.driver.rules.map((rule: { id: string }) => rule.id),
    RULE_CATALOGUE.map((rule) => rule.id),
  );
  for (const rule of run.tool.driver.rules) {
    assert.equal(typeof rule.shortDescription.text, "string");
    assert.match(rule.defaultConfiguration.level, /^(error|warning|note)$/);
  }
  // Inspect's "info" severity is SARIF's "note"; SARIF has no "info".
  const infoRule = RULE_CATALOGUE.find((rule) => rule.severity === "info");
  assert.ok(infoRule !== undefined);
  assert.equal(
    run.tool.driver.rules.find((rule: { id: string }) =>
      rule.id === infoRule.id
    ).defaultConfiguration.level,
    "note",
  );
  assert.equal(run.results.length, 4);
  for (const [index, result] of run.results.entries()) {
    const diagnostic = diagnostics[index]!;
    assert.equal(result.ruleId, diagnostic.rule);
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    assert.equal(result.level, diagnostic.severity);
    assert.ok(result.message.text.startsWith(diagnostic.message));
    const { physicalLocation } = result.locations[0];
    assert.equal(physicalLocation.artifactLocation.uri, "my%20links.yaml");
    assert.deepEqual(physicalLocation.region, {
      startLine: diagnostic.range!.start.line,
      startColumn: diagnostic.range!.start.column,
      endLine: diagnostic.range!.end.line,
      endColumn: diagnostic.range!.end.column,
    });
    assert.ok(physicalLocation.region.startLine >= 1);
    assert.ok(physicalLocation.region.startColumn >= 1);
  }
  await t.step("a finding about the whole file has no region", () => {
    const whole = JSON.parse(formatSarif([{
      rule: "input-too-large",
      severity: "error",
      message: "m",
      file: "<stdin>",
    }], { rules: RULE_CATALOGUE, version: VERSION }));
    const location = whole.runs[0].results[0].locations[0].physicalLocation;
    assert.deepEqual(location, { artifactLocation: { uri: "%3Cstdin%3E" } });
  });
  await t.step("a file name with # or ? stays one path in the URI", () => {
    const log = JSON.parse(formatSarif([{
      rule: "input-too-large",
      severity: "error",
      message: "m",
      file: "ci/links #2?.yaml",
    }], { rules: RULE_CATALOGUE, version: VERSION }));
    const location = log.runs[0].results[0].locations[0].physicalLocation;
    assert.equal(location.artifactLocation.uri, "ci/links%20%232%3F.yaml");
  });
  await t.step("an empty log still lists the rules", () => {
    const empty = JSON.parse(
      formatSarif([], { rules: RULE_CATALOGUE, version: VERSION }),
    );
    assert.deepEqual(empty.runs[0].results, []);
    assert.equal(
      empty.runs[0].tool.driver.rules.length,
      RULE_CATALOGUE.length,
    );
  });
  await t.step("the whole output", async () => {
    const run = await report("sarif");
    assert.ok(!run.stderr.includes("LTAI5tExampleAccessKeyId"));
    // As it is: the rules' Markdown help has every kind of quote, which
    // the default serializer would escape throughout.
    await t.assertSnapshot(run.stderr, { serializer: String });
  });
});

Deno.test("validate exits by --fail-on", async (t) => {
  const run = (text: string, ...flags: string[]) =>
    runCli(["validate", ...flags, "links.yaml"], {
      files: { "links.yaml": text },
    });
  await t.step("warnings pass by default", async () => {
    const result = await run(WARNING_ONLY);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /0 errors, 1 warning\n$/);
  });
  await t.step("--fail-on error keeps warnings at 0", async () => {
    assert.equal((await run(WARNING_ONLY, "--fail-on", "error")).code, 0);
  });
  await t.step("--fail-on warning makes warnings exit 1", async () => {
    assert.equal((await run(WARNING_ONLY, "--fail-on", "warning")).code, 1);
    assert.equal((await run(WARNING_ONLY, "--fail-on=warning")).code, 1);
  });
  await t.step("errors exit 1 either way", async () => {
    assert.equal((await run(MANIFEST, "--fail-on", "error")).code, 1);
    assert.equal((await run(MANIFEST, "--fail-on", "warning")).code, 1);
  });
  await t.step("a clean manifest exits 0 either way", async () => {
    assert.equal((await run(CLEAN, "--fail-on", "warning")).code, 0);
  });
  await t.step("every format exits the same way", async () => {
    for (const format of ["pretty", "json", "github", "sarif"]) {
      const result = await run(
        WARNING_ONLY,
        "--report",
        format,
        "--fail-on",
        "warning",
      );
      assert.equal(result.code, 1, format);
    }
  });
});

Deno.test("formatPretty() gives the severity of a finding whose source it has not", () => {
  const position = (column: number) => ({ line: 4, column, offset: 0 });
  const text = formatPretty([{
    rule: "key-invalid",
    severity: "warning",
    message: 'Invalid object key: the key starts with "/"',
    file: "keys.txt",
    range: { start: position(1), end: position(5) },
    hint: "drop the slash",
  }], { sources: new Map() });
  assert.equal(
    text,
    'keys.txt:4:1: Invalid object key: the key starts with "/" [key-invalid]\n  warning\n  = hint: drop the slash\n',
  );
});

Deno.test("plural() counts regular and irregular nouns", () => {
  assert.equal(plural(1, "error"), "1 error");
  assert.equal(plural(0, "error"), "0 errors");
  assert.equal(plural(2, ["retry", "retries"]), "2 retries");
  assert.equal(plural(1, ["prefix", "prefixes"]), "1 prefix");
});
