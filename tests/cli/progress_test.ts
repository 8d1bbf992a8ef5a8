/**
 * The progress line of `sign`: throttled, on stderr, cleared at the end, on a
 * terminal only (a real pseudo-terminal through util-linux `script`), never
 * under CI, with `--quiet`, or on a pipe, and never on stdout.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { CliIo } from "../../src/cli/io.ts";
import { progressWanted, startProgress } from "../../src/cli/progress.ts";
import { realClockEnv } from "../_subprocess.ts";

const CLI = new URL("../../cli.ts", import.meta.url).pathname;
const SCRIPT = "/usr/bin/script";

function stubIo(
  options: { terminal: boolean; env?: Record<string, string> },
): { io: CliIo; stderr: () => string; tick: (ms: number) => void } {
  let stderr = "";
  let time = Date.parse("2026-11-28T09:00:00Z");
  const io = {
    stderrIsTerminal: options.terminal,
    env: (name: string) => options.env?.[name],
    now: () => new Date(time),
    writeStderr: (text: string) => {
      stderr += text;
      return Promise.resolve();
    },
  } as unknown as CliIo;
  return { io, stderr: () => stderr, tick: (ms) => (time += ms) };
}

Deno.test("startProgress() shows the first batch, then rewrites one line at most every 250 ms, and clears it", async () => {
  const { io, stderr, tick } = stubIo({ terminal: true });
  const progress = startProgress(io, {
    total: 1000,
    unit: "links",
    enabled: true,
  });
  tick(10);
  await progress.advance(100);
  assert.equal(stderr(), "\r\x1b[K100/1,000 links (10%)", "count, no rate yet");
  tick(100);
  await progress.advance(50);
  assert.equal(stderr().split("\r\x1b[K").length, 2, "throttled");
  tick(390);
  await progress.advance(50);
  assert.equal(
    stderr().split("\r\x1b[K").at(-1),
    "200/1,000 links (20%) · 400 links/s · ETA 2 s",
  );
  tick(100);
  await progress.advance(100);
  assert.equal(stderr().split("\r\x1b[K").length, 3, "throttled");
  tick(300);
  await progress.advance(700);
  await progress.done();
  assert.ok(stderr().includes("1,000/1,000 links (100%)"));
  assert.ok(stderr().endsWith("\r\x1b[K"), "cleared at the end");
  assert.ok(!stderr().includes("\n"), "one line, rewritten in place");
});

Deno.test("progressWanted() only on a terminal, not under CI, not with --quiet", () => {
  assert.equal(progressWanted(stubIo({ terminal: true }).io, false), true);
  assert.equal(progressWanted(stubIo({ terminal: false }).io, false), false);
  assert.equal(progressWanted(stubIo({ terminal: true }).io, true), false);
  for (const ci of ["true", "1", "yes"]) {
    assert.equal(
      progressWanted(stubIo({ terminal: true, env: { CI: ci } }).io, false),
      false,
    );
  }
  assert.equal(
    progressWanted(stubIo({ terminal: true, env: { CI: "false" } }).io, false),
    true,
  );
});

Deno.test({
  name: "sign shows progress on a pseudo-terminal and nothing elsewhere",
  ignore: (() => {
    try {
      Deno.statSync(SCRIPT);
      return false;
    } catch {
      console.warn(
        `Skipping the pseudo-terminal test: no ${SCRIPT} (util-linux)`,
      );
      return true;
    }
  })(),
  fn: async (t) => {
    const dir = await Deno.makeTempDir({ prefix: "osslinks-progress-" });
    try {
      const keys = Array.from({ length: 100_000 }, (_, i) => `k/${i}.txt`);
      await Deno.writeTextFile(join(dir, "keys.txt"), keys.join("\n"));
      await Deno.writeTextFile(
        join(dir, "m.yaml"),
        "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects:\n  - list: keys.txt\n",
      );
      const sign =
        `${Deno.execPath()} run -A ${CLI} sign m.yaml --now 2026-11-28T09:00:00Z --format ndjson`;
      // A clean environment: a CI runner's own `CI=true` must not reach the
      // child, or it would (rightly) draw nothing.
      const env = {
        ...realClockEnv(),
        OSS_ACCESS_KEY_ID: "AKID",
        OSS_ACCESS_KEY_SECRET: "secret",
      };
      // `script` runs the command on a new pseudo-terminal and logs what it
      // printed there; stdout goes to a file, so the log holds stderr only.
      const onTerminal = async (
        extra: string,
        more: Record<string, string> = {},
      ) => {
        const log = join(dir, "terminal.log");
        const out = join(dir, "out.ndjson");
        const ran = await new Deno.Command(SCRIPT, {
          args: ["-qec", `${sign} ${extra} > ${out}`, log],
          cwd: dir,
          clearEnv: true,
          env: { ...env, ...more },
          stdin: "null",
          stdout: "null",
          stderr: "piped",
        }).output();
        assert.equal(ran.code, 0, new TextDecoder().decode(ran.stderr));
        const stdout = await Deno.readTextFile(out);
        assert.equal(stdout.split("\n").length - 1, keys.length);
        assert.doesNotMatch(stdout, /links \(/, "never on stdout");
        return await Deno.readTextFile(log);
      };
      await t.step(
        "a terminal: a throttled line, cleared at the end",
        async () => {
          // ESC spelled out, so that the patterns hold no control character.
          const terminal = (await onTerminal("")).replaceAll("\x1b", "ESC");
          assert.match(
            terminal,
            /\rESC\[K[\d,]+\/100,000 links \(\d+%\)/,
          );
          // The last progress line is cleared, and nothing is drawn after it.
          assert.match(
            terminal,
            /links \(\d+%\)[^\r]*\rESC\[K(?![\s\S]*links \()/,
          );
        },
      );
      await t.step("under CI: nothing", async () => {
        assert.doesNotMatch(await onTerminal("", { CI: "true" }), /links \(/);
      });
      await t.step("--quiet: nothing", async () => {
        assert.doesNotMatch(await onTerminal("--quiet"), /links \(/);
      });
      await t.step("a pipe: nothing", async () => {
        const piped = await new Deno.Command("sh", {
          args: ["-c", sign],
          cwd: dir,
          clearEnv: true,
          env,
          stdout: "null",
          stderr: "piped",
        }).output();
        assert.equal(piped.code, 0);
        assert.doesNotMatch(new TextDecoder().decode(piped.stderr), /links \(/);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
