/**
 * `--color=auto|always|never` on every command, and `NO_COLOR` and
 * `FORCE_COLOR` under `auto`.
 */
import assert from "node:assert/strict";
import { colorsStderr } from "../../src/cli/color.ts";
import { fakeIo, type FakeIoOptions, runCli } from "../_fake_io.ts";

/** One error and one warning. */
const MANIFEST = `version: 1
bucket:
  name: examplebucket
  region: cn-hangzhou
  https: false
objects:
  - key: a.txt
    expires: 8d
`;

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[\d+m/;

async function coloured(
  flags: readonly string[],
  options: FakeIoOptions = {},
): Promise<boolean> {
  const run = await runCli(
    ["validate", "links.yaml", "--now", "2026-11-28T09:00:00Z", ...flags],
    { files: { "links.yaml": MANIFEST }, ...options },
  );
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /The link lives 8d/);
  return ANSI.test(run.stderr);
}

Deno.test("colorsStderr(): the flag, then NO_COLOR and FORCE_COLOR, then the terminal", () => {
  const cases: [
    "auto" | "always" | "never",
    Record<string, string>,
    boolean,
    boolean,
  ][] = [
    // [--color, environment, stderr is a terminal, coloured]
    ["auto", {}, true, true],
    ["auto", {}, false, false],
    ["always", {}, false, true],
    ["always", { NO_COLOR: "1" }, false, true],
    ["never", {}, true, false],
    ["never", { FORCE_COLOR: "1" }, true, false],
    ["auto", { NO_COLOR: "1" }, true, false],
    ["auto", { NO_COLOR: "" }, true, true],
    ["auto", { FORCE_COLOR: "1" }, false, true],
    ["auto", { FORCE_COLOR: "3" }, false, true],
    ["auto", { FORCE_COLOR: "true" }, false, true],
    ["auto", { FORCE_COLOR: "" }, false, false],
    ["auto", { FORCE_COLOR: "0" }, true, false],
    ["auto", { FORCE_COLOR: "false" }, true, false],
    ["auto", { FORCE_COLOR: "FALSE" }, true, false],
    ["auto", { NO_COLOR: "1", FORCE_COLOR: "1" }, false, false],
  ];
  for (const [choice, env, stderrIsTerminal, expected] of cases) {
    const { io } = fakeIo({ env, stderrIsTerminal });
    assert.equal(
      colorsStderr(choice, io),
      expected,
      `--color ${choice}, ${JSON.stringify(env)}, terminal ${stderrIsTerminal}`,
    );
  }
});

Deno.test("colorsStderr() reads the environment only under auto", () => {
  const flagged = fakeIo({ env: { NO_COLOR: "1" } });
  colorsStderr("always", flagged.io);
  assert.deepEqual(flagged.envReads, []);
  const auto = fakeIo({});
  colorsStderr("auto", auto.io);
  assert.deepEqual(auto.envReads, ["NO_COLOR", "FORCE_COLOR"]);
});

Deno.test("validate --color decides the report's colour", async (t) => {
  await t.step("auto: on a terminal only", async () => {
    assert.equal(await coloured([], { stderrIsTerminal: true }), true);
    assert.equal(await coloured([]), false);
  });
  await t.step("always: on a pipe, and over NO_COLOR", async () => {
    assert.equal(await coloured(["--color=always"]), true);
    assert.equal(
      await coloured(["--color", "always"], { env: { NO_COLOR: "1" } }),
      true,
    );
  });
  await t.step("never: on a terminal, and over FORCE_COLOR", async () => {
    assert.equal(
      await coloured(["--color=never"], { stderrIsTerminal: true }),
      false,
    );
    assert.equal(
      await coloured(["--color=never"], { env: { FORCE_COLOR: "1" } }),
      false,
    );
  });
  await t.step(
    "FORCE_COLOR on a pipe; FORCE_COLOR=0 on a terminal",
    async () => {
      assert.equal(await coloured([], { env: { FORCE_COLOR: "1" } }), true);
      assert.equal(
        await coloured([], {
          env: { FORCE_COLOR: "0" },
          stderrIsTerminal: true,
        }),
        false,
      );
    },
  );
  await t.step("NO_COLOR wins over FORCE_COLOR", async () => {
    assert.equal(
      await coloured([], {
        env: { NO_COLOR: "1", FORCE_COLOR: "1" },
        stderrIsTerminal: true,
      }),
      false,
    );
  });
  await t.step("the other reports are never coloured", async () => {
    for (const report of ["json", "github", "sarif"]) {
      assert.equal(
        await coloured(["--report", report, "--color=always"]),
        false,
      );
    }
  });
  await t.step("sign colours its report the same way", async () => {
    const run = (color: string) =>
      runCli(["sign", "links.yaml", `--color=${color}`], {
        files: { "links.yaml": MANIFEST },
        env: { OSS_ACCESS_KEY_ID: "LTAI5tExample", OSS_ACCESS_KEY_SECRET: "s" },
      });
    const always = await run("always");
    assert.equal(always.code, 1);
    assert.match(always.stderr, ANSI);
    assert.doesNotMatch((await run("never")).stderr, ANSI);
  });
  await t.step("a report file is never coloured", async () => {
    const run = await runCli(
      ["validate", "links.yaml", "--color=always", "--report-file", "r.txt"],
      { files: { "links.yaml": MANIFEST } },
    );
    assert.equal(run.code, 1);
    const text = run.fake.written.get("r.txt");
    assert.match(text ?? "", /The link lives 8d/);
    assert.doesNotMatch(text!, ANSI);
  });
});

Deno.test("every command takes --color and documents it", async (t) => {
  const commands = [
    "validate",
    "check",
    "snapshot",
    "sign",
    "inspect",
    "schema",
    "emulator",
  ];
  for (const command of commands) {
    await t.step(command, async () => {
      const help = await runCli([command, "--help"]);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^ {2}--color (?:auto\|always\|never|WHEN) /m);
      const bad = await runCli([command, "--color=sometimes", "x"]);
      assert.equal(bad.code, 2);
      assert.equal(
        bad.stderr.split("\n")[0],
        `osslinks ${command}: Invalid --color "sometimes": expected one of "auto", "always", "never"`,
      );
      const typo = await runCli([command, "--color=Never", "x"]);
      assert.match(typo.stderr, /; did you mean "never"\?/);
    });
  }
  await t.step("schema --color=never prints the schema", async () => {
    const run = await runCli(["schema", "--color=never"]);
    assert.equal(run.code, 0);
    assert.doesNotMatch(run.stdout, ANSI);
    assert.match(run.stdout, /"\$schema"/);
  });
});
