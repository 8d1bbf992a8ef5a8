import assert from "node:assert/strict";
import { formatJson } from "../../src/output/json.ts";
import type { SignedBatch, SignedLink } from "../../src/link.ts";
import { assertGolden } from "../_golden.ts";
import { LINK_KEYS, sampleBatch } from "../_output_sample.ts";

Deno.test("formatJson() matches the golden file for the sample batch", async () => {
  await assertGolden(formatJson(sampleBatch()), "batch.json");
});

Deno.test("formatJson() writes the documented key order whatever the input order", () => {
  const link = sampleBatch().links[0] as SignedLink;
  const shuffled = {
    process: link.process,
    filename: link.filename,
    disposition: link.disposition,
    expiresAt: link.expiresAt,
    url: link.url,
    method: link.method,
    key: link.key,
    id: link.id,
    extra: "dropped",
  } as SignedLink;
  const batch = {
    links: [shuffled],
    signedAt: "2026-11-28T09:00:00.000Z",
    bucket: "b",
    version: 1,
  } as SignedBatch;
  const parsed = JSON.parse(formatJson(batch));
  assert.deepEqual(Object.keys(parsed), [
    "version",
    "bucket",
    "signedAt",
    "links",
  ]);
  assert.deepEqual(Object.keys(parsed.links[0]), LINK_KEYS);
});

Deno.test("formatJson() round-trips every value and ends with one LF", () => {
  const batch = sampleBatch();
  const text = formatJson(batch);
  assert.deepEqual(JSON.parse(text), batch);
  assert.ok(text.endsWith("}\n") && !text.endsWith("\n\n"));
  assert.ok(!text.includes("\r"));
  assert.match(text, /^\{\n {2}"version": 1,\n {2}"bucket"/);
});

Deno.test("formatJson() formats an empty batch", () => {
  assert.equal(
    formatJson({
      version: 1,
      bucket: "b",
      signedAt: "2026-11-28T09:00:00.000Z",
      links: [],
    }),
    '{\n  "version": 1,\n  "bucket": "b",\n  "signedAt": "2026-11-28T09:00:00.000Z",\n  "links": []\n}\n',
  );
});
