/**
 * `sign --format html --out DIR/`: a folder of pages and an index on the
 * real file system, which appears whole or not at all, replaces only an
 * earlier run's pages, and holds every link of the batch exactly once.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { SignedLink } from "../../src/link.ts";
import { HTML_PAGE_SIZE } from "../../src/output/html_pages.ts";
import { runCli } from "../_fake_io.ts";

const NOW = ["--now", "2026-11-28T09:00:00Z"];
const ENV = { OSS_ACCESS_KEY_ID: "AKID", OSS_ACCESS_KEY_SECRET: "secret" };

/** A manifest signing `count` keys from a list file, in a new temp folder. */
async function workspace(count: number): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "osslinks-pages-" });
  await Deno.writeTextFile(
    join(dir, "m.yaml"),
    "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects:\n  - list: keys.txt\n",
  );
  await Deno.writeTextFile(
    join(dir, "keys.txt"),
    Array.from({ length: count }, (_, i) => `docs/${i + 1}.pdf\n`).join(""),
  );
  return dir;
}

async function rewriteKeys(dir: string, count: number): Promise<void> {
  await Deno.writeTextFile(
    join(dir, "keys.txt"),
    Array.from({ length: count }, (_, i) => `docs/${i + 1}.pdf\n`).join(""),
  );
}

async function names(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) found.push(entry.name);
  return found.sort();
}

function urlsOf(page: string): string[] {
  return [...page.matchAll(/<input class="u" readonly value="([^"]*)"/g)].map(
    (match) => match[1]!.replaceAll("&amp;", "&"),
  );
}

function sign(dir: string, out: string, options: {
  failWrite?: (path: string, text: string) => Error | undefined;
} = {}) {
  return runCli(
    ["sign", join(dir, "m.yaml"), ...NOW, "--format", "html", "--out", out],
    { disk: true, env: ENV, ...options },
  );
}

Deno.test("main() sign --format html --out DIR/ writes pages and an index holding every link once", async () => {
  const dir = await workspace(HTML_PAGE_SIZE + 1);
  try {
    const run = await sign(dir, join(dir, "share/"));
    assert.equal(run.code, 0, run.stderr);
    const share = join(dir, "share");
    assert.deepEqual(await names(share), [
      "index.html",
      "page-0001.html",
      "page-0002.html",
    ]);
    assert.deepEqual(await names(dir), ["keys.txt", "m.yaml", "share"]);
    assert.equal((await Deno.stat(share)).mode! & 0o777, 0o700);
    for (const name of await names(share)) {
      assert.equal((await Deno.stat(join(share, name))).mode! & 0o777, 0o600);
    }
    const json = await runCli(["sign", join(dir, "m.yaml"), ...NOW], {
      disk: true,
      env: ENV,
    });
    const expected = JSON.parse(json.stdout).links.map((link: SignedLink) =>
      link.url
    );
    const first = await Deno.readTextFile(join(share, "page-0001.html"));
    const second = await Deno.readTextFile(join(share, "page-0002.html"));
    assert.equal(urlsOf(first).length, HTML_PAGE_SIZE);
    assert.deepEqual([...urlsOf(first), ...urlsOf(second)], expected);
    const index = await Deno.readTextFile(join(share, "index.html"));
    assert.ok(index.includes('href="page-0002.html">1,001–1,001</a>'));
    assert.equal(run.stdout, "");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("main() sign --out DIR/ replaces an earlier run's pages, and nothing else", async (t) => {
  const dir = await workspace(2 * HTML_PAGE_SIZE + 1);
  const share = join(dir, "share");
  try {
    await t.step(
      "a later, smaller batch leaves no page of the earlier one",
      async () => {
        assert.equal((await sign(dir, `${share}/`)).code, 0);
        assert.equal((await names(share)).length, 4);
        await Deno.chmod(share, 0o750);
        await rewriteKeys(dir, 3);
        const run = await sign(dir, `${share}/`);
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(await names(share), ["index.html", "page-0001.html"]);
        assert.equal((await Deno.stat(share)).mode! & 0o777, 0o750);
        assert.deepEqual(await names(dir), ["keys.txt", "m.yaml", "share"]);
      },
    );
    await t.step(
      "a folder holding another file is refused, untouched",
      async () => {
        await Deno.writeTextFile(join(share, "notes.txt"), "mine");
        const run = await sign(dir, `${share}/`);
        assert.equal(run.code, 2);
        assert.match(
          run.stderr,
          /holds "notes\.txt", which this run would not write/,
        );
        assert.deepEqual(await names(share), [
          "index.html",
          "notes.txt",
          "page-0001.html",
        ]);
        assert.deepEqual(await names(dir), ["keys.txt", "m.yaml", "share"]);
      },
    );
    await t.step("a file where the folder should be is refused", async () => {
      const run = await sign(dir, `${join(dir, "keys.txt")}/`);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /exists and is not a folder/);
    });
    await t.step("a missing parent folder is refused", async () => {
      const run = await sign(dir, `${join(dir, "nosuch", "share")}/`);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /does not exist \(create it first\)/);
      assert.deepEqual(await names(dir), ["keys.txt", "m.yaml", "share"]);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("main() sign --out DIR/ that fails midway leaves neither pages nor a temporary folder", async () => {
  const dir = await workspace(2 * HTML_PAGE_SIZE);
  try {
    const run = await sign(dir, join(dir, "share/"), {
      failWrite: (path) =>
        path.endsWith("page-0002.html")
          ? new Error("No space left on device")
          : undefined,
    });
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /Cannot write ".*share\/": No space left on device/,
    );
    assert.deepEqual(await names(dir), ["keys.txt", "m.yaml"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
