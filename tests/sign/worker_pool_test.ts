/**
 * `signBatchTexts`: batches signed in workers and on the main thread come
 * back in order, in pieces of about 64 KiB, the same bytes for any number of
 * workers; a worker that fails fails the stream. `signBatchLinks`: the same
 * links as one thread signs.
 */
import assert from "node:assert/strict";
import type { LinkEntry } from "../../src/sign/manifest_links.ts";
import {
  gatherBatches,
  signBatchLinks,
  signBatchTexts,
} from "../../src/sign/worker_pool.ts";
import {
  batchLinksMaker,
  type BatchTextOptions,
} from "../../src/sign/batch_text.ts";

const OPTIONS: BatchTextOptions = {
  bucket: { name: "examplebucket", region: "cn-hangzhou" },
  credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
  signedAt: Date.parse("2026-11-28T09:00:00Z"),
  format: "ndjson",
  csv: {},
};

function entry(i: number): LinkEntry {
  const key = `photos/${i}/照片 ${i}.jpg`;
  return {
    index: 0,
    idField: "list",
    key,
    id: key,
    options: { expires: "1h", filename: `照片 ${i}.jpg` },
  };
}

async function* batches(
  sizes: readonly number[],
): AsyncGenerator<LinkEntry[]> {
  let next = 0;
  for (const size of sizes) {
    yield Array.from({ length: size }, () => entry(next++));
  }
}

async function run(
  sizes: readonly number[],
  workers: number,
): Promise<Uint8Array[]> {
  const pieces: Uint8Array[] = [];
  for await (const piece of signBatchTexts(batches(sizes), OPTIONS, workers)) {
    pieces.push(piece);
  }
  return pieces;
}

const decoder = new TextDecoder();
const textOf = (pieces: readonly Uint8Array[]) =>
  pieces.map((piece) => decoder.decode(piece)).join("");

Deno.test("signBatchTexts() gives the same bytes, in order, on the main thread and in 1 or 2 workers", async () => {
  const sizes = [1, 700, 0, 2500, 3, 1800, 1800, 1800, 1800, 1800, 40];
  const alone = textOf(await run(sizes, 0));
  const lines = alone.split("\n").slice(0, -1);
  assert.equal(lines.length, sizes.reduce((sum, size) => sum + size, 0));
  lines.forEach((line, i) => assert.equal(JSON.parse(line).key, entry(i).key));
  for (const workers of [1, 2]) {
    assert.ok(textOf(await run(sizes, workers)) === alone, `${workers}`);
  }
});

Deno.test("signBatchLinks() gives the links one thread signs, in order, in batches", async () => {
  const sizes = [1, 700, 0, 2500, 3, 1800, 1800, 1800, 1800, 1800, 40];
  const all = sizes.reduce((sum, size) => sum + size, 0);
  const expected = batchLinksMaker(OPTIONS)(
    Array.from({ length: all }, (_, i) => entry(i)),
  );
  assert.ok(expected.some((link) => /[^ -~]/.test(link.id)));
  for (const workers of [0, 1, 2]) {
    const sizesOut: number[] = [];
    const links = [];
    for await (
      const batch of signBatchLinks(batches(sizes), OPTIONS, workers)
    ) {
      sizesOut.push(batch.length);
      links.push(...batch);
    }
    assert.deepEqual(links, expected, `${workers} workers`);
    // Gathered into batches of at least 1,024 entries, but for the last.
    assert.ok(sizesOut.slice(0, -1).every((size) => size >= 1024));
  }
});

Deno.test("signBatchTexts() cuts a batch's text into pieces of about 64 KiB, at link ends", async () => {
  const pieces = await run([5000], 0);
  assert.ok(pieces.length > 1);
  for (const piece of pieces) {
    assert.ok(piece.length < (1 << 16) + 1024, `${piece.length}`);
    assert.equal(piece.at(-1), 0x0a, "a piece ends with a whole link");
  }
});

Deno.test("signBatchTexts() fails when a worker does, and stops its workers", async () => {
  async function* broken(): AsyncGenerator<LinkEntry[]> {
    yield [entry(0)];
    // A key the signer refuses ("." cannot be a URL path).
    yield [{ ...entry(1), key: ".", id: "." }];
    yield [entry(2)];
  }
  await assert.rejects(async () => {
    for await (const _ of signBatchTexts(broken(), OPTIONS, 1)) {
      // drain
    }
  }, /Cannot sign in a worker: .*"\." cannot be put in a URL path/);
});

Deno.test("gatherBatches() gathers small batches into batches of at least the least, in order", async () => {
  async function* batches(sizes: readonly number[]): AsyncGenerator<number[]> {
    let next = 0;
    for (const size of sizes) {
      yield Array.from({ length: size }, () => next++);
    }
  }
  const sizes = [1, 1, 1, 5, 0, 2, 10, 1, 1, 3];
  const out: number[][] = [];
  for await (const batch of gatherBatches(batches(sizes), 4)) {
    out.push([...batch]);
  }
  assert.deepEqual(out.map((batch) => batch.length), [8, 12, 5]);
  assert.deepEqual(out.flat(), Array.from({ length: 25 }, (_, i) => i));
  const large = [];
  for await (const batch of gatherBatches(batches([6, 4, 1]), 4)) {
    large.push(batch.length);
  }
  assert.deepEqual(large, [6, 4, 1], "large batches pass as they are");
});
