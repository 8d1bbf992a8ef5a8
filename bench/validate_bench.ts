/**
 * `validateManifest` on a 100k-object manifest (about 11 MB) against a bare
 * js-yaml `load` of the same text, in one group so that `deno bench` prints
 * the ratio:
 *
 * ```sh
 * deno task bench bench/validate_bench.ts
 * ```
 *
 * @module
 */
import { load } from "npm:js-yaml@5.5.0";
import { validateManifest } from "../src/pipeline/validate.ts";
import { largeManifest } from "./_manifest.ts";

const COUNT = 100_000;
const NOW = new Date("2026-11-28T09:00:00Z");
const text = largeManifest(COUNT);
const bytes = new TextEncoder().encode(text);
// One entry in a hundred has an invalid expiry: 1000 findings with positions.
const faulty = new TextEncoder().encode(largeManifest(COUNT, 100));

const clean = validateManifest(bytes, { now: NOW });
if (clean.diagnostics.length !== 0 || clean.manifest === undefined) {
  throw new Error(
    `The benchmark manifest has findings: ${clean.diagnostics[0]?.message}`,
  );
}

// Few, long iterations: more of them than deno bench would pick on its own.
const OPTIONS = { group: "100k objects, 11 MB", n: 20, warmup: 3 };

Deno.bench({
  name: "js-yaml load (the bare parse)",
  ...OPTIONS,
  baseline: true,
  fn() {
    load(text);
  },
});

Deno.bench({
  name: "validateManifest, clean",
  ...OPTIONS,
  fn() {
    validateManifest(bytes, { now: NOW });
  },
});

Deno.bench({
  name: "validateManifest, 1000 findings",
  ...OPTIONS,
  fn() {
    validateManifest(faulty, { now: NOW });
  },
});
