/**
 * The command specs drive the command line: each command's help is made
 * from its spec, the parser accepts exactly the flags the help lists, and
 * `-h`, `--help` and `help <command>` print the same text.
 */
import assert from "node:assert/strict";
import { parseCommandArgs } from "../../src/cli/args.ts";
import {
  commandHelp,
  flagLabel,
  flagText,
  HELP_WIDTH,
} from "../../src/cli/help.ts";
import { COMMAND_SPECS, MAIN_HELP } from "../../src/cli/main.ts";
import { parserOptions, specFlags } from "../../src/cli/spec.ts";
import { UsageError } from "../../src/cli/usage_error.ts";
import { runCli } from "../_fake_io.ts";

/** The flag names a help text lists in its flag tables. */
function helpFlagNames(help: string): string[] {
  return [...help.matchAll(/^ {2}(?:-h, )?--([a-z][a-z-]*)/gm)].map((match) =>
    match[1]!
  );
}

Deno.test("every command's help is made from its spec", async (t) => {
  for (const spec of COMMAND_SPECS) {
    await t.step(spec.name, async () => {
      const help = commandHelp(spec);
      for (
        const args of [[spec.name, "--help"], [spec.name, "-h"], [
          "help",
          spec.name,
        ]]
      ) {
        const run = await runCli(args);
        assert.equal(run.code, 0, args.join(" "));
        assert.equal(run.stdout, help, args.join(" "));
        assert.equal(run.stderr, "");
      }
      assert.ok(help.startsWith(`Usage: osslinks ${spec.name} `));
      // Every flag's label and whole text is there, however it wraps.
      const flat = help.replace(/\s+/g, " ");
      assert.ok(flat.includes(spec.description.replace(/\s+/g, " ")));
      for (const flag of specFlags(spec)) {
        assert.ok(flat.includes(` ${flagLabel(flag)} `), flagLabel(flag));
        assert.ok(
          flat.includes(flagText(flag).replace(/\s+/g, " ")),
          `${spec.name} --${flag.name}`,
        );
      }
      for (const line of help.split("\n")) {
        assert.ok(
          [...line].length <= HELP_WIDTH,
          `${spec.name}: line wider than ${HELP_WIDTH}: ${line}`,
        );
      }
    });
  }
});

Deno.test("the parser accepts exactly the flags the help lists", async (t) => {
  for (const spec of COMMAND_SPECS) {
    await t.step(spec.name, async () => {
      const listed = helpFlagNames(commandHelp(spec));
      assert.deepEqual(
        [...listed].sort(),
        Object.keys(parserOptions(spec)).sort(),
      );
      assert.equal(new Set(listed).size, listed.length, "a flag listed twice");
      // The command itself accepts each listed flag: with --help after it,
      // a known flag prints the help, an unknown one is exit 2.
      for (const flag of specFlags(spec)) {
        const args = flag.type === "string"
          ? [`--${flag.name}`, flag.choices?.[0] ?? "x"]
          : [`--${flag.name}`];
        const run = await runCli([spec.name, ...args, "--help"]);
        assert.equal(run.code, 0, `${spec.name} ${args.join(" ")}`);
      }
      const unknown = await runCli([spec.name, "--no-such-flag", "--help"]);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /Unknown flag "--no-such-flag"/);
    });
  }
});

Deno.test("string flags take a value, boolean flags none, as the spec says", () => {
  for (const spec of COMMAND_SPECS) {
    for (const flag of specFlags(spec)) {
      if (flag.type === "boolean") {
        assert.throws(
          () => parseCommandArgs([`--${flag.name}=x`], spec),
          new UsageError(`Flag "--${flag.name}" takes no value`),
        );
      } else {
        assert.throws(
          () => parseCommandArgs([`--${flag.name}`], spec),
          new UsageError(`Missing value for "--${flag.name}"`),
        );
        const parsed = parseCommandArgs(
          [`--${flag.name}`, "v", `--${flag.name}`, "w"],
          spec,
        );
        assert.deepEqual(
          parsed.values[flag.name],
          flag.multiple ? ["v", "w"] : "w",
          `${spec.name} --${flag.name}`,
        );
      }
    }
  }
});

Deno.test("an unknown flag still gets a did-you-mean from the spec's flags", async () => {
  const cases: [string[], string][] = [
    [["sign", "--fromat", "json", "x.yaml"], '"--format"'],
    [["emulator", "--prot", "9000"], '"--port"'],
    [["inspect", "--methd", "GET", "u"], '"--method"'],
    [["check", "--snapshto", "f", "x.yaml"], '"--snapshot"'],
    [["completions", "--colr", "never", "bash"], '"--color"'],
  ];
  for (const [args, suggestion] of cases) {
    const run = await runCli(args);
    assert.equal(run.code, 2, args.join(" "));
    assert.ok(
      run.stderr.includes(`: did you mean ${suggestion}?`),
      `${args.join(" ")}: ${run.stderr}`,
    );
  }
});

Deno.test("the top-level help lists every command of the specs with its summary", () => {
  const list = MAIN_HELP.slice(
    MAIN_HELP.indexOf("Commands:\n"),
    MAIN_HELP.indexOf("\nRun "),
  );
  const names = [...list.matchAll(/^ {2}([a-z]+)/gm)].map((match) => match[1]);
  assert.deepEqual(names, COMMAND_SPECS.map((spec) => spec.name));
  for (const spec of COMMAND_SPECS) {
    assert.ok(list.includes(spec.summary), spec.name);
  }
});
