/**
 * The ratio of `validateManifest` to a bare js-yaml `load` on the 100k-object
 * manifest, measured in interleaved rounds: each round runs every variant
 * once, in a shuffled order, and the report gives the median of the
 * same-round ratios. On a shared machine, where `deno bench`'s runs of one
 * variant after another see different loads, this is the steadier figure.
 *
 * ```sh
 * deno run -A bench/validate_ratio.ts [rounds]
 * ```
 *
 * @module
 */
import { load } from "npm:js-yaml@5.5.0";
import { validateManifest } from "../src/pipeline/validate.ts";
import { largeManifest } from "./_manifest.ts";

const NOW = new Date("2026-11-28T09:00:00Z");
const rounds = Number(Deno.args[0] ?? 15);
const text = largeManifest(100_000);
const bytes = new TextEncoder().encode(text);
const faulty = new TextEncoder().encode(largeManifest(100_000, 100));

const VARIANTS: readonly [string, () => unknown][] = [
  ["js-yaml load (the bare parse)", () => load(text)],
  ["validateManifest, clean", () => validateManifest(bytes, { now: NOW })],
  [
    "validateManifest, 1000 findings",
    () => validateManifest(faulty, { now: NOW }),
  ],
];

let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

for (const [, run] of VARIANTS) run(); // warm up
const times = new Map<string, number[]>(VARIANTS.map(([name]) => [name, []]));
const ratios = new Map<string, number[]>(
  VARIANTS.map(([name]) => [name, []]),
);
for (let round = 0; round < rounds; round++) {
  const order = [...VARIANTS].sort(() => random() - 0.5);
  const took = new Map<string, number>();
  for (const [name, run] of order) {
    const started = performance.now();
    run();
    took.set(name, performance.now() - started);
  }
  const baseline = took.get(VARIANTS[0]![0])!;
  for (const [name, ms] of took) {
    times.get(name)!.push(ms);
    ratios.get(name)!.push(ms / baseline);
  }
}

console.log(`${rounds} interleaved rounds, ${bytes.length} bytes`);
console.log("| variant | median | min | median ratio to the parse |");
console.log("| --- | --- | --- | --- |");
for (const [name] of VARIANTS) {
  console.log(
    `| ${name} | ${median(times.get(name)!).toFixed(0)} ms | ${
      Math.min(...times.get(name)!).toFixed(0)
    } ms | ${median(ratios.get(name)!).toFixed(2)}× |`,
  );
}
