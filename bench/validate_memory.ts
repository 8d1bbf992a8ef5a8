/**
 * Memory of one `validateManifest` run on a 100k-object manifest (about
 * 11 MB), or of a bare js-yaml `load` of it for comparison. Run each in its
 * own process, with the V8 heap capped at 1 GB to prove it fits:
 *
 * ```sh
 * deno run -A --v8-flags=--max-old-space-size=1024 bench/validate_memory.ts
 * deno run -A --v8-flags=--max-old-space-size=1024 bench/validate_memory.ts load
 * deno run -A --v8-flags=--max-old-space-size=1024 bench/validate_memory.ts findings
 * ```
 *
 * Peak resident memory (VmHWM) comes from /proc/self/status on Linux; Deno
 * reads /proc/self only with -A, and prints "unknown" without it.
 *
 * @module
 */
import { load } from "npm:js-yaml@5.5.0";
import { validateManifest } from "../src/pipeline/validate.ts";
import { largeManifest } from "./_manifest.ts";

const MODES = ["validate", "load", "findings"] as const;
const mode = Deno.args[0] ?? "validate";
if (!(MODES as readonly string[]).includes(mode)) {
  console.error(`Unknown mode "${mode}": expected one of ${MODES.join(", ")}`);
  Deno.exit(2);
}

const MB = 1024 * 1024;

function peakRss(): number | undefined {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function report(label: string): void {
  const usage = Deno.memoryUsage();
  const peak = peakRss();
  console.log(
    `${label.padEnd(7)} rss ${(usage.rss / MB).toFixed(0)} MiB, heap used ${
      (usage.heapUsed / MB).toFixed(0)
    } MiB of ${(usage.heapTotal / MB).toFixed(0)} MiB, peak rss ${
      peak === undefined ? "unknown" : `${(peak / MB).toFixed(0)} MiB`
    }`,
  );
}

const text = largeManifest(100_000, mode === "findings" ? 100 : 0);
const bytes = new TextEncoder().encode(text);
console.log(`${mode}: ${(bytes.length / MB).toFixed(1)} MiB manifest`);
report("before");
const started = performance.now();
let kept: unknown;
if (mode === "load") {
  kept = load(text);
} else {
  const result = validateManifest(bytes, {
    now: new Date("2026-11-28T09:00:00Z"),
  });
  console.log(`${result.diagnostics.length} findings`);
  kept = result;
}
const elapsed = performance.now() - started;
report("after");
console.log(`took ${elapsed.toFixed(0)} ms (one run, not a benchmark)`);
// Keep the result alive until after the report.
if (kept === null) console.log("");
