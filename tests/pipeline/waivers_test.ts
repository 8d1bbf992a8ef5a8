/**
 * Waivers: `# osslinks-ignore:` comments, the manifest's `rules:` section
 * and `--ignore`; how waived findings are counted, reported and kept out
 * of the exit code; unknown and unwaivable rule names.
 */
import assert from "node:assert/strict";
import type { Diagnostic } from "../../src/diagnostic.ts";
import { RULE_CATALOGUE } from "../../src/catalogue/catalogue.ts";
import { signManifest } from "../../src/pipeline/sign_manifest.ts";
import { validateManifest } from "../../src/pipeline/validate.ts";
import { type CliRun, type FakeIoOptions, runCli } from "../_fake_io.ts";
import { KEY } from "../_emulator.ts";
import { assertGithubReady, assertSarifSchema } from "../_sarif.ts";

const NOW = "2026-11-28T09:00:00Z";
const ENV = {
  OSS_ACCESS_KEY_ID: KEY.accessKeyId,
  OSS_ACCESS_KEY_SECRET: KEY.accessKeySecret,
};
const HEAD = `version: 1
bucket:
  name: examplebucket
  region: cn-hangzhou
`;

function validate(text: string, ignore: string[] = []) {
  return validateManifest(new TextEncoder().encode(text), {
    file: "links.yaml",
    now: new Date(NOW),
    ignore,
  });
}

/** `rule line:col`, and ` waived` with how, for each finding. */
function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) =>
    `${d.rule} ${d.range?.start.line ?? "-"}:${d.range?.start.column ?? "-"}${
      d.suppressed
        ? ` waived ${d.suppressed.kind}/${d.suppressed.via}${
          d.suppressed.reason !== undefined ? ` "${d.suppressed.reason}"` : ""
        }`
        : ""
    }`
  );
}

function cli(
  text: string,
  args: readonly string[] = [],
  options: FakeIoOptions = {},
  command = "validate",
): Promise<CliRun> {
  return runCli([command, "links.yaml", "--now", NOW, ...args], {
    ...options,
    files: { "links.yaml": text, ...options.files },
  });
}

Deno.test("a # osslinks-ignore comment after a value waives that line's findings", async (t) => {
  await t.step("the rule, a reason, and the summary counts it", async () => {
    const text =
      `${HEAD}  https: false  # osslinks-ignore: https-disabled the CDN ends TLS
objects: [{key: a.txt}]
`;
    assert.deepEqual(summary(validate(text).diagnostics), [
      'https-disabled 5:10 waived inSource/comment "the CDN ends TLS"',
    ]);
    const run = await cli(text, ["--fail-on", "warning"]);
    assert.equal(run.code, 0, "a waived warning does not fail");
    assert.equal(
      run.stderr,
      "Validated links.yaml: 0 errors, 0 warnings (1 waived)\n",
    );
  });
  await t.step("a waived error does not fail either", async () => {
    const text = `${HEAD}objects:
  - key: a.txt
    trafficLimit: 100  # osslinks-ignore: traffic-limit-range
`;
    const run = await cli(text);
    assert.equal(run.code, 0);
    assert.equal(
      run.stderr,
      "Validated links.yaml: 0 errors, 0 warnings (1 waived)\n",
    );
  });
  await t.step(
    "several rules, spaces after commas, '--' before the reason",
    () => {
      const text = `${HEAD}  https: false
  signature: v1  # osslinks-ignore: signature-v1, https-disabled -- legacy app
objects: [{key: a.txt}]
`;
      assert.deepEqual(summary(validate(text).diagnostics), [
        "https-disabled 5:10",
        'signature-v1 6:14 waived inSource/comment "legacy app"',
      ]);
    },
  );
  await t.step("other rules on the line stay", () => {
    const text = `${HEAD}objects:
  - {key: "/a.txt", trafficLimit: 100}  # osslinks-ignore: key-invalid
`;
    assert.deepEqual(summary(validate(text).diagnostics), [
      "key-invalid 6:11 waived inSource/comment",
      "traffic-limit-range 6:35",
    ]);
  });
  await t.step("on the line of an entry's first key: only that line", () => {
    const text = `${HEAD}objects:
  - key: a%20b.txt  # osslinks-ignore: key-encoded,traffic-limit-range
    trafficLimit: 100
`;
    assert.deepEqual(summary(validate(text).diagnostics), [
      "key-encoded 6:10 waived inSource/comment",
      "traffic-limit-range 7:19",
    ]);
  });
});

Deno.test("a # osslinks-ignore comment on its own line waives the whole node below it", async (t) => {
  await t.step("an object entry, every line of it", () => {
    const text = `${HEAD}objects:
  # osslinks-ignore: traffic-limit-range,key-encoded  one-off export
  - key: a%20b.txt
    trafficLimit: 100
  - key: c%20d.txt
    trafficLimit: 100
`;
    assert.deepEqual(summary(validate(text).diagnostics), [
      'key-encoded 7:10 waived inSource/comment "one-off export"',
      'traffic-limit-range 8:19 waived inSource/comment "one-off export"',
      "key-encoded 9:10",
      "traffic-limit-range 10:19",
    ]);
  });
  await t.step("blank lines and other comments between", () => {
    const text = `${HEAD}objects:
  # osslinks-ignore: traffic-limit-range

  # the Q3 export
  - key: a.txt
    trafficLimit: 100
`;
    assert.deepEqual(summary(validate(text).diagnostics), [
      "traffic-limit-range 10:19 waived inSource/comment",
    ]);
  });
  await t.step("a mapping key: everything under it", () => {
    const text = `${HEAD}# osslinks-ignore: origin-invalid
access:
  origins:
    - https://app.example.com/
    - http://localhost:3000/
objects: [{key: a.txt}]
`;
    assert.deepEqual(summary(validate(text).diagnostics), [
      "origin-invalid 8:7 waived inSource/comment",
      "origin-invalid 9:7 waived inSource/comment",
    ]);
  });
  await t.step("a flow entry and a nested key", () => {
    const text = `${HEAD}objects:
  # osslinks-ignore: traffic-limit-range
  - {key: a.txt, trafficLimit: 100}
  - key: b.txt
    # osslinks-ignore: traffic-limit-range
    trafficLimit: 100
    filename: "x\\u0007"
`;
    assert.deepEqual(summary(validate(text).diagnostics), [
      "traffic-limit-range 7:32 waived inSource/comment",
      "traffic-limit-range 10:19 waived inSource/comment",
      "filename-unsafe 11:15",
    ]);
  });
  await t.step(
    "a finding reported elsewhere (in defaults) is not in the entry",
    () => {
      const text = `${HEAD}defaults:
  trafficLimit: 100
objects:
  # osslinks-ignore: traffic-limit-range
  - key: a.txt
`;
      assert.deepEqual(summary(validate(text).diagnostics), [
        "traffic-limit-range 6:17",
      ]);
    },
  );
});

Deno.test("only real comments that start with the marker are waivers", async (t) => {
  await t.step("inside quoted and block scalars", () => {
    const text = `${HEAD}objects:
  - key: "a%20b # osslinks-ignore: key-encoded"
  - key: 'c%20d # osslinks-ignore: key-encoded'
  - key: |-
      e%20f # osslinks-ignore: key-encoded
`;
    const found = summary(validate(text).diagnostics);
    assert.equal(found.length, 3);
    assert.ok(found.every((line) => !line.includes("waived")), found.join());
  });
  await t.step("mentioning the marker, or a longer word", () => {
    const text = `${HEAD}  https: false  # see osslinks-ignore in the README
  signature: v1  # osslinks-ignored: signature-v1
objects: [{key: a.txt}]
`;
    assert.deepEqual(summary(validate(text).diagnostics), [
      "https-disabled 5:10",
      "signature-v1 6:14",
    ]);
  });
  await t.step("no colon, or no rule: a finding at the comment", () => {
    for (
      const comment of [
        "# osslinks-ignore",
        "#osslinks-ignore:",
        "# osslinks-ignore https-disabled",
      ]
    ) {
      const result = validate(
        `${HEAD}  https: false  ${comment}\nobjects: [{key: a.txt}]\n`,
      );
      assert.deepEqual(summary(result.diagnostics), [
        "https-disabled 5:10",
        "waiver-unknown-rule 5:17",
      ], comment);
      assert.match(
        result.diagnostics[1]!.message,
        /^Waiver comment names no rule: write "# osslinks-ignore: <rule>/,
      );
    }
  });
});

Deno.test("the rules: section turns rules off or sets their severity", async (t) => {
  const text = (rules: string) =>
    `${HEAD}  https: false
  signature: v1
rules:
${rules}objects: [{key: a.txt, trafficLimit: 100}]
`;
  await t.step("off waives the rule everywhere, at the rules: entry", () => {
    const result = validate(text("  https-disabled: off\n"));
    assert.deepEqual(summary(result.diagnostics), [
      "https-disabled 5:10 waived inSource/rules",
      "signature-v1 6:14",
      "traffic-limit-range 9:38",
    ]);
    assert.deepEqual(
      result.diagnostics[0]!.suppressed!.at!.range.start.line,
      8,
    );
  });
  await t.step(
    "warning lowers an error: it fails only with --fail-on warning",
    async () => {
      const manifest = text(
        "  traffic-limit-range: warning\n  https-disabled: off\n  signature-v1: off\n",
      );
      assert.deepEqual(
        validate(manifest).diagnostics.filter((d) => !d.suppressed).map((d) =>
          `${d.rule} ${d.severity}`
        ),
        ["traffic-limit-range warning"],
      );
      assert.equal((await cli(manifest)).code, 0);
      assert.equal((await cli(manifest, ["--fail-on", "warning"])).code, 1);
    },
  );
  await t.step("error raises a warning: it fails by default", async () => {
    const manifest = text(
      "  https-disabled: error\n  signature-v1: off\n  traffic-limit-range: off\n",
    );
    const run = await cli(manifest);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /\n {2}\|\s+\^~~~~ error\n/);
    assert.match(run.stderr, /: 1 error, 0 warnings \(2 waived\)\n$/);
  });
  await t.step(
    "a value outside off|warning|error is a schema finding, with a did-you-mean",
    () => {
      const result = validate(text("  https-disabled: of\n"));
      const finding = result.diagnostics.find((d) =>
        d.rule === "schema-value"
      )!;
      assert.equal(
        finding.message,
        'Invalid rules.https-disabled "of": expected one of "off", "warning", "error"',
      );
      assert.equal(finding.hint, 'did you mean "off"?');
    },
  );
});

Deno.test("--ignore waives rules from outside the manifest", async (t) => {
  const manifest = `${HEAD}  https: false
  signature: v1
objects: [{key: a.txt}]
`;
  await t.step("repeatable, and comma lists", async () => {
    for (
      const flags of [
        ["--ignore", "https-disabled", "--ignore", "signature-v1"],
        ["--ignore", "https-disabled,signature-v1"],
        ["--ignore=https-disabled, signature-v1"],
      ]
    ) {
      const run = await cli(manifest, ["--fail-on", "warning", ...flags]);
      assert.equal(run.code, 0, flags.join(" "));
      assert.equal(
        run.stderr,
        "Validated links.yaml: 0 errors, 0 warnings (2 waived)\n",
      );
    }
  });
  await t.step("external, after a comment and rules: off", () => {
    const text = manifest.replace(
      "https: false",
      "https: false # osslinks-ignore: https-disabled",
    ) +
      "rules: {signature-v1: off}\n";
    assert.deepEqual(
      summary(
        validate(text, ["https-disabled", "signature-v1", "key-encoded"])
          .diagnostics,
      ),
      [
        "https-disabled 5:10 waived inSource/comment",
        "signature-v1 6:14 waived inSource/rules",
      ],
    );
    assert.deepEqual(
      summary(validate(manifest, ["signature-v1"]).diagnostics),
      [
        "https-disabled 5:10",
        "signature-v1 6:14 waived external/flag",
      ],
    );
  });
});

Deno.test("a waiver that names an unknown rule, or one that cannot be waived, is a finding at the waiver", async (t) => {
  await t.step("in a comment: at the name, with a did-you-mean", () => {
    const result = validate(
      `${HEAD}  https: false  # osslinks-ignore: https-disabled,htps-disabld\nobjects: [{key: a.txt}]\n`,
    );
    assert.deepEqual(summary(result.diagnostics), [
      "https-disabled 5:10 waived inSource/comment",
      "waiver-unknown-rule 5:51",
    ]);
    const finding = result.diagnostics[1]!;
    assert.equal(
      finding.message,
      'Unknown rule "htps-disabld" in a waiver comment',
    );
    assert.equal(finding.hint, 'did you mean "https-disabled"?');
    assert.equal(
      finding.range!.end.column - finding.range!.start.column,
      "htps-disabld".length,
    );
  });
  await t.step("in rules: at the key", () => {
    const result = validate(
      `${HEAD}rules:\n  traffic-limit-rang: off\nobjects: [{key: a.txt}]\n`,
    );
    assert.deepEqual(summary(result.diagnostics), ["waiver-unknown-rule 6:3"]);
    assert.equal(
      result.diagnostics[0]!.hint,
      'did you mean "traffic-limit-range"?',
    );
  });
  await t.step(
    "in --ignore: about the manifest, without a position",
    async () => {
      const run = await cli(`${HEAD}objects: [{key: a.txt}]\n`, [
        "--ignore",
        "nosuchrule-at-all",
      ]);
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /^links\.yaml: Unknown rule "nosuchrule-at-all" in --ignore \[waiver-unknown-rule\]\n {2}error\n {2}= hint: the rules are listed in docs\/rules\.md\n/,
      );
    },
  );
  await t.step(
    "a rule that cannot be waived: the waiver is refused and the finding stays",
    async () => {
      const broken =
        `${HEAD}objects: {key: a.txt}  # osslinks-ignore: schema-type\nrules: {schema-type: off, waiver-unknown-rule: off}\n`;
      const result = validate(broken, ["schema-type"]);
      assert.deepEqual(summary(result.diagnostics), [
        "waiver-not-allowed -:-",
        "schema-type 5:10",
        "waiver-not-allowed 5:43",
        "waiver-not-allowed 6:9",
        "waiver-not-allowed 6:27",
      ]);
      assert.match(
        result.diagnostics[4]!.message,
        /cannot be waived: its findings mean that a waiver is wrong, which no waiver can hide$/,
      );
      assert.equal((await cli(broken, ["--ignore", "schema-type"])).code, 1);
      const unsignable = validate(
        `${HEAD}objects:\n  - key: a.txt\n    expires: 8d  # osslinks-ignore: expires-too-long\n`,
      );
      assert.deepEqual(summary(unsignable.diagnostics), [
        "expires-too-long 7:14",
        "waiver-not-allowed 7:37",
      ]);
      assert.match(
        unsignable.diagnostics[1]!.message,
        /^Rule "expires-too-long" in a waiver comment cannot be waived: its findings mean that the link cannot be signed$/,
      );
      const secret = validate(
        `${HEAD}objects: [{key: a.txt, id: LTAI5tExampleAccessKeyId}]\n`,
        ["secret-in-manifest"],
      );
      assert.deepEqual(summary(secret.diagnostics), [
        "waiver-not-allowed -:-",
        "secret-in-manifest 5:28",
      ]);
      const syntax = await cli("version: 1\nbucket: [\n", [
        "--ignore",
        "yaml-syntax",
      ]);
      assert.equal(syntax.code, 1);
      assert.match(syntax.stderr, /\[yaml-syntax\]/);
      assert.match(
        syntax.stderr,
        /Rule "yaml-syntax" in --ignore cannot be waived/,
      );
      const encoding = await cli("", ["--ignore", "input-encoding"], {
        files: { "links.yaml": new Uint8Array([0xff, 0xfe, 0x00]) },
      });
      assert.equal(encoding.code, 2, "unreadable input stays exit 2");
      const inspectOnly = validate(`${HEAD}objects: [{key: a.txt}]\n`, [
        "url-truncated",
      ]);
      assert.deepEqual(summary(inspectOnly.diagnostics), [
        "waiver-not-allowed -:-",
      ]);
      assert.match(
        inspectOnly.diagnostics[0]!.message,
        /^Rule "url-truncated" in --ignore cannot be waived: only osslinks inspect reports it/,
      );
      const emulatorOnly = validate(`${HEAD}objects: [{key: a.txt}]\n`, [
        "emulator-config",
      ]);
      assert.match(
        emulatorOnly.diagnostics[0]!.message,
        /^Rule "emulator-config" in --ignore cannot be waived: only osslinks emulator reports it, on its config file/,
      );
    },
  );
  await t.step("every catalogue rule is named as waivable or not", () => {
    const inspectOnly = RULE_CATALOGUE.filter((rule) =>
      rule.commands?.join() === "inspect"
    );
    assert.ok(inspectOnly.length > 0);
    assert.ok(inspectOnly.every((rule) => rule.waivable === false));
    const unwaivable = RULE_CATALOGUE.filter((rule) =>
      rule.waivable === false && !inspectOnly.includes(rule)
    ).map((rule) => rule.id);
    assert.deepEqual(unwaivable, [
      "emulator-config",
      "expires-format",
      "expires-not-positive",
      "expires-too-long",
      "filename-unsafe",
      "input-encoding",
      "input-too-large",
      "list-unreadable",
      "object-selector",
      "schema-missing",
      "schema-type",
      "schema-unknown-key",
      "schema-value",
      "secret-in-manifest",
      "waiver-not-allowed",
      "waiver-unknown-rule",
      "yaml-alias",
      "yaml-empty",
      "yaml-syntax",
    ]);
  });
});

Deno.test("waived findings interplay with --fail-on", async (t) => {
  // An error and a warning, each waivable.
  const manifest = `${HEAD}  https: false
objects:
  - key: a.txt
    trafficLimit: 100
`;
  const cases: [string, string[], number, RegExp][] = [
    ["nothing waived", [], 1, /1 error, 1 warning\n$/],
    [
      "the error waived",
      ["--ignore", "traffic-limit-range"],
      0,
      /0 errors, 1 warning \(1 waived\)\n$/,
    ],
    [
      "the error waived, --fail-on warning",
      ["--ignore", "traffic-limit-range", "--fail-on", "warning"],
      1,
      /0 errors, 1 warning \(1 waived\)\n$/,
    ],
    [
      "both waived, --fail-on warning",
      [
        "--ignore",
        "traffic-limit-range,https-disabled",
        "--fail-on",
        "warning",
      ],
      0,
      /0 errors, 0 warnings \(2 waived\)\n$/,
    ],
    [
      "the warning waived",
      ["--ignore", "https-disabled"],
      1,
      /1 error, 0 warnings \(1 waived\)\n$/,
    ],
  ];
  for (const [name, flags, code, line] of cases) {
    await t.step(name, async () => {
      for (const format of ["pretty", "json", "github", "sarif"]) {
        const run = await cli(manifest, ["--report", format, ...flags]);
        assert.equal(run.code, code, `${name}: ${format}`);
        if (format === "pretty") assert.match(run.stderr, line);
      }
    });
  }
});

Deno.test("reports keep waived findings in JSON and SARIF and leave them out of pretty and github", async (t) => {
  const manifest =
    `${HEAD}  https: false  # osslinks-ignore: https-disabled CDN ends TLS
  signature: v1
rules:
  key-encoded: off
objects:
  - key: a%20b.txt
    trafficLimit: 100
`;
  const args = ["--ignore", "signature-v1"];
  await t.step(
    "json: suppressed {kind, via, reason} and summary.waived",
    async () => {
      const run = await cli(manifest, [...args, "--report", "json"]);
      const report = JSON.parse(run.stderr);
      assert.deepEqual(report.summary, { error: 1, warning: 0, waived: 3 });
      assert.deepEqual(
        report.diagnostics.map((
          d: { rule: string; suppressed?: unknown },
        ) => [d.rule, d.suppressed ?? null]),
        [
          ["https-disabled", {
            kind: "inSource",
            via: "comment",
            reason: "CDN ends TLS",
          }],
          ["signature-v1", { kind: "external", via: "flag", reason: null }],
          ["key-encoded", { kind: "inSource", via: "rules", reason: null }],
          ["traffic-limit-range", null],
        ],
      );
    },
  );
  await t.step("sarif: suppressions, valid by the schema", async () => {
    const run = await cli(manifest, [...args, "--report", "sarif"]);
    const log = JSON.parse(run.stderr);
    assertSarifSchema(log);
    assertGithubReady(log);
    const suppressions = log.runs[0].results.map((
      r: { ruleId: string; suppressions?: unknown },
    ) => [r.ruleId, r.suppressions ?? null]);
    const at = (line: number, column: number, endColumn: number) => ({
      physicalLocation: {
        artifactLocation: { uri: "links.yaml", uriBaseId: "%SRCROOT%" },
        region: {
          startLine: line,
          startColumn: column,
          endLine: line,
          endColumn,
        },
      },
    });
    assert.deepEqual(suppressions, [
      ["https-disabled", [{
        kind: "inSource",
        status: "accepted",
        justification: "CDN ends TLS",
        location: at(5, 17, 63),
      }]],
      ["signature-v1", [{ kind: "external", status: "accepted" }]],
      ["key-encoded", [{
        kind: "inSource",
        status: "accepted",
        location: at(8, 3, 14),
      }]],
      ["traffic-limit-range", null],
    ]);
  });
  await t.step("pretty and github: only what counts", async () => {
    const pretty = await cli(manifest, args);
    assert.deepEqual(
      [...pretty.stderr.matchAll(/\[([a-z-]+)\]/g)].map((m) => m[1]),
      ["traffic-limit-range"],
    );
    assert.match(
      pretty.stderr,
      /Validated links\.yaml: 1 error, 0 warnings \(3 waived\)\n$/,
    );
    const github = await cli(manifest, [...args, "--report", "github"]);
    assert.equal(github.stderr.trim().split("\n").length, 1);
    assert.match(github.stderr, /title=traffic-limit-range/);
  });
});

Deno.test("waivers apply to check, snapshot and sign findings too", async (t) => {
  const fixture = new URL("../fixtures/check/object-missing/", import.meta.url);
  const files = {
    "links.yaml": await Deno.readTextFile(new URL("links.yaml", fixture)),
    "keys.txt": await Deno.readTextFile(new URL("keys.txt", fixture)),
    "snapshot.json": await Deno.readTextFile(new URL("snapshot.json", fixture)),
  };
  await t.step(
    "check: a bucket finding waived by --ignore and by rules:",
    async () => {
      const check = (text: string, ...flags: string[]) =>
        runCli([
          "check",
          "links.yaml",
          "--snapshot",
          "snapshot.json",
          "--now",
          NOW,
          "--report",
          "json",
          ...flags,
        ], {
          files: { ...files, "links.yaml": text },
        });
      const before = await check(files["links.yaml"]);
      assert.equal(before.code, 1);
      const errors = JSON.parse(before.stderr).diagnostics.filter((
        d: { severity: string },
      ) => d.severity === "error");
      assert.ok(
        errors.length > 0 &&
          errors.every((d: { rule: string }) => d.rule === "object-missing"),
        before.stderr,
      );
      const ignored = await check(
        files["links.yaml"],
        "--ignore",
        "object-missing",
      );
      assert.equal(ignored.code, 0, ignored.stderr);
      assert.equal(JSON.parse(ignored.stderr).summary.waived, errors.length);
      const off = await check(
        files["links.yaml"] + "rules:\n  object-missing: off\n",
      );
      assert.equal(off.code, 0, off.stderr);
      assert.equal(JSON.parse(off.stderr).summary.waived, errors.length);
    },
  );
  await t.step(
    "check: a waived manifest error no longer stops the bucket check",
    async () => {
      const text = files["links.yaml"].replace(
        "objects:\n",
        "objects:\n  - key: x.txt\n    trafficLimit: 100  # osslinks-ignore: traffic-limit-range\n",
      );
      const run = await runCli([
        "check",
        "links.yaml",
        "--snapshot",
        "snapshot.json",
        "--now",
        NOW,
      ], { files: { ...files, "links.yaml": text } });
      assert.match(
        run.stderr,
        /Snapshot "snapshot\.json" does not fit|Checked links\.yaml against bucket/,
      );
    },
  );
  await t.step("sign: a waived error no longer stops signing", async () => {
    const text =
      `${HEAD}objects:\n  - key: a.txt\n    trafficLimit: 100  # osslinks-ignore: traffic-limit-range\n`;
    const run = await cli(text, [], { env: ENV }, "sign");
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).links.length, 1);
    assert.equal(
      run.stderr,
      "Signing 1 link from links.yaml: 0 errors, 0 warnings (1 waived)\n",
    );
  });
  await t.step(
    "sign: waived list-file lines and prefixes are skipped",
    async () => {
      const text = `${HEAD}objects:\n  - list: keys.txt\n  - prefix: photos/\n`;
      const lists = {
        "keys.txt": '{"key": "a.txt"}\n{"key": 1}\n{"key": "b.txt"}\n',
      };
      const stopped = await cli(text, [], { env: ENV, files: lists }, "sign");
      assert.equal(stopped.code, 1);
      const run = await cli(
        text,
        ["--ignore", "list-entry-invalid,prefix-needs-listing"],
        { env: ENV, files: lists },
        "sign",
      );
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(
        JSON.parse(run.stdout).links.map((link: { key: string }) => link.key),
        ["a.txt", "b.txt"],
      );
      assert.match(run.stderr, /\(2 waived\)\n$/);
    },
  );
  await t.step(
    "signManifest() honours the manifest's waivers and ignore",
    async () => {
      const text =
        `${HEAD}rules: {key-encoded: error}\nobjects:\n  - key: a%20b.txt\n    trafficLimit: 100  # osslinks-ignore: traffic-limit-range\n`;
      const sign = (ignore: string[]) =>
        Array.fromAsync(signManifest(text, {
          credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
          now: new Date(NOW),
          ignore,
        }));
      await assert.rejects(
        sign([]),
        /Cannot sign "links\.yaml": 1 error, the first: Key "a%20b\.txt" looks percent-encoded/,
      );
      assert.equal((await sign(["key-encoded"])).length, 1);
    },
  );
});

Deno.test("a manifest without waivers reports as before", () => {
  const text =
    `${HEAD}  https: false\nobjects: [{key: a.txt, trafficLimit: 100}]\n`;
  const result = validate(text);
  assert.ok(result.waivers.empty);
  assert.ok(result.diagnostics.every((d) => d.suppressed === undefined));
  assert.deepEqual(result.waivers.findings, []);
});
