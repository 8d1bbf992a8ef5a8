/**
 * `openAtomicFile` and `writeFileAtomic` on the real file system: symlinks,
 * FIFOs, devices and sockets, modes and owners, temporary files (their mode,
 * interrupts, stale ones) and paths that cannot be files. Everything happens
 * in a temporary folder; `/dev/null` and `/dev/stdout` are only resolved.
 */
import assert from "node:assert/strict";
import {
  openAtomicFile,
  writeFileAtomic,
  WriteTargetError,
} from "../../src/io/atomic_write.ts";
import {
  isTempNameOf,
  removeStaleTemps,
  tempPathBeside,
} from "../../src/io/temp_files.ts";
import { makeFifo, readFifoDuring } from "../_fifo.ts";

const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);
const UUID = "0b5d3b1e-6f5c-4c1a-9d47-3f0e2a6b8c91";
const HOUR = 60 * 60 * 1000;
const WRITE_TARGET =
  new URL("../../src/io/write_target.ts", import.meta.url).href;

async function tempDir(): Promise<string> {
  // Resolved: on some systems the temporary folder is itself a symlink.
  return await Deno.realPath(
    await Deno.makeTempDir({ prefix: "osslinks-atomic-" }),
  );
}

async function listing(dir: string): Promise<string[]> {
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

async function modeOf(path: string): Promise<number> {
  return (await Deno.stat(path)).mode! & 0o7777;
}

/** Sets a file's modification time `ageMs` before now. */
async function age(path: string, ageMs: number): Promise<void> {
  const then = new Date(Date.now() - ageMs);
  await Deno.utime(path, then, then);
}

Deno.test("openAtomicFile() writes through symlinks and keeps them", async (t) => {
  const dir = await tempDir();
  try {
    await Deno.mkdir(`${dir}/a`);
    await Deno.mkdir(`${dir}/b`);
    await t.step(
      "an absolute link: the target changes, the link stays",
      async () => {
        await Deno.writeTextFile(`${dir}/b/real.json`, "old\n");
        await Deno.symlink(`${dir}/b/real.json`, `${dir}/a/abs.json`);
        await writeFileAtomic(`${dir}/a/abs.json`, "new\n");
        assert.equal(await Deno.readTextFile(`${dir}/b/real.json`), "new\n");
        assert.ok((await Deno.lstat(`${dir}/a/abs.json`)).isSymlink);
        assert.equal(
          await Deno.readLink(`${dir}/a/abs.json`),
          `${dir}/b/real.json`,
        );
        assert.deepEqual(await listing(`${dir}/a`), ["abs.json"]);
        assert.deepEqual(await listing(`${dir}/b`), ["real.json"]);
      },
    );
    await t.step(
      "a relative link, through a chain: the temporary file goes beside the final target",
      async () => {
        await Deno.symlink("../b/real.json", `${dir}/a/rel.json`);
        await Deno.symlink("rel.json", `${dir}/a/chain.json`);
        const file = await openAtomicFile(`${dir}/a/chain.json`);
        await file.write("chained\n");
        assert.deepEqual(await listing(`${dir}/a`), [
          "abs.json",
          "chain.json",
          "rel.json",
        ]);
        const temps = (await listing(`${dir}/b`)).filter((name) =>
          isTempNameOf(name, "real.json")
        );
        assert.equal(temps.length, 1);
        await file.commit();
        assert.equal(
          await Deno.readTextFile(`${dir}/b/real.json`),
          "chained\n",
        );
        assert.equal(await Deno.readLink(`${dir}/a/chain.json`), "rel.json");
        assert.deepEqual(await listing(`${dir}/b`), ["real.json"]);
      },
    );
    await t.step(
      "a dangling link whose folder exists: its target is created",
      async () => {
        await Deno.symlink("../b/new.json", `${dir}/a/dangling.json`);
        await writeFileAtomic(`${dir}/a/dangling.json`, "created\n");
        assert.equal(await Deno.readTextFile(`${dir}/b/new.json`), "created\n");
        assert.ok((await Deno.lstat(`${dir}/a/dangling.json`)).isSymlink);
      },
    );
    await t.step(
      "a dangling link whose folder is missing: refused, nothing created",
      async () => {
        await Deno.symlink(`${dir}/nosuch/x.json`, `${dir}/a/nowhere.json`);
        await assert.rejects(
          writeFileAtomic(`${dir}/a/nowhere.json`, "x\n"),
          (error) => {
            assert.ok(error instanceof WriteTargetError);
            assert.equal(
              error.message,
              `it links to "${dir}/nosuch/x.json", and the folder "${dir}/nosuch" does not exist (create it first)`,
            );
            return true;
          },
        );
        assert.deepEqual(await listing(dir), ["a", "b"]);
      },
    );
    await t.step("a link to a folder is refused", async () => {
      await Deno.symlink(`${dir}/b`, `${dir}/a/folder`);
      await assert.rejects(
        writeFileAtomic(`${dir}/a/folder`, "x\n"),
        WriteTargetError,
        `it links to "${dir}/b", which is a directory: give the path of a file in it instead`,
      );
    });
    await t.step("a symlink loop is refused", async () => {
      await Deno.symlink("loop2", `${dir}/a/loop1`);
      await Deno.symlink("loop1", `${dir}/a/loop2`);
      await assert.rejects(
        writeFileAtomic(`${dir}/a/loop1`, "x\n"),
        WriteTargetError,
        "it goes through more than 40 symbolic links (a loop?)",
      );
      assert.ok((await Deno.lstat(`${dir}/a/loop1`)).isSymlink);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openAtomicFile() writes into a FIFO or a device and never replaces it", async (t) => {
  const dir = await tempDir();
  try {
    await using fifo = await makeFifo(`${dir}/pipe`);
    await t.step("a FIFO: streamed to its reader, still a FIFO", async () => {
      const [read] = await readFifoDuring(fifo, async () => {
        const file = await openAtomicFile(fifo.path);
        await file.write("one\n");
        await file.write("two\n");
        await file.commit();
      });
      assert.equal(read, "one\ntwo\n");
      assert.ok((await Deno.lstat(fifo.path)).isFifo);
      assert.deepEqual(await listing(dir), ["pipe"]);
    });
    await t.step("a symlink to a FIFO: written through both", async () => {
      await Deno.symlink("pipe", `${dir}/pipe-link`);
      const [read] = await readFifoDuring(
        fifo,
        () => writeFileAtomic(`${dir}/pipe-link`, "linked\n"),
      );
      assert.equal(read, "linked\n");
      assert.ok((await Deno.lstat(fifo.path)).isFifo);
      assert.ok((await Deno.lstat(`${dir}/pipe-link`)).isSymlink);
    });
    await t.step(
      "/dev/null, /dev/stdout and /dev/fd/1 are written in place (only resolved here)",
      async () => {
        // Written to in out_file_test.ts, where no mistake can replace them.
        // Deno lets only -A stat /dev/stdout: resolved in a child process.
        const output = await new Deno.Command(Deno.execPath(), {
          args: [
            "eval",
            `import { resolveWriteTarget } from "${WRITE_TARGET}";
             const paths = ["/dev/null", "/dev/stdout", "/dev/fd/1"];
             const targets = [];
             for (const path of paths) targets.push(await resolveWriteTarget(path));
             console.log(JSON.stringify(targets));`,
          ],
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
          env: { NO_COLOR: "1" },
        }).output();
        const decoder = new TextDecoder();
        assert.equal(output.code, 0, decoder.decode(output.stderr));
        assert.deepEqual(JSON.parse(decoder.decode(output.stdout)), [
          { kind: "through", path: "/dev/null" },
          { kind: "through", path: "/dev/stdout" },
          { kind: "through", path: "/dev/fd/1" },
        ]);
      },
    );
    await t.step("a socket: refused, still a socket", async () => {
      const listener = Deno.listen({
        transport: "unix",
        path: `${dir}/socket`,
      });
      try {
        await assert.rejects(
          writeFileAtomic(`${dir}/socket`, "x\n"),
          WriteTargetError,
          "it is a socket: only a file, a FIFO or a character device can be written",
        );
        assert.ok((await Deno.lstat(`${dir}/socket`)).isSocket);
      } finally {
        listener.close();
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openAtomicFile() keeps the mode and owner of the file it replaces", async (t) => {
  const dir = await tempDir();
  const target = `${dir}/links.json`;
  try {
    for (const mode of [0o600, 0o640, 0o644, 0o755]) {
      await t.step(`mode ${mode.toString(8)}`, async () => {
        await Deno.writeTextFile(target, "old\n");
        await Deno.chmod(target, mode);
        await writeFileAtomic(target, "new\n");
        assert.equal(await modeOf(target), mode);
        assert.equal(await Deno.readTextFile(target), "new\n");
      });
    }
    await t.step(
      "the temporary file is 0600 while it is written, whatever the target's mode",
      async () => {
        await Deno.chmod(target, 0o644);
        const file = await openAtomicFile(target);
        await file.write("secret links\n");
        const [temp] = (await listing(dir)).filter((name) =>
          isTempNameOf(name, "links.json")
        );
        assert.ok(temp !== undefined);
        assert.equal(await modeOf(`${dir}/${temp}`), 0o600);
        await file.commit();
        assert.equal(await modeOf(target), 0o644);
      },
    );
    await t.step("a new file is 0600", async () => {
      await writeFileAtomic(`${dir}/new.json`, "new\n");
      assert.equal(await modeOf(`${dir}/new.json`), 0o600);
    });
    await t.step({
      name: "owner and group (as root)",
      ignore: Deno.uid() !== 0,
      fn: async () => {
        await Deno.chown(target, 1234, 1234);
        await Deno.chmod(target, 0o640);
        await writeFileAtomic(target, "owned\n");
        const info = await Deno.stat(target);
        assert.equal(info.uid, 1234);
        assert.equal(info.gid, 1234);
        assert.equal(info.mode! & 0o7777, 0o640);
      },
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openAtomicFile() never leaves a half-written file or a temporary file", async (t) => {
  const dir = await tempDir();
  const target = `${dir}/links.json`;
  try {
    await Deno.writeTextFile(target, "previous\n");
    await t.step("abort keeps the previous file", async () => {
      const file = await openAtomicFile(target);
      await file.write("half");
      await file.abort();
      assert.equal(await Deno.readTextFile(target), "previous\n");
      assert.deepEqual(await listing(dir), ["links.json"]);
    });
    await t.step(
      "a failing rename removes the temporary file and keeps the target",
      async () => {
        const file = await openAtomicFile(`${dir}/later`);
        await file.write("x");
        // A folder appears where the file was to go: the rename fails.
        await Deno.mkdir(`${dir}/later`);
        await Deno.writeTextFile(`${dir}/later/keep`, "keep\n");
        await assert.rejects(file.commit());
        assert.deepEqual(await listing(dir), ["later", "links.json"]);
        assert.deepEqual(await listing(`${dir}/later`), ["keep"]);
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openAtomicFile() refuses a path that cannot be a file, saying why", async (t) => {
  const dir = await tempDir();
  try {
    await Deno.mkdir(`${dir}/out`);
    await Deno.writeTextFile(`${dir}/file.txt`, "a file\n");
    const cases: [string, string, string][] = [
      [
        "a trailing slash",
        `${dir}/out/`,
        'it ends with "/", so it names a folder: add a file name after it',
      ],
      [
        "a trailing slash on a missing folder",
        `${dir}/nosuch/`,
        'it ends with "/", so it names a folder: add a file name after it',
      ],
      [
        "a folder",
        `${dir}/out`,
        "it is a directory: give the path of a file in it instead",
      ],
      [
        "a missing folder",
        `${dir}/nosuch/dir/links.json`,
        `the folder "${dir}/nosuch/dir" does not exist (create it first)`,
      ],
      [
        "a file where a folder should be",
        `${dir}/file.txt/links.json`,
        `"${dir}/file.txt" is not a folder`,
      ],
      ["an empty path", "", "the path is empty"],
    ];
    for (const [name, path, message] of cases) {
      await t.step(name, async () => {
        await assert.rejects(
          writeFileAtomic(path, "x\n"),
          (error) => {
            assert.ok(error instanceof WriteTargetError, String(error));
            assert.equal(error.message, message);
            return true;
          },
        );
        assert.deepEqual(await listing(dir), ["file.txt", "out"]);
        assert.deepEqual(await listing(`${dir}/out`), []);
      });
    }
    await t.step("a relative path is named as given", async () => {
      const previous = Deno.cwd();
      Deno.chdir(dir);
      try {
        await assert.rejects(
          writeFileAtomic("nosuch/dir/links.json", "x\n"),
          WriteTargetError,
          'the folder "nosuch/dir" does not exist (create it first)',
        );
      } finally {
        Deno.chdir(previous);
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openAtomicFile() removes the stale temporary files it recognises, and only those", async (t) => {
  const dir = await tempDir();
  try {
    await t.step("the temporary name", () => {
      const temp = tempPathBeside(`${dir}/links.json`);
      assert.ok(temp.startsWith(`${dir}/.links.json.`));
      assert.ok(isTempNameOf(temp.slice(dir.length + 1), "links.json"));
      assert.ok(isTempNameOf(`.links.json.${UUID}.tmp`, "links.json"));
      for (
        const name of [
          `.links.json.${UUID.toUpperCase()}.tmp`,
          `.links.json.${UUID}.tmp.bak`,
          `links.json.${UUID}.tmp`,
          `.links.json.${UUID.replace("4c1a", "1c1a")}.tmp`,
          ".links.json.notauuid.tmp",
          `.links.json.x.${UUID}.tmp`,
          `.other.json.${UUID}.tmp`,
        ]
      ) {
        assert.ok(!isTempNameOf(name, "links.json"), name);
      }
    });
    await t.step("an hour old: removed; anything else stays", async () => {
      const stale = `.links.json.${UUID}.tmp`;
      const recent = `.links.json.${UUID.replace("0b5d", "1b5d")}.tmp`;
      const kept = [
        recent,
        `.links.json.${UUID.toUpperCase()}.tmp`,
        ".links.json.notauuid.tmp",
        `.other.json.${UUID}.tmp`,
        `.links.json.${UUID}.tmp.bak`,
      ];
      for (const name of [stale, ...kept]) {
        await Deno.writeTextFile(`${dir}/${name}`, "left behind\n");
        await age(`${dir}/${name}`, 2 * HOUR);
      }
      await age(`${dir}/${recent}`, 50 * 60 * 1000);
      // A folder and a symlink with a temporary file's name are not ours.
      const folder = `.links.json.${UUID.replace("0b5d", "2b5d")}.tmp`;
      const link = `.links.json.${UUID.replace("0b5d", "3b5d")}.tmp`;
      await Deno.mkdir(`${dir}/${folder}`);
      await age(`${dir}/${folder}`, 2 * HOUR);
      await Deno.symlink(`${dir}/${stale}`, `${dir}/${link}`);
      await writeFileAtomic(`${dir}/links.json`, "new\n");
      assert.deepEqual(
        await listing(dir),
        [...kept, folder, link, "links.json"].sort(),
      );
      assert.equal(await Deno.readTextFile(`${dir}/links.json`), "new\n");
    });
    await t.step(
      "through a symlink: beside the final target, not beside the link",
      async () => {
        await Deno.mkdir(`${dir}/real`);
        await Deno.mkdir(`${dir}/links`);
        const besideTarget = `${dir}/real/.out.json.${UUID}.tmp`;
        const besideLink = `${dir}/links/.out.json.${UUID}.tmp`;
        for (const path of [besideTarget, besideLink]) {
          await Deno.writeTextFile(path, "left behind\n");
          await age(path, 3 * HOUR);
        }
        await Deno.symlink(`${dir}/real/out.json`, `${dir}/links/out.json`);
        await writeFileAtomic(`${dir}/links/out.json`, "new\n");
        assert.deepEqual(await listing(`${dir}/real`), ["out.json"]);
        assert.deepEqual(await listing(`${dir}/links`), [
          `.out.json.${UUID}.tmp`,
          "out.json",
        ]);
      },
    );
    await t.step("the age limit and the clock can be given", async () => {
      const path = `${dir}/.x.${UUID}.tmp`;
      await Deno.writeTextFile(path, "");
      await age(path, 10_000);
      assert.deepEqual(
        await removeStaleTemps(`${dir}/x`, { maxAgeMs: 20_000 }),
        [],
      );
      assert.deepEqual(
        await removeStaleTemps(`${dir}/x`, {
          maxAgeMs: 20_000,
          now: Date.now() + 15_000,
        }),
        [path],
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Runs `_hold_atomic.ts` on `target`, waits for its line, then signals it. */
async function interrupt(
  target: string,
  signal: Deno.Signal,
  mode: "write" | "commit",
): Promise<Deno.CommandStatus> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tests/_hold_atomic.ts", target, mode],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "null",
    env: { NO_COLOR: "1" },
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
  }
  assert.equal(seen, mode === "write" ? "writing\n" : "committed\n");
  child.kill(signal);
  const status = await child.status;
  await reader.cancel();
  return status;
}

Deno.test("an interrupt removes the temporary file and exits as the signal would", async (t) => {
  const dir = await tempDir();
  const target = `${dir}/links.json`;
  try {
    await Deno.writeTextFile(target, "previous\n");
    for (
      const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const
    ) {
      await t.step(`${signal} while writing: exit ${code}`, async () => {
        const status = await interrupt(target, signal, "write");
        // Exited by itself (its listener ran), not killed by the signal.
        assert.equal(status.signal, null);
        assert.equal(status.code, code);
        assert.deepEqual(await listing(dir), ["links.json"]);
        assert.equal(await Deno.readTextFile(target), "previous\n");
      });
    }
    await t.step(
      "after the commit, the signal acts as before: the listeners are gone",
      async () => {
        const status = await interrupt(target, "SIGTERM", "commit");
        assert.equal(status.signal, "SIGTERM");
        assert.deepEqual(await listing(dir), ["links.json"]);
        assert.equal(await Deno.readTextFile(target), "partial output\n");
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
