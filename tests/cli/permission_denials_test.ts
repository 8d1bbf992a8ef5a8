/**
 * Every command as a child process with a narrow permission set: a
 * permission Deno refuses is exit 2 with a message that names it and the
 * flag to add, never "internal error", a stack trace or a retried network
 * failure; and the README's narrow sets are enough.
 */
import assert from "node:assert/strict";
import { KEY } from "../_emulator.ts";
import { startLiveEmulator } from "../_live.ts";
import { type Ran, runOsslinks } from "../_subprocess.ts";

const ENV = {
  OSS_ACCESS_KEY_ID: KEY.accessKeyId,
  OSS_ACCESS_KEY_SECRET: KEY.accessKeySecret,
};
const CREDENTIALS = "OSS_ACCESS_KEY_ID,OSS_ACCESS_KEY_SECRET,OSS_SESSION_TOKEN";
const ALI_OSS_SYS = "--allow-sys=osRelease,networkInterfaces";

const MANIFEST = `version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - key: hello.txt
  - list: keys.txt
  - prefix: docs/
`;

/** Exit 2, one "Missing permission" line holding every fragment. */
function assertMissing(
  ran: Ran,
  command: string,
  ...fragments: string[]
): void {
  assert.equal(ran.code, 2, ran.stderr);
  const lines = ran.stderr.split("\n").filter((line) =>
    line.startsWith(`osslinks ${command}: Missing permission: `)
  );
  assert.equal(lines.length, 1, ran.stderr);
  for (const fragment of fragments) {
    assert.ok(lines[0]!.includes(fragment), `${fragment}\n${ran.stderr}`);
  }
  assert.doesNotMatch(ran.stderr, /internal error|attempts|^\s+at /im);
  assert.equal(ran.stdout, "");
}

async function leftovers(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir)))
    .map((entry) => entry.name).filter((name) => name.endsWith(".tmp"));
}

Deno.test("check, snapshot and sign --live name a refused permission", async (t) => {
  await using emu = await startLiveEmulator();
  const port = new URL(emu.origin).port;
  const host = `127.0.0.1:${port}`;
  const dir = await Deno.makeTempDir({ prefix: "osslinks-denials-" });
  const manifest = `${dir}/links.yaml`;
  const out = `${dir}/out`;
  await Deno.writeTextFile(manifest, MANIFEST);
  await Deno.writeTextFile(`${dir}/keys.txt`, "stored.txt\n");
  await Deno.mkdir(out);
  const endpoint = ["--endpoint", emu.origin];
  const live = ["--live", ...endpoint];
  const read = `--allow-read=${dir}`;
  const documented = [read, `--allow-net=${host}`, "--allow-env", ALI_OSS_SYS];
  const run = (flags: string[], args: string[]) =>
    runOsslinks(args, { flags, env: ENV });
  try {
    await t.step("the README's set is enough", async () => {
      const check = await run(documented, ["check", manifest, ...live]);
      assert.equal(check.code, 0, check.stderr);
      const sign = await run(documented, ["sign", manifest, ...live]);
      assert.equal(sign.code, 0, sign.stderr);
      // hello.txt, the list's stored.txt, the prefix's docs/changelog.txt.
      assert.equal(JSON.parse(sign.stdout).links.length, 3);
    });
    const before = emu.requests().length;
    await t.step(
      "check --live without --allow-net: asked once, not retried",
      async () => {
        const ran = await run(
          [read, "--allow-env", ALI_OSS_SYS],
          ["check", manifest, ...live, "--retries", "9"],
        );
        assertMissing(
          ran,
          "check",
          `network access to "${host}"`,
          `run again with --allow-net=${host}`,
        );
      },
    );
    await t.step("check --live with --allow-net for another host", async () => {
      const ran = await run(
        [read, "--allow-net=127.0.0.1:1", "--allow-env", ALI_OSS_SYS],
        ["check", manifest, ...live],
      );
      assertMissing(ran, "check", `--allow-net=${host}`);
    });
    await t.step("snapshot and sign --live without --allow-net", async () => {
      const snapshot = await run(
        [read, `--allow-write=${out}`, "--allow-env", ALI_OSS_SYS],
        ["snapshot", manifest, ...endpoint, "--out", `${out}/s.json`],
      );
      assertMissing(snapshot, "snapshot", `--allow-net=${host}`);
      const sign = await run(
        [read, "--allow-env", ALI_OSS_SYS],
        ["sign", manifest, ...live],
      );
      assertMissing(sign, "sign", `--allow-net=${host}`);
    });
    assert.equal(emu.requests().length, before, "a refused request was sent");
    await t.step(
      "check --live with --allow-env for the credentials only",
      async () => {
        const ran = await run(
          [
            read,
            `--allow-net=${host}`,
            `--allow-env=${CREDENTIALS}`,
            ALI_OSS_SYS,
          ],
          ["check", manifest, ...live],
        );
        assertMissing(
          ran,
          "check",
          "ali-oss needs access to every environment variable",
          "run again with --allow-env",
        );
        assert.doesNotMatch(ran.stderr, /--allow-sys/);
      },
    );
    await t.step("check --live without --allow-env", async () => {
      const ran = await run(
        [read, `--allow-net=${host}`, ALI_OSS_SYS],
        ["check", manifest, ...live],
      );
      assert.equal(ran.code, 2, ran.stderr);
      assert.match(
        ran.stderr,
        /^osslinks check: Missing credentials: set OSS_ACCESS_KEY_ID .*; if they are set, osslinks may not read them: run again with --allow-env=OSS_ACCESS_KEY_ID,ALIBABA_CLOUD_ACCESS_KEY_ID,OSS_ACCESS_KEY_SECRET,ALIBABA_CLOUD_ACCESS_KEY_SECRET,OSS_SESSION_TOKEN,ALIBABA_CLOUD_SECURITY_TOKEN\n/,
      );
    });
    await t.step(
      "check --live without --allow-sys, or with part of it",
      async () => {
        const none = await run(
          [read, `--allow-net=${host}`, "--allow-env"],
          ["check", manifest, ...live],
        );
        assertMissing(
          none,
          "check",
          'ali-oss needs access to the system information "osRelease" and "networkInterfaces"',
          `run again with ${ALI_OSS_SYS}`,
        );
        const part = await run(
          [
            read,
            `--allow-write=${out}`,
            `--allow-net=${host}`,
            "--allow-env",
            "--allow-sys=osRelease",
          ],
          ["snapshot", manifest, ...endpoint, "--out", `${out}/s.json`],
        );
        assertMissing(
          part,
          "snapshot",
          "run again with --allow-sys=networkInterfaces",
        );
        // --out was opened before the bucket: its temporary file is gone.
        assert.deepEqual(await Array.fromAsync(Deno.readDir(out)), []);
      },
    );
    await t.step(
      "snapshot --out without --allow-write: nothing written",
      async () => {
        const before = emu.requests().length;
        const ran = await run(documented, [
          "snapshot",
          manifest,
          ...endpoint,
          "--out",
          `${out}/s.json`,
        ]);
        assertMissing(
          ran,
          "snapshot",
          `writing "${out}/s.json" needs write access to "${out}"`,
          `run again with --allow-write=${out}`,
        );
        assert.deepEqual(await Array.fromAsync(Deno.readDir(out)), []);
        assert.equal(emu.requests().length, before, "the bucket was read");
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("validate, check --snapshot, sign, emulator and inspect name a refused permission", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "osslinks-denials-" });
  const manifest = `${dir}/links.yaml`;
  const out = `${dir}/out`;
  await Deno.writeTextFile(
    manifest,
    MANIFEST.replace("  - prefix: docs/\n", ""),
  );
  await Deno.writeTextFile(`${dir}/keys.txt`, "stored.txt\n");
  await Deno.mkdir(out);
  const run = (flags: string[], args: string[]) =>
    runOsslinks(args, { flags, env: ENV });
  try {
    await t.step("validate without --allow-read", async () => {
      const ran = await run([], ["validate", manifest]);
      assertMissing(
        ran,
        "validate",
        `read access to "${manifest}"`,
        `run again with --allow-read=${manifest}`,
      );
    });
    await t.step(
      "sign cannot read a list file: no finding, exit 2",
      async () => {
        const ran = await run(
          [`--allow-read=${manifest}`, `--allow-env=${CREDENTIALS}`],
          ["sign", manifest],
        );
        assertMissing(ran, "sign", `--allow-read=${dir}/keys.txt`);
        assert.doesNotMatch(ran.stderr, /list-unreadable/);
      },
    );
    await t.step("check --snapshot cannot read the snapshot", async () => {
      const ran = await run(
        [`--allow-read=${manifest},${dir}/keys.txt`],
        ["check", manifest, "--snapshot", `${dir}/snapshot.json`],
      );
      assertMissing(ran, "check", `--allow-read=${dir}/snapshot.json`);
    });
    await t.step(
      "sign --out without --allow-write, or without read of the folder",
      async () => {
        const reads = `--allow-read=${manifest},${dir}/keys.txt`;
        const env = `--allow-env=${CREDENTIALS}`;
        const none = await run([reads, env], [
          "sign",
          manifest,
          "--out",
          `${out}/links.json`,
        ]);
        assertMissing(
          none,
          "sign",
          `writing "${out}/links.json" needs write access to "${out}" and read access to "${out}"`,
          `run again with --allow-write=${out} --allow-read=${out}`,
        );
        const writeOnly = await run([reads, env, `--allow-write=${out}`], [
          "sign",
          manifest,
          "--out",
          `${out}/links.json`,
        ]);
        assertMissing(writeOnly, "sign", `run again with --allow-read=${out}`);
        assert.deepEqual(await leftovers(out), []);
        assert.deepEqual(await Array.fromAsync(Deno.readDir(out)), []);
      },
    );
    await t.step(
      "emulator without --allow-net, or read of its objects",
      async () => {
        const config = `${dir}/emulator.yaml`;
        await Deno.mkdir(`${dir}/objects`);
        await Deno.writeTextFile(`${dir}/objects/a.txt`, "a");
        await Deno.writeTextFile(
          config,
          "buckets:\n  - name: examplebucket\n    region: cn-hangzhou\n    objects:\n      - folder: objects\n",
        );
        const net = await run([`--allow-read=${dir}`], [
          "emulator",
          "--config",
          config,
        ]);
        assertMissing(net, "emulator", "run again with --allow-net=127.0.0.1");
        const objects = await run([`--allow-read=${config}`], [
          "emulator",
          "--config",
          config,
        ]);
        assertMissing(objects, "emulator", `--allow-read=${dir}/objects`);
      },
    );
    await t.step("inspect and schema need no permission", async () => {
      const schema = await run([], ["schema"]);
      assert.equal(schema.code, 0, schema.stderr);
      const inspect = await run([], [
        "inspect",
        "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/a.txt?x-oss-signature-version=OSS4-HMAC-SHA256",
      ]);
      assert.doesNotMatch(
        inspect.stderr + inspect.stdout,
        /Missing permission|internal error/,
      );
      assert.ok(inspect.code === 0 || inspect.code === 1, inspect.stderr);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
