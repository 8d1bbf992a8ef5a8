/**
 * `loadAliOss()` in a child process under `DEBUG` and `NODE_DEBUG`: the
 * `debug` module ali-oss requires has ali-oss's namespaces off (and drops
 * their lines even when enabled again), the user's other namespaces and
 * `DEBUG` itself stay as they were, and urllib's `util.debuglog` is quiet.
 * A client on ali-oss's own urllib (never ours: ours go through fetch)
 * shows what would leak; loaded plainly, it does.
 */
import assert from "node:assert/strict";
import { denoEnv } from "../_subprocess.ts";

const LOADER = new URL("../../src/io/load_ali_oss.ts", import.meta.url).href;
const TOKEN = "QuietTestToken+/=";

const SCRIPT = `import { createRequire } from "node:module";
import { loadAliOss } from ${JSON.stringify(LOADER)};
const [mode, endpoint] = Deno.args;
const OSS = mode === "plain"
  ? (await import("npm:ali-oss@6.23.0")).default
  : await loadAliOss();
// The very module ali-oss requires, resolved from ali-oss.
const createDebug = createRequire(import.meta.resolve("npm:ali-oss@6.23.0"))("debug");
if (mode === "enabled-again") createDebug.enable("ali-oss*");
console.warn = () => {};
const client = new OSS({
  accessKeyId: "AKID", accessKeySecret: "Secret", stsToken: ${
  JSON.stringify(TOKEN)
},
  bucket: "examplebucket", region: "oss-cn-hangzhou", endpoint,
  sldEnable: true, timeout: 5000,
});
try { await client.getBucketInfo("examplebucket"); } catch { /* refused */ }
const pinned = (await import("npm:debug@4.4.3")).default;
console.log(JSON.stringify({
  aliOss: createDebug.enabled("ali-oss"),
  other: createDebug.enabled("other"),
  debug: Deno.env.get("DEBUG") ?? null,
  samePinned: createDebug === pinned,
}));
`;

interface Outcome {
  readonly stderr: string;
  readonly state: {
    aliOss: boolean;
    other: boolean;
    debug: string | null;
    samePinned: boolean;
  };
}

Deno.test("loadAliOss() keeps ali-oss's debug output off, whatever DEBUG and NODE_DEBUG say", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "osslinks-quiet-" });
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const endpoint = `http://127.0.0.1:${closed.addr.port}`;
  closed.close();
  const run = async (
    mode: string,
    env: Record<string, string>,
  ): Promise<Outcome> => {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--no-lock", "script.ts", mode, endpoint],
      cwd: dir,
      clearEnv: true,
      env: { ...denoEnv(), ...env },
      stdin: "null",
      signal: AbortSignal.timeout(60_000),
    }).output();
    const decoder = new TextDecoder();
    const stdout = decoder.decode(output.stdout);
    const stderr = decoder.decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    return { stderr, state: JSON.parse(stdout.trim().split("\n").at(-1)!) };
  };
  try {
    await Deno.writeTextFile(`${dir}/script.ts`, SCRIPT);
    const noisy = { DEBUG: "*", NODE_DEBUG: "urllib" };
    await t.step("loaded plainly, both print the token", async () => {
      const { stderr, state } = await run("plain", noisy);
      assert.match(
        stderr,
        /ali-oss request GET .* with headers .*QuietTestToken/,
      );
      assert.match(
        stderr,
        /URLLIB \d+: Request#1 GET .* with headers .*QuietTestToken/,
      );
      assert.equal(state.aliOss, true);
    });
    await t.step("through loadAliOss(), neither does", async () => {
      const { stderr, state } = await run("ours", noisy);
      assert.ok(!stderr.includes(TOKEN), stderr);
      assert.doesNotMatch(stderr, /ali-oss|URLLIB/);
      assert.deepEqual(state, {
        aliOss: false,
        other: true,
        debug: "*",
        // In this graph ali-oss's `debug` is also what npm:debug@4.4.3 gives.
        samePinned: true,
      });
    });
    await t.step("DEBUG=ali-oss* and no DEBUG at all", async () => {
      const named = await run("ours", { DEBUG: "ali-oss*,other" });
      assert.equal(named.stderr, "");
      assert.deepEqual(named.state, {
        aliOss: false,
        other: true,
        debug: "ali-oss*,other",
        samePinned: true,
      });
      const unset = await run("ours", {});
      assert.equal(unset.stderr, "");
      assert.equal(unset.state.debug, null);
    });
    await t.step(
      "enabled again afterwards, its lines are still dropped",
      async () => {
        const { stderr, state } = await run("enabled-again", { DEBUG: "*" });
        assert.equal(state.aliOss, true);
        assert.equal(stderr, "");
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
