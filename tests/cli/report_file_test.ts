/**
 * `--report-file FILE`: every command that reports (validate, check,
 * snapshot, sign) writes any report format to the file, atomically, with
 * the bytes it would have written to stderr; stderr keeps only the summary
 * line.
 */
import assert from "node:assert/strict";
import { snapshotCommand } from "../../src/cli/commands/snapshot.ts";
import { REPORT_FORMATS } from "../../src/cli/report.ts";
import { fakeIo, type FakeIoOptions, runCli, runCommand } from "../_fake_io.ts";
import { KEY } from "../_emulator.ts";
import { startLiveEmulator } from "../_live.ts";

const NOW = "2026-11-28T09:00:00Z";
const ENV = {
  OSS_ACCESS_KEY_ID: KEY.accessKeyId,
  OSS_ACCESS_KEY_SECRET: KEY.accessKeySecret,
};
const FIXTURE = new URL("../fixtures/check/object-missing/", import.meta.url);

/** Two warnings (http links, and an inline image on the default domain). */
const WARNINGS = `version: 1
bucket:
  name: examplebucket
  region: cn-hangzhou
  https: false
objects:
  - key: hello.txt
  - key: image.png
    disposition: inline
`;

/** Runs a command twice, without and with --report-file, and compares. */
async function compare(
  args: readonly string[],
  options: FakeIoOptions,
  expected: { code: number; summary: RegExp },
): Promise<void> {
  const plain = await runCli(args, options);
  const filed = await runCli([...args, "--report-file", "report.out"], options);
  assert.equal(plain.code, expected.code, plain.stderr);
  assert.equal(filed.code, plain.code);
  assert.equal(filed.stdout, plain.stdout, "the data does not change");
  const report = filed.fake.written.get("report.out");
  assert.equal(report, plain.stderr, "the file holds what stderr held");
  assert.match(filed.stderr, expected.summary);
  assert.equal(filed.stderr.split("\n").length, 2, "one line on stderr");
  assert.ok(plain.stderr.length > filed.stderr.length);
}

Deno.test("--report-file writes each format of validate, check and sign to the file; stderr keeps the summary", async (t) => {
  const fixture = {
    "links.yaml": await Deno.readTextFile(new URL("links.yaml", FIXTURE)),
    "keys.txt": await Deno.readTextFile(new URL("keys.txt", FIXTURE)),
    "snapshot.json": await Deno.readTextFile(
      new URL("snapshot.json", FIXTURE),
    ),
  };
  for (const format of REPORT_FORMATS) {
    await t.step(`validate --report ${format}`, async () => {
      await compare(
        ["validate", "links.yaml", "--now", NOW, "--report", format],
        { files: { "links.yaml": WARNINGS } },
        {
          code: 0,
          summary: /^Validated links\.yaml: 0 errors, 2 warnings\n$/,
        },
      );
    });
    await t.step(`check --snapshot --report ${format}`, async () => {
      await compare(
        [
          "check",
          "links.yaml",
          "--snapshot",
          "snapshot.json",
          "--now",
          NOW,
          "--report",
          format,
        ],
        { files: fixture },
        {
          code: 1,
          summary:
            /^Checked links\.yaml against bucket "examplebucket" \(snapshot "snapshot\.json"; .*\): [1-9]\d* errors?, 0 warnings\n$/,
        },
      );
    });
    await t.step(`sign --report ${format}`, async () => {
      await compare(
        ["sign", "links.yaml", "--now", NOW, "--report", format],
        { files: { "links.yaml": WARNINGS }, env: ENV },
        {
          code: 0,
          summary: /^Signing 2 links from links\.yaml: 0 errors, 2 warnings\n$/,
        },
      );
    });
  }
  await t.step("sign that stops for findings", async () => {
    await compare(
      ["sign", "links.yaml", "--now", NOW, "--fail-on", "warning"],
      { files: { "links.yaml": WARNINGS }, env: ENV },
      {
        code: 1,
        summary: /^Not signed links\.yaml: 0 errors, 2 warnings\n$/,
      },
    );
  });
  await t.step("a pretty report in a file has no colour", async () => {
    const run = await runCli(
      ["validate", "links.yaml", "--report-file", "report.txt"],
      { files: { "links.yaml": WARNINGS }, stderrIsTerminal: true },
    );
    const text = run.fake.written.get("report.txt")!;
    assert.match(text, /\[https-disabled\]/);
    // deno-lint-ignore no-control-regex
    assert.doesNotMatch(text, /\x1b\[/);
  });
  await t.step("a clean manifest still writes its report", async () => {
    const run = await runCli(
      ["validate", "links.yaml", "--report", "json", "--report-file", "r.json"],
      {
        files: {
          "links.yaml":
            "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt}]\n",
        },
      },
    );
    assert.equal(run.code, 0);
    assert.deepEqual(JSON.parse(run.fake.written.get("r.json")!), {
      diagnostics: [],
      summary: { error: 0, warning: 0 },
    });
    assert.equal(run.stderr, "Validated links.yaml: 0 errors, 0 warnings\n");
  });
});

Deno.test("snapshot --report-file writes each format to the file beside --out", async (t) => {
  await using emu = await startLiveEmulator();
  for (const format of REPORT_FORMATS) {
    await t.step(format, async () => {
      const runs = [];
      for (const reportFile of [[], ["--report-file", "report.out"]]) {
        const fake = fakeIo({ files: { "links.yaml": WARNINGS }, env: ENV });
        const code = await runCommand(
          "snapshot",
          snapshotCommand,
          [
            "links.yaml",
            "--out",
            "bucket.json",
            "--endpoint",
            emu.origin,
            "--now",
            NOW,
            "--report",
            format,
            ...reportFile,
          ],
          fake.io,
          { sleep: () => Promise.resolve(), random: () => 0 },
        );
        assert.equal(code, 0, fake.stderr());
        runs.push(fake);
      }
      const [plain, filed] = runs;
      assert.ok(filed!.written.has("bucket.json"), "the snapshot is saved");
      // The stderr of the first run, but for its last line: the summary,
      // which counts the requests and may differ between runs.
      const report = filed!.written.get("report.out")!;
      const summary =
        /^Saved the state of bucket "examplebucket" to bucket\.json \(.*\): 0 errors, 2 warnings\n$/;
      assert.match(filed!.stderr(), summary);
      assert.equal(filed!.stderr().split("\n").length, 2);
      if (format === "pretty") {
        const strip = (text: string) => text.replace(/\n[^\n]*\n$/, "\n");
        assert.equal(strip(report), strip(plain!.stderr()));
        assert.match(report.split("\n").at(-2)!, /: 0 errors, 2 warnings$/);
      } else assert.equal(report, plain!.stderr());
    });
  }
});

Deno.test("--report-file is written atomically, by the rules of --out", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "osslinks-report-file-" });
  try {
    await Deno.writeTextFile(`${dir}/links.yaml`, WARNINGS);
    const validate = (...flags: string[]) =>
      runCli(["validate", `${dir}/links.yaml`, "--report", "json", ...flags], {
        disk: true,
      });
    await t.step("a new file, and no temporary file left", async () => {
      const run = await validate("--report-file", `${dir}/report.json`);
      assert.equal(run.code, 0);
      const report = JSON.parse(await Deno.readTextFile(`${dir}/report.json`));
      assert.deepEqual(report.summary, { error: 0, warning: 2 });
      const names = [];
      for await (const entry of Deno.readDir(dir)) names.push(entry.name);
      assert.deepEqual(names.sort(), ["links.yaml", "report.json"]);
    });
    await t.step(
      "an existing file is replaced and keeps its mode",
      async () => {
        await Deno.writeTextFile(`${dir}/old.json`, "old");
        await Deno.chmod(`${dir}/old.json`, 0o644);
        const run = await validate("--report-file", `${dir}/old.json`);
        assert.equal(run.code, 0);
        assert.match(await Deno.readTextFile(`${dir}/old.json`), /"summary"/);
        assert.equal((await Deno.stat(`${dir}/old.json`)).mode! & 0o777, 0o644);
      },
    );
    await t.step("a missing folder is a usage error", async () => {
      const run = await validate("--report-file", `${dir}/nosuch/r.json`);
      assert.equal(run.code, 2);
      assert.match(
        run.stderr,
        /Cannot write ".*\/nosuch\/r\.json": the folder ".*\/nosuch" does not exist/,
      );
    });
    await t.step("a folder is refused", async () => {
      const run = await validate("--report-file", dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /Cannot write /);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  await t.step("a failing write leaves the previous report whole", async () => {
    const run = await runCli(
      ["validate", "links.yaml", "--report-file", "report.txt"],
      {
        files: { "links.yaml": WARNINGS, "report.txt": "previous" },
        failWrite: (path) =>
          path === "report.txt"
            ? new Error("No space left on device")
            : undefined,
      },
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Cannot write "report\.txt": No space left/);
    assert.equal(run.fake.text("report.txt"), "previous");
  });
  await t.step(
    "the report file cannot be the manifest, --out or --snapshot",
    async () => {
      for (
        const args of [
          ["validate", "links.yaml", "--report-file", "./links.yaml"],
          ["sign", "links.yaml", "--out", "a.json", "--report-file", "a.json"],
          [
            "check",
            "links.yaml",
            "--snapshot",
            "s.json",
            "--report-file",
            "s.json",
          ],
          ["validate", "links.yaml", "--report-file", "-"],
        ]
      ) {
        const run = await runCli(args, {
          files: { "links.yaml": WARNINGS },
          env: ENV,
        });
        assert.equal(run.code, 2, args.join(" "));
        assert.match(run.stderr, /Invalid --report-file/);
        assert.equal(run.fake.written.size, 0);
      }
    },
  );
});
