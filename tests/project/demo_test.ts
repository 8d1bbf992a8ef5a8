import assert from "node:assert/strict";
import { join } from "node:path";

/**
 * `deno task demo`'s own command line, with its `--allow-write=out` pointed
 * at `dir`: the test runs the demo with exactly the task's permissions, but
 * writes nothing into the repository.
 */
async function demoCommand(dir: string): Promise<string[]> {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../../deno.json", import.meta.url)),
  ) as { tasks: Record<string, string> };
  const [deno, ...args] = config.tasks["demo"]!.split(" ");
  assert.equal(deno, "deno");
  assert.ok(args.includes("--allow-write=out"), "the task writes only out/");
  return args.map((arg) =>
    arg === "--allow-write=out" ? `--allow-write=${dir}` : arg
  );
}

Deno.test("deno task demo signs the demo manifest and every link opens as declared", async () => {
  const dir = await Deno.makeTempDir({ prefix: "osslinks-demo-" });
  try {
    const output = await new Deno.Command(Deno.execPath(), {
      args: await demoCommand(dir),
      cwd: new URL("../../", import.meta.url),
      env: { NO_COLOR: "1", OSSLINKS_DEMO_OUT: dir },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(output.stdout);
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, `${stdout}\n${stderr}`);
    assert.match(stdout, /All 5 links work as declared/);
    assert.match(stdout, /x-oss-force-download: true/);
    assert.doesNotMatch(stdout + stderr, /DemoAccessKeySecretNeverPrinted/);
    const batch = JSON.parse(await Deno.readTextFile(join(dir, "links.json")));
    assert.equal(batch.links.length, 5);
    const html = await Deno.readTextFile(join(dir, "links.html"));
    assert.match(html, /Content-Security-Policy/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
