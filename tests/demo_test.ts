import assert from "node:assert/strict";

Deno.test("deno task demo signs the demo manifest and every link opens as declared", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["task", "demo"],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, `${stdout}\n${stderr}`);
  assert.match(stdout, /All 5 links work as declared/);
  assert.match(stdout, /x-oss-force-download: true/);
  assert.doesNotMatch(stdout + stderr, /DemoAccessKeySecretNeverPrinted/);
  const batch = JSON.parse(await Deno.readTextFile("out/links.json"));
  assert.equal(batch.links.length, 5);
  const html = await Deno.readTextFile("out/links.html");
  assert.match(html, /Content-Security-Policy/);
});
