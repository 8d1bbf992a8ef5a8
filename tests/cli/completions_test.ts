/**
 * `osslinks completions bash|zsh|fish`: each script loads in its shell and
 * completes the commands, their flags and the flags' fixed values. bash is
 * driven through COMP_WORDS; zsh and fish are syntax-checked (`-n`) when
 * installed, fish is also asked for completions, and the content is checked
 * either way.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { COMMAND_SPECS } from "../../src/cli/main.ts";
import { specFlags } from "../../src/cli/spec.ts";
import { runCli } from "../_fake_io.ts";

async function script(shell: string): Promise<string> {
  const run = await runCli(["completions", shell]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, "");
  return run.stdout;
}

/** Whether a program is on PATH. */
async function installed(program: string): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("sh", {
      args: ["-c", `command -v ${program}`],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

async function run(
  program: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(program, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { HOME: Deno.env.get("HOME") ?? "/tmp", PATH: Deno.env.get("PATH")! },
  }).output();
  const text = new TextDecoder();
  return {
    code: output.code,
    stdout: text.decode(output.stdout),
    stderr: text.decode(output.stderr),
  };
}

async function withScript<T>(
  shell: string,
  use: (path: string) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, `osslinks.${shell}`);
    await Deno.writeTextFile(path, await script(shell));
    return await use(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("bash: the script sources cleanly and completes commands, flags and values", async (t) => {
  if (!(await installed("bash"))) {
    console.log("skipped: bash is not installed");
    return;
  }
  await withScript("bash", async (path) => {
    /** The completions for the words, the last one being completed. */
    const complete = async (...words: string[]) => {
      const quotedWords = words.map((word) => `'${word}'`).join(" ");
      const result = await run("bash", [
        "-c",
        `set -u; source '${path}'; COMP_WORDS=(osslinks ${quotedWords}); COMP_CWORD=${words.length}; _osslinks; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, "");
      return result.stdout.split("\n").filter((line) => line !== "");
    };
    await t.step("osslinks si<TAB> → sign", async () => {
      assert.deepEqual(await complete("si"), ["sign"]);
    });
    await t.step("osslinks sign --for<TAB> → --format", async () => {
      assert.deepEqual(await complete("sign", "--for"), ["--format"]);
    });
    await t.step("the choices of --format and --report", async () => {
      assert.deepEqual(await complete("sign", "--format", ""), [
        "json",
        "ndjson",
        "csv",
        "html",
      ]);
      assert.deepEqual(await complete("validate", "--report", "s"), ["sarif"]);
    });
    await t.step("every command, and help's command names", async () => {
      assert.deepEqual(
        await complete(""),
        [...COMMAND_SPECS.map((spec) => spec.name), "help"],
      );
      assert.deepEqual(await complete("help", "em"), ["emulator"]);
      assert.deepEqual(await complete("completions", "f"), ["fish"]);
    });
    await t.step("every flag of every command", async () => {
      for (const spec of COMMAND_SPECS) {
        const flags = await complete(spec.name, "--");
        assert.deepEqual(
          flags.sort(),
          specFlags(spec).map((flag) => `--${flag.name}`).sort(),
          spec.name,
        );
      }
    });
    await t.step("a FILE value completes paths", async () => {
      const dir = await Deno.makeTempDir();
      try {
        await Deno.writeTextFile(join(dir, "links.yaml"), "");
        assert.deepEqual(
          await complete("sign", "--out", join(dir, "lin")),
          [join(dir, "links.yaml")],
        );
        assert.deepEqual(
          await complete("validate", join(dir, "lin")),
          [join(dir, "links.yaml")],
        );
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  });
});

Deno.test("zsh: the script parses and names every command, flag and choice", async () => {
  const text = await script("zsh");
  assert.ok(text.startsWith("#compdef osslinks\n"));
  for (const spec of COMMAND_SPECS) {
    assert.ok(text.includes(`'${spec.name}:`), spec.name);
    assert.ok(text.includes(`    ${spec.name})\n      _arguments`), spec.name);
  }
  assert.ok(text.includes(":(json ndjson csv html)'"));
  assert.ok(
    text.includes("'--out=[Write to FILE instead of stdout]:FILE:_files'"),
  );
  assert.ok(text.includes("'*--header=["), "--header repeats");
  if (!(await installed("zsh"))) {
    console.log("zsh syntax check skipped: zsh is not installed");
    return;
  }
  await withScript("zsh", async (path) => {
    const syntax = await run("zsh", ["-n", path]);
    assert.equal(syntax.code, 0, syntax.stderr);
    // Loaded after compinit, it registers itself for osslinks.
    const loaded = await run("zsh", [
      "-fc",
      `autoload -U compinit && compinit -u -D && source '${path}' && print -r -- $_comps[osslinks]`,
    ]);
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.equal(loaded.stdout.trim(), "_osslinks");
  });
});

Deno.test("fish: the script parses and completes commands, flags and choices", async () => {
  const text = await script("fish");
  for (const spec of COMMAND_SPECS) {
    assert.ok(
      text.includes(`-n __fish_use_subcommand -a ${spec.name} -d `),
      spec.name,
    );
  }
  assert.ok(text.includes("-l format -x -a 'json ndjson csv html'"));
  if (!(await installed("fish"))) {
    console.log("fish checks skipped: fish is not installed");
    return;
  }
  await withScript("fish", async (path) => {
    const syntax = await run("fish", ["-n", path]);
    assert.equal(syntax.code, 0, syntax.stderr);
    const complete = async (line: string) => {
      const result = await run("fish", [
        "--no-config",
        "-c",
        `source '${path}'; complete -C '${line}'`,
      ]);
      assert.equal(result.code, 0, result.stderr);
      return result.stdout.split("\n").filter((row) => row !== "").map((row) =>
        row.split("\t")[0]
      );
    };
    assert.deepEqual(await complete("osslinks si"), ["sign"]);
    assert.deepEqual(await complete("osslinks sign --for"), ["--format"]);
    assert.deepEqual(
      (await complete("osslinks sign --format ")).sort(),
      ["csv", "html", "json", "ndjson"],
    );
  });
});

Deno.test("completions refuses a missing, unknown or extra shell with exit 2", async () => {
  const cases: [string[], RegExp][] = [
    [[], /Missing shell: expected one of "bash", "zsh", "fish"/],
    [["bsh"], /Unknown shell "bsh": .*did you mean "bash"\?/],
    [["bash", "zsh"], /Unexpected argument "zsh"/],
    [["--color", "sometimes", "bash"], /Invalid --color "sometimes"/],
  ];
  for (const [args, message] of cases) {
    const result = await runCli(["completions", ...args]);
    assert.equal(result.code, 2, args.join(" "));
    assert.equal(result.stdout, "");
    assert.match(result.stderr, message);
  }
});
