/**
 * The full path `osslinks sign links.example.yaml --format html --now …`
 * through `main()` with in-memory IO, against a golden page
 * (tests/fixtures/sign/example.html, shared with sign_command_test.ts). Run with `UPDATE_GOLDEN=1` to
 * rewrite it after an intended change, then review the diff.
 */
import assert from "node:assert/strict";
import { parseEmulatorConfig } from "../../src/emulator/config.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { NOW } from "../_emulator.ts";
import { runCli } from "../_fake_io.ts";
import { assertGolden } from "../_golden.ts";

const ROOT = new URL("../../", import.meta.url);

/** The demo credentials of the README. */
const ENV: Readonly<Record<string, string>> = {
  OSS_ACCESS_KEY_ID: "LTAI5tDemoAccessKeyId",
  OSS_ACCESS_KEY_SECRET: "DemoAccessKeySecretNeverPrinted",
};

const ARGS = [
  "sign",
  "links.example.yaml",
  "--format",
  "html",
  "--now",
  "2026-11-28T09:00:00Z",
];

/** What one run of `main()` wrote. */
interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Files committed through atomic writes, by path. */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * Runs the CLI with the repository's example manifest and list file as the
 * only readable files, the demo credentials as the only environment, and a
 * clock far from `--now`.
 */
async function run(args: readonly string[]): Promise<Run> {
  const files: Record<string, Uint8Array> = {};
  for (const name of ["links.example.yaml", "keys.example.txt"]) {
    files[name] = await Deno.readFile(new URL(name, ROOT));
  }
  const run = await runCli(args, {
    files,
    env: ENV,
    now: new Date("2031-01-01T00:00:00Z"),
  });
  return { ...run, files: run.fake.written };
}

Deno.test("main() sign --format html of links.example.yaml at --now matches the golden page", async () => {
  const result = await run(ARGS);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stderr,
    "Signing 7 links from links.example.yaml: 0 errors, 0 warnings\n",
  );
  await assertGolden(result.stdout, "example.html", {
    dir: new URL("../fixtures/sign/", import.meta.url),
  });
  assert.equal(result.stdout.match(/<tr><td class="n">/g)?.length, 7);
  assert.ok(!result.stdout.includes("<script"), "no script in the page");
  assert.ok(
    !result.stdout.includes(ENV["OSS_ACCESS_KEY_SECRET"]!),
    "no secret in the page",
  );
});

Deno.test("main() sign --format html is byte-for-byte reproducible, to stdout or --out", async () => {
  const first = await run(ARGS);
  const again = await run(ARGS);
  assert.equal(again.stdout, first.stdout);
  const out = await run([...ARGS, "--out", "share/links.html"]);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.stdout, "");
  assert.deepEqual([...out.files.keys()], ["share/links.html"]);
  assert.equal(out.files.get("share/links.html"), first.stdout);
});

Deno.test("main() sign --format html: every link of the golden page opens on an emulator of the example bucket", async () => {
  const page = await Deno.readTextFile(
    new URL("../fixtures/sign/example.html", import.meta.url),
  );
  const urls = [...page.matchAll(/<input class="u" readonly value="([^"]*)"/g)]
    .map((match) => match[1]!.replaceAll("&amp;", "&"));
  assert.equal(urls.length, 7);
  const keys = urls.map((url) =>
    decodeURIComponent(new URL(url).pathname.slice(1))
  );
  const config = await parseEmulatorConfig({
    buckets: [{
      name: "examplebucket",
      region: "cn-hangzhou",
      credentials: [{
        accessKeyId: ENV["OSS_ACCESS_KEY_ID"],
        accessKeySecret: ENV["OSS_ACCESS_KEY_SECRET"],
      }],
      objects: keys.map((key) =>
        key === "video/intro.mp4"
          ? {
            key,
            content: "current",
            versionId:
              "CAEQNhiBgMDJgZCA0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFmZjRjOWQ1NjBm",
          }
          : { key, content: key }
      ),
      domains: [{ domain: "static.example.com", status: "Enabled" }],
      styles: ["thumb", "watermark"].map((name) => ({
        name,
        content: "image/resize,w_200",
      })),
    }],
  });
  await using emulator = await startEmulator({ config, now: () => NOW });
  for (const [index, url] of urls.entries()) {
    // The emulator serves http; the scheme is not signed.
    const response = await emulator.fetch(url.replace(/^https:/, "http:"));
    const body = await response.text();
    assert.equal(response.status, 200, body);
    assert.equal(
      body,
      keys[index] === "video/intro.mp4" ? "current" : keys[index],
    );
  }
});

Deno.test("main() sign --format html --title --tz: the page's heading and zone", async () => {
  const result = await run([
    ...ARGS,
    "--title",
    "Q3 <deliverables>",
    "--tz",
    "asia/shanghai",
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stdout.includes("<h1>Q3 &lt;deliverables&gt;</h1>"));
  assert.ok(
    result.stdout.includes(
      '<time datetime="2026-11-28T09:00:00.000Z">2026-11-28 17:00 Asia/Shanghai</time>',
    ),
  );
  assert.ok(!/\d UTC</.test(result.stdout), "no time in UTC");
});

Deno.test("main() sign --tz with an unknown zone is a usage error before signing", async () => {
  for (const zone of ["Mars/Olympus_Mons", "", "+25:00x"]) {
    const result = await run([...ARGS, "--tz", zone]);
    assert.equal(result.code, 2, JSON.stringify(zone));
    assert.equal(result.stdout, "");
    assert.match(
      result.stderr,
      /^osslinks sign: Invalid --tz "[^"]*": not a known IANA time zone; expected a name such as UTC, Europe\/Berlin or Asia\/Shanghai\n/,
    );
    assert.ok(!result.stderr.includes("Signing"), "nothing signed");
  }
});
