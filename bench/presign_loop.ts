/**
 * presignUrl on the 100,000 links of `_presign_links.ts`, alone or with
 * each URL written out as UTF-8 into a buffer (as every output does): the
 * best of 15 passes, in µs per link. For comparing two versions of the
 * signer on one machine, run after run; the ratios to ali-oss are
 * `sign_bench.ts` and `presign_crypto.ts`.
 *
 *   deno run -A bench/presign_loop.ts v1|v4 [write]
 *
 * @module
 */
import { type PresignRequest, presignUrl } from "../src/sign/presign.ts";
import { benchLinks } from "./_presign_links.ts";

const version = Deno.args[0] === "v1" ? "v1" : "v4";
const write = Deno.args[1] === "write";
const links: PresignRequest[] = benchLinks().map((r) => ({
  ...r,
  signature: version,
}));
const encoder = new TextEncoder();
const buffer = new Uint8Array(1 << 20);
let at = 0;
let sink = 0;

function signOne(link: PresignRequest): void {
  const url = presignUrl(link);
  if (write) {
    if (at > buffer.length - 8192) at = 0;
    at += encoder.encodeInto(url, buffer.subarray(at)).written;
  }
  sink += url.length;
}

for (let pass = 0; pass < 3; pass++) for (const link of links) signOne(link);
let best = Infinity;
for (let pass = 0; pass < 15; pass++) {
  const started = performance.now();
  for (const link of links) signOne(link);
  best = Math.min(best, ((performance.now() - started) * 1000) / links.length);
}
console.log(
  `${version.toUpperCase()} presignUrl${write ? " + UTF-8 write" : ""}: ${
    best.toFixed(2)
  } µs per link (best of 15 passes over ${links.length})`,
);
if (sink === 0) console.log("unreachable");
