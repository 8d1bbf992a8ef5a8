/**
 * `sign --out` and `snapshot --out` clobber nothing: symlinks are written
 * through, FIFOs and devices written into, sockets, folders and missing
 * folders refused with exit 2, modes kept, and an interrupted `sign` (a real
 * subprocess, SIGTERM) leaves no temporary file. All files are in temporary
 * folders; `/dev/null` is written by a subprocess allowed to write nothing
 * else, and descriptors through `/dev/fd`, under which no file can be made.
 */
import assert from "node:assert/strict";
import { snapshotCommand } from "../../src/cli/commands/snapshot.ts";
import { main } from "../../src/cli/main.ts";
import { isTempNameOf } from "../../src/io/temp_files.ts";
import { KEY } from "../_emulator.ts";
import { fakeIo, runCommand } from "../_fake_io.ts";
import { makeFifo, readFifoDuring } from "../_fifo.ts";
import { startLiveEmulator } from "../_live.ts";
import { denoEnv } from "../_subprocess.ts";

const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);
const MANIFEST = `${ROOT}links.example.yaml`;
const NOW = ["--now", "2026-11-28T09:00:00Z"];
const DEMO = {
  OSS_ACCESS_KEY_ID: "LTAI5tDemoAccessKeyId",
  OSS_ACCESS_KEY_SECRET: "DemoAccessKeySecretNeverPrinted",
};
const GOLDEN = await Deno.readTextFile(
  new URL("../fixtures/sign/example.json", import.meta.url),
);
const UUID = "0b5d3b1e-6f5c-4c1a-9d47-3f0e2a6b8c91";

async function tempDir(): Promise<string> {
  return await Deno.realPath(
    await Deno.makeTempDir({ prefix: "osslinks-out-" }),
  );
}

async function listing(dir: string): Promise<string[]> {
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

/** `osslinks sign links.example.yaml --now … <args>` in process, on disk. */
async function sign(
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const fake = fakeIo({ env: DEMO, disk: true });
  const code = await main(["sign", MANIFEST, ...NOW, ...args], fake.io);
  assert.equal(fake.pending(), 0, "an atomic writer was left open");
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}

/** The last line of stderr: the command's error. */
function lastLines(stderr: string, count: number): string {
  return stderr.trimEnd().split("\n").slice(-count).join("\n");
}

Deno.test("sign --out writes through a symlink and keeps the file's mode", async () => {
  const dir = await tempDir();
  try {
    await Deno.mkdir(`${dir}/shared`);
    await Deno.writeTextFile(`${dir}/shared/links.json`, "previous\n");
    await Deno.chmod(`${dir}/shared/links.json`, 0o640);
    await Deno.symlink("shared/links.json", `${dir}/links.json`);
    const result = await sign(["--out", `${dir}/links.json`]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "");
    assert.ok((await Deno.lstat(`${dir}/links.json`)).isSymlink);
    assert.equal(await Deno.readLink(`${dir}/links.json`), "shared/links.json");
    assert.equal(await Deno.readTextFile(`${dir}/shared/links.json`), GOLDEN);
    assert.equal(
      (await Deno.stat(`${dir}/shared/links.json`)).mode! & 0o7777,
      0o640,
    );
    assert.deepEqual(await listing(dir), ["links.json", "shared"]);
    assert.deepEqual(await listing(`${dir}/shared`), ["links.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sign --out writes into a FIFO or a character device and never replaces it", async (t) => {
  const dir = await tempDir();
  try {
    await t.step("a FIFO", async () => {
      await using fifo = await makeFifo(`${dir}/links.fifo`);
      const [read, result] = await readFifoDuring(
        fifo,
        () => sign(["--out", fifo.path]),
      );
      assert.equal(result.code, 0, result.stderr);
      assert.equal(read, GOLDEN);
      assert.ok((await Deno.lstat(fifo.path)).isFifo);
      assert.deepEqual(await listing(dir), ["links.fifo"]);
    });
    // Real subprocesses that cannot replace a device even if the code under
    // test tried: Deno lets them write /dev/null only, and nothing can create
    // a file under /proc (where /dev/fd leads).
    const cli = (flags: readonly string[], out: string) => [
      "run",
      ...flags,
      "cli.ts",
      "sign",
      MANIFEST,
      ...NOW,
      "--out",
      out,
    ];
    const spawn = async (command: string, args: string[], extra = {}) => {
      const output = await new Deno.Command(command, {
        args,
        cwd: ROOT,
        clearEnv: true,
        env: { ...denoEnv(), ...DEMO, ...extra },
        stdin: "null",
      }).output();
      const decoder = new TextDecoder();
      return {
        code: output.code,
        stdout: decoder.decode(output.stdout),
        stderr: decoder.decode(output.stderr),
      };
    };
    await t.step("/dev/null", async () => {
      const result = await spawn(
        Deno.execPath(),
        cli(
          ["--allow-read", "--allow-env", "--allow-write=/dev/null"],
          "/dev/null",
        ),
      );
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "");
      // The child could create no temporary file in /dev: only /dev/null
      // was writable.
      assert.ok((await Deno.lstat("/dev/null")).isCharDevice);
    });
    await t.step("/dev/fd/1, a pipe", async () => {
      const result = await spawn(Deno.execPath(), cli(["-A"], "/dev/fd/1"));
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, GOLDEN);
    });
    await t.step(
      "/dev/fd/1 appended to a file by the shell (>>): what was there stays",
      async () => {
        const log = `${dir}/log.txt`;
        await Deno.writeTextFile(log, "earlier\n");
        const result = await spawn(
          "sh",
          [
            "-c",
            'exec "$0" "$@" >> "$LOG"',
            Deno.execPath(),
            ...cli(["-A"], "/dev/fd/1"),
          ],
          { LOG: log },
        );
        assert.equal(result.code, 0, result.stderr);
        assert.equal(await Deno.readTextFile(log), `earlier\n${GOLDEN}`);
        assert.deepEqual(await listing(dir), ["links.fifo", "log.txt"]);
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sign --out refuses what cannot be a file with exit 2 and says why", async (t) => {
  const dir = await tempDir();
  const previous = Deno.cwd();
  Deno.chdir(dir);
  try {
    await Deno.mkdir("out");
    const listener = Deno.listen({ transport: "unix", path: `${dir}/sock` });
    const cases: [string, string, string][] = [
      [
        "a trailing slash",
        "out/",
        'Cannot write "out/": it ends with "/", so it names a folder: add a file name after it',
      ],
      [
        "a folder",
        "out",
        'Cannot write "out": it is a directory: give the path of a file in it instead',
      ],
      [
        "a missing folder",
        "nosuch/dir/links.json",
        'Cannot write "nosuch/dir/links.json": the folder "nosuch/dir" does not exist (create it first)',
      ],
      [
        "a socket",
        "sock",
        'Cannot write "sock": it is a socket: only a file, a FIFO or a character device can be written',
      ],
    ];
    try {
      for (const [name, out, message] of cases) {
        await t.step(name, async () => {
          const result = await sign(["--out", out]);
          assert.equal(result.code, 2, result.stderr);
          assert.equal(result.stdout, "");
          assert.equal(
            lastLines(result.stderr, 2),
            `osslinks sign: ${message}\nRun "osslinks sign --help" for usage.`,
          );
          assert.deepEqual(await listing(dir), ["out", "sock"]);
          assert.deepEqual(await listing(`${dir}/out`), []);
          assert.ok((await Deno.lstat(`${dir}/sock`)).isSocket);
        });
      }
    } finally {
      listener.close();
    }
  } finally {
    Deno.chdir(previous);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sign --out removes its own stale temporary files, and only those", async () => {
  const dir = await tempDir();
  try {
    const stale = `.links.json.${UUID}.tmp`;
    const recent = `.links.json.${UUID.replace("0b5d", "1b5d")}.tmp`;
    const other = `.other.json.${UUID}.tmp`;
    for (
      const [name, ageMs] of [[stale, 7200e3], [recent, 60e3], [
        other,
        7200e3,
      ]] as const
    ) {
      await Deno.writeTextFile(`${dir}/${name}`, "left behind\n");
      const then = new Date(Date.now() - ageMs);
      await Deno.utime(`${dir}/${name}`, then, then);
    }
    const result = await sign(["--out", `${dir}/links.json`]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await listing(dir), [recent, other, "links.json"].sort());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * Runs `cli.ts sign … --format ndjson --out links.ndjson` over `count` keys
 * and sends SIGTERM as soon as its temporary file appears.
 *
 * @returns The exit status, or `undefined` when the run ended before its
 *   temporary file was seen (the race is lost: try a larger batch).
 */
async function terminateWhileWriting(
  dir: string,
  count: number,
): Promise<Deno.CommandStatus | undefined> {
  await Deno.writeTextFile(
    `${dir}/keys.example.txt`,
    Array.from({ length: count }, (_, i) => `bulk/${i}.txt\n`).join(""),
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "cli.ts",
      "sign",
      `${dir}/links.yaml`,
      ...NOW,
      "--format",
      "ndjson",
      "--out",
      `${dir}/links.ndjson`,
    ],
    cwd: ROOT,
    clearEnv: true,
    env: { ...denoEnv(), ...DEMO },
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let exited = false;
  const status = child.status.then((status) => {
    exited = true;
    return status;
  });
  let seen = false;
  // Bounded: at most 60 s of 5 ms polls, and the child ends by itself.
  for (let poll = 0; poll < 12_000 && !exited && !seen; poll++) {
    seen = (await listing(dir)).some((name) =>
      isTempNameOf(name, "links.ndjson")
    );
    if (seen) {
      try {
        child.kill("SIGTERM");
      } catch {
        // Already exited.
      }
    } else {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  if (!seen && !exited) child.kill("SIGKILL");
  const result = await status;
  return seen ? result : undefined;
}

Deno.test("sign --out interrupted by SIGTERM exits 143, keeps the previous file and leaves no temporary file", async () => {
  const dir = await tempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/links.yaml`,
      await Deno.readTextFile(MANIFEST),
    );
    let caught = false;
    // Larger batches only if the machine signed everything before the
    // first poll saw the temporary file.
    for (const count of [30_000, 90_000, 270_000]) {
      await Deno.writeTextFile(`${dir}/links.ndjson`, "previous\n");
      const status = await terminateWhileWriting(dir, count);
      assert.deepEqual(
        (await listing(dir)).filter((name) => name.endsWith(".tmp")),
        [],
      );
      if (status === undefined || status.code === 0) continue;
      if (status.signal === "SIGTERM") continue; // after the rename
      assert.equal(status.code, 143);
      assert.equal(
        await Deno.readTextFile(`${dir}/links.ndjson`),
        "previous\n",
      );
      caught = true;
      break;
    }
    assert.ok(caught, "no run was interrupted while writing");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const GALLERY = `version: 1
bucket: {name: examplebucket-gallery, region: cn-hangzhou}
access:
  origins: [https://app.example.com]
objects:
  - key: photos/a.png
    process: image/resize,w_100
`;

Deno.test("snapshot --out writes through a symlink and refuses a missing folder", async (t) => {
  await using emu = await startLiveEmulator();
  const dir = await tempDir();
  const save = async (out: string) => {
    const fake = fakeIo({
      disk: true,
      env: {
        OSS_ACCESS_KEY_ID: KEY.accessKeyId,
        OSS_ACCESS_KEY_SECRET: KEY.accessKeySecret,
      },
    });
    const code = await runCommand(
      "snapshot",
      snapshotCommand,
      [`${dir}/gallery.yaml`, "--out", out, "--endpoint", emu.origin, ...NOW],
      fake.io,
      { sleep: () => Promise.resolve(), random: () => 0 },
    );
    return { code, stderr: fake.stderr() };
  };
  try {
    await Deno.writeTextFile(`${dir}/gallery.yaml`, GALLERY);
    await Deno.mkdir(`${dir}/state`);
    await Deno.writeTextFile(`${dir}/state/bucket.json`, "previous\n");
    await Deno.chmod(`${dir}/state/bucket.json`, 0o644);
    await Deno.symlink("state/bucket.json", `${dir}/bucket.json`);
    await t.step("through a symlink, keeping the mode", async () => {
      const result = await save(`${dir}/bucket.json`);
      assert.equal(result.code, 0, result.stderr);
      assert.ok((await Deno.lstat(`${dir}/bucket.json`)).isSymlink);
      const saved = JSON.parse(
        await Deno.readTextFile(`${dir}/state/bucket.json`),
      );
      assert.equal(saved.bucket, "examplebucket-gallery");
      assert.equal(
        (await Deno.stat(`${dir}/state/bucket.json`)).mode! & 0o7777,
        0o644,
      );
      assert.deepEqual(await listing(`${dir}/state`), ["bucket.json"]);
    });
    await t.step(
      "a missing folder: exit 2, named, before the bucket is read",
      async () => {
        const before = emu.requests().length;
        const result = await save(`${dir}/nosuch/bucket.json`);
        assert.equal(result.code, 2);
        assert.equal(emu.requests().length, before, "the bucket was read");
        assert.match(
          result.stderr,
          /Cannot write ".*\/nosuch\/bucket\.json": the folder ".*\/nosuch" does not exist \(create it first\)/,
        );
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
