/**
 * `writeLinkTexts` writes one piece while the next is made: never two
 * writes at once, pieces in order, and a failed write is the sink's error.
 */
import assert from "node:assert/strict";
import { writeLinkTexts } from "../../src/output/write_links.ts";

/** NDJSON-like texts of 40 kB each: every second one fills a piece. */
async function* texts(count: number): AsyncGenerator<string> {
  for (let i = 0; i < count; i++) yield `${String(i).padStart(40_000, "x")}\n`;
}

Deno.test("writeLinkTexts() overlaps one write with making the next piece, in order", async () => {
  let inFlight = 0;
  let most = 0;
  const pieces: string[] = [];
  await writeLinkTexts("ndjson", texts(9), async (piece) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    pieces.push(piece);
    inFlight--;
  }, {});
  assert.equal(most, 1);
  assert.equal(inFlight, 0, "the last write ended before it resolved");
  assert.equal(
    pieces.join(""),
    Array.from({ length: 9 }, (_, i) => `${String(i).padStart(40_000, "x")}\n`)
      .join(""),
  );
  assert.equal(pieces.length, 5);
});

Deno.test("writeLinkTexts() rejects with a failed write's error and writes no more", async () => {
  const written: number[] = [];
  await assert.rejects(
    writeLinkTexts("ndjson", texts(20), async (piece) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (written.length === 1) throw new Error("No space left on device");
      written.push(piece.length);
    }, {}),
    /No space left on device/,
  );
  assert.equal(written.length, 1);
});

Deno.test("writeLinkTexts() passes UTF-8 pieces through as they came, between the format's head and tail", async () => {
  const encoder = new TextEncoder();
  const links = [
    { id: "é.txt", key: "é.txt", method: "GET", url: "https://h/%C3%A9.txt" },
    { id: "b.txt", key: "b.txt", method: "GET", url: "https://h/b.txt" },
  ];
  // JSON array elements with their leading comma, as workers make them.
  const elements = links.map((link) =>
    encoder.encode(`,\n    ${JSON.stringify(link)}`)
  );
  async function* pieces(): AsyncGenerator<Uint8Array> {
    yield* elements;
  }
  const written: (string | Uint8Array)[] = [];
  await writeLinkTexts("json", pieces(), (piece) => {
    written.push(piece);
    return Promise.resolve();
  }, {
    head: { version: 1, bucket: "b", signedAt: "2026-11-28T09:00:00.000Z" },
  });
  assert.equal(written[2], elements[1], "the same bytes, not a copy");
  assert.ok(written.slice(1, 3).every((piece) => piece instanceof Uint8Array));
  const decoder = new TextDecoder();
  const text = written.map((piece) =>
    typeof piece === "string" ? piece : decoder.decode(piece)
  ).join("");
  assert.deepEqual(JSON.parse(text).links, links);
});
