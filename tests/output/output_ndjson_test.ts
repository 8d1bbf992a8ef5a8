import assert from "node:assert/strict";
import { formatNdjson, formatNdjsonLink } from "../../src/output/ndjson.ts";
import { assertGolden } from "../_golden.ts";
import { sampleBatch } from "../_output_sample.ts";

Deno.test("formatNdjson() matches the golden file for the sample batch", async () => {
  await assertGolden(formatNdjson(sampleBatch()), "batch.ndjson");
});

Deno.test("formatNdjson() is the concatenation of formatNdjsonLink() lines", () => {
  const batch = sampleBatch();
  assert.equal(
    formatNdjson(batch),
    batch.links.map((link) => formatNdjsonLink(link)).join(""),
  );
});

Deno.test("formatNdjsonLink() writes one parseable line per link, even for a key with a newline", () => {
  const batch = sampleBatch();
  const lines = formatNdjson(batch).split("\n");
  assert.equal(lines.pop(), "", "the stream ends with LF");
  assert.equal(lines.length, batch.links.length);
  lines.forEach((line, index) => {
    assert.deepEqual(JSON.parse(line), batch.links[index]);
    assert.ok(line.startsWith('{"id":'));
  });
  assert.ok(batch.links.some((link) => link.key.includes("\n")));
});

Deno.test("formatNdjson() gives the empty string for an empty batch", () => {
  assert.equal(
    formatNdjson({
      version: 1,
      bucket: "b",
      signedAt: "2026-11-28T09:00:00.000Z",
      links: [],
    }),
    "",
  );
});
