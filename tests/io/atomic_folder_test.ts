/**
 * `openAtomicFolder` on the real file system: the folder appears whole on
 * commit, abort and interrupts leave nothing, a symlink to a folder is
 * followed, and a folder holding files the writer does not own is refused.
 */
import assert from "node:assert/strict";
import { openAtomicFolder } from "../../src/io/atomic_folder.ts";
import { WriteTargetError } from "../../src/io/write_target.ts";

const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);
const owns = (name: string) => name.endsWith(".html");

async function tempDir(): Promise<string> {
  return await Deno.realPath(
    await Deno.makeTempDir({ prefix: "osslinks-folder-" }),
  );
}

async function listing(dir: string): Promise<string[]> {
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

Deno.test("openAtomicFolder() shows nothing before commit, and all after", async () => {
  const dir = await tempDir();
  try {
    const folder = await openAtomicFolder(`${dir}/out/`, { owns });
    await folder.writeFile("a.html", "A");
    await folder.writeFile("b.html", "B");
    const during = await listing(dir);
    assert.equal(during.length, 1);
    assert.match(during[0]!, /^\.out\.[0-9a-f-]{36}\.tmp$/);
    await assert.rejects(folder.writeFile("a.html", "again"));
    await folder.commit();
    assert.deepEqual(await listing(dir), ["out"]);
    assert.deepEqual(await listing(`${dir}/out`), ["a.html", "b.html"]);
    assert.equal(await Deno.readTextFile(`${dir}/out/b.html`), "B");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openAtomicFolder() abort keeps the old folder as it was", async () => {
  const dir = await tempDir();
  try {
    await Deno.mkdir(`${dir}/out`);
    await Deno.writeTextFile(`${dir}/out/old.html`, "old");
    const folder = await openAtomicFolder(`${dir}/out`, { owns });
    await folder.writeFile("new.html", "new");
    await folder.abort();
    assert.deepEqual(await listing(dir), ["out"]);
    assert.deepEqual(await listing(`${dir}/out`), ["old.html"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openAtomicFolder() writes a file given in pieces, and a failing piece leaves the old folder", async () => {
  const dir = await tempDir();
  try {
    await Deno.mkdir(`${dir}/out`);
    await Deno.writeTextFile(`${dir}/out/old.html`, "old");
    const folder = await openAtomicFolder(`${dir}/out`, { owns });
    await folder.writeFile("a.html", ["<p>", "第一", "</p>\n"]);
    const failing = function* () {
      yield "<p>half";
      throw new RangeError("no more pieces");
    };
    await assert.rejects(folder.writeFile("b.html", failing()), RangeError);
    await folder.abort();
    assert.deepEqual(await listing(`${dir}/out`), ["old.html"]);
    const again = await openAtomicFolder(`${dir}/out`, { owns });
    await again.writeFile("a.html", ["<p>", "第一", "</p>\n"]);
    await again.commit();
    assert.equal(await Deno.readTextFile(`${dir}/out/a.html`), "<p>第一</p>\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openAtomicFolder() follows a symlink to a folder and keeps the link", async () => {
  const dir = await tempDir();
  try {
    await Deno.mkdir(`${dir}/real`);
    await Deno.writeTextFile(`${dir}/real/old.html`, "old");
    await Deno.symlink("real", `${dir}/link`);
    const folder = await openAtomicFolder(`${dir}/link/`, { owns });
    await folder.writeFile("new.html", "new");
    await folder.commit();
    assert.ok((await Deno.lstat(`${dir}/link`)).isSymlink);
    assert.deepEqual(await listing(`${dir}/real`), ["new.html"]);
    assert.deepEqual(await listing(dir), ["link", "real"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openAtomicFolder() refuses what it must not replace", async (t) => {
  const dir = await tempDir();
  try {
    await Deno.mkdir(`${dir}/mixed/sub`, { recursive: true });
    await Deno.writeTextFile(`${dir}/file`, "x");
    for (
      const [path, message] of [
        [`${dir}/mixed`, /holds "sub"/],
        [`${dir}/file/`, /exists and is not a folder/],
        [`${dir}/none/out`, /does not exist/],
        ["/", /cannot be replaced/],
      ] as const
    ) {
      await t.step(path, async () => {
        await assert.rejects(
          openAtomicFolder(path, { owns: () => true }),
          (error: unknown) =>
            error instanceof WriteTargetError && message.test(error.message),
        );
      });
    }
    assert.deepEqual(await listing(dir), ["file", "mixed"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an interrupt removes the temporary folder and exits as the signal would", async () => {
  const dir = await tempDir();
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "tests/_hold_atomic.ts", `${dir}/out`, "folder"],
      cwd: ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "null",
      env: { NO_COLOR: "1" },
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream())
      .getReader();
    let seen = "";
    while (!seen.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += value;
    }
    assert.equal(seen, "writing\n");
    assert.equal((await listing(dir)).length, 1);
    child.kill("SIGINT");
    const status = await child.status;
    await reader.cancel();
    assert.equal(status.signal, null);
    assert.equal(status.code, 130);
    assert.deepEqual(await listing(dir), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
