/**
 * The four output formats side by side on the same 10,000-link batch; read
 * the ratios, not the absolute times. Run: `deno task bench bench/output_bench.ts`.
 */
import { formatCsv } from "../src/output/csv.ts";
import { formatHtml } from "../src/output/html.ts";
import { formatJson } from "../src/output/json.ts";
import { formatNdjson } from "../src/output/ndjson.ts";
import type { SignedBatch } from "../src/link.ts";
import { sampleLink, SIGNED_AT } from "../tests/_output_sample.ts";

const batch: SignedBatch = {
  version: 1,
  bucket: "examplebucket",
  signedAt: SIGNED_AT,
  links: Array.from(
    { length: 10_000 },
    (_, i) =>
      sampleLink("https://static.example.com", {
        key: `photos/2026/第${i}号 holiday photo.jpg`,
        seconds: 1800,
        disposition: i % 2 === 0 ? "inline" : "attachment",
        ...(i % 2 === 0 ? { process: "style/thumb" } : {}),
      }),
  ),
};

const size = (text: string) => new TextEncoder().encode(text).length;
const empty = size(formatHtml({ ...batch, links: [] }));
console.log(
  `10,000 links: json ${size(formatJson(batch))} B, ndjson ${
    size(formatNdjson(batch))
  } B, csv ${size(formatCsv(batch))} B, html ${
    size(formatHtml(batch))
  } B (empty page ${empty} B)`,
);

Deno.bench("formatJson 10,000 links", { baseline: true }, () => {
  formatJson(batch);
});
Deno.bench("formatNdjson 10,000 links", () => {
  formatNdjson(batch);
});
Deno.bench("formatCsv 10,000 links", () => {
  formatCsv(batch);
});
Deno.bench("formatHtml 10,000 links", () => {
  formatHtml(batch);
});
