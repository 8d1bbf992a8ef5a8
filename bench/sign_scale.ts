/**
 * `sign` at scale, side by side in one run, each as a real `cli.ts sign
 * --out` child process run as the README's install line runs it (with
 * `--v8-flags=--max-semi-space-size=1`) and with the default `--workers`:
 * 100k and 1M V4 links from a `list:` file into each streaming format; the
 * largest again on one thread (`--workers 0`), without the V8 flag, and
 * with the README's tighter memory flags (NDJSON and CSV); 100k
 * links written inline in a manifest, into each format; and 10k and 100k
 * links as HTML pages (`--format html --out DIR/`, 1,000 links a page), the
 * largest again on one thread.
 * Each list run is repeated (`--repeat`, 3 by default) and its median time
 * and median peak RSS (VmHWM of the child, read every 20 ms until it exits)
 * are shown, then the ratios the README quotes and the issue's targets. The
 * largest JSON and CSV outputs are parsed back with parsers we did not
 * write (see `_parse_output.ts`).
 *
 *   deno run -A bench/sign_scale.ts [--sizes 100000,1000000] [--html-sizes 10000,100000] [--repeat 3] [--flat 10000000]
 *
 * `--flat N` then validates N keys once, and signs them once into NDJSON on
 * stdout (no file: ten million links are 6.8 GB), and compares the peak RSS
 * with the largest size's: whether memory stays flat past the sizes the
 * targets name.
 *
 * Data is generated into a temporary folder and removed at the end.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { parsedLinks } from "./_parse_output.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    sizes: { type: "string", default: "100000,1000000" },
    "html-sizes": { type: "string", default: "10000,100000" },
    repeat: { type: "string", default: "3" },
    flat: { type: "string" },
  },
});
const flatSize = values.flat === undefined ? undefined : Number(values.flat);
const repeat = Math.max(1, Number(values.repeat));
const sizes = values.sizes.split(",").map(Number);
const htmlSizes = values["html-sizes"].split(",").filter(Boolean).map(Number);
const CLI = new URL("../cli.ts", import.meta.url).pathname;
const NOW = "2026-11-28T09:00:00Z";
const dir = await Deno.makeTempDir({ prefix: "osslinks-scale-" });

interface Run {
  readonly seconds: number;
  readonly peakMiB: number;
}

async function peakOf(pid: number): Promise<number> {
  try {
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** The Deno flags of the README's install line. */
const INSTALLED = ["--v8-flags=--max-semi-space-size=1"];

/** The README's flags for a tighter memory limit. */
const TIGHT = ["--v8-flags=--max-semi-space-size=1,--heap-growing-percent=50"];

interface SignOptions {
  /** `--workers`; the default when absent. */
  readonly workers?: string;
  /** `--out`; `null` writes to stdout (discarded). */
  readonly out?: string | null;
  /** Deno's flags before `cli.ts`. @default {INSTALLED} */
  readonly denoFlags?: readonly string[];
}

function signOnce(
  manifest: string,
  format: string,
  options: SignOptions = {},
): Promise<Run> {
  return runCli(options.denoFlags ?? INSTALLED, [
    "sign",
    manifest,
    "--format",
    format,
    "--now",
    NOW,
    ...options.out === null
      ? []
      : ["--out", options.out ?? `${dir}/out.${format}`],
    ...options.workers === undefined ? [] : ["--workers", options.workers],
  ]);
}

/** Runs `cli.ts` once: its time and its peak RSS. */
async function runCli(
  denoFlags: readonly string[],
  args: readonly string[],
): Promise<Run> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...denoFlags, CLI, ...args],
    env: { OSS_ACCESS_KEY_ID: "LTAI5tBench", OSS_ACCESS_KEY_SECRET: "bench" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let peak = 0;
  let done = false;
  const status = child.status.then((s) => {
    done = true;
    return s;
  });
  while (!done) {
    peak = Math.max(peak, await peakOf(child.pid));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const { code } = await status;
  const stderr = await new Response(child.stderr).text();
  if (code !== 0) throw new Error(`${args[0]} failed (${code}): ${stderr}`);
  return { seconds: (performance.now() - started) / 1000, peakMiB: peak };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** `repeat` runs: the median time and the median peak RSS. */
async function sign(
  manifest: string,
  format: string,
  options: SignOptions = {},
): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < repeat; i++) {
    runs.push(await signOnce(manifest, format, options));
  }
  return {
    seconds: median(runs.map((run) => run.seconds)),
    peakMiB: median(runs.map((run) => run.peakMiB)),
  };
}

function key(i: number): string {
  return `photos/2026/${String(i).padStart(7, "0")}/IMG_${i}.jpg`;
}

async function listManifest(n: number): Promise<string> {
  const keys = `${dir}/keys-${n}.txt`;
  const file = await Deno.open(keys, { write: true, create: true });
  const encoder = new TextEncoder();
  for (let at = 0; at < n; at += 10_000) {
    let text = "";
    for (let i = at; i < Math.min(n, at + 10_000); i++) text += `${key(i)}\n`;
    await file.write(encoder.encode(text));
  }
  file.close();
  const manifest = `${dir}/list-${n}.yaml`;
  await Deno.writeTextFile(
    manifest,
    `version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects:\n  - list: keys-${n}.txt\n`,
  );
  return manifest;
}

async function inlineManifest(n: number): Promise<string> {
  const lines = [
    "version: 1",
    "bucket: {name: examplebucket, region: cn-hangzhou}",
    "objects:",
  ];
  for (let i = 0; i < n; i++) lines.push(`  - key: ${key(i)}`);
  const manifest = `${dir}/inline-${n}.yaml`;
  await Deno.writeTextFile(manifest, `${lines.join("\n")}\n`);
  return manifest;
}

const row = (what: string, run: Run) =>
  console.log(
    `${what.padEnd(40)} ${run.seconds.toFixed(2).padStart(7)} s ${
      run.peakMiB.toFixed(0).padStart(6)
    } MiB`,
  );

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

try {
  const results = new Map<string, Run>();
  for (const n of sizes) {
    const manifest = await listManifest(n);
    for (const format of ["ndjson", "json", "csv"]) {
      const run = await sign(manifest, format);
      results.set(`list ${n} ${format}`, run);
      row(`${n} keys from a list: → ${format}`, run);
      if (n === sizes.at(-1) && (format === "json" || format === "csv")) {
        const started = performance.now();
        const links = await parsedLinks(format, `${dir}/out.${format}`);
        if (links !== n) throw new Error(`${format}: ${links} links parsed`);
        console.log(
          `${"".padEnd(4)}… parsed back: ${links} links (${
            format === "json" ? "@streamparser/json" : "csv-parse"
          }, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
      }
    }
  }
  const largest = sizes.at(-1)!;
  const listed = `${dir}/list-${largest}.yaml`;
  const oneThread = await sign(listed, "ndjson", { workers: "0" });
  row(`${largest} keys → ndjson, one thread`, oneThread);
  const noFlag = await sign(listed, "ndjson", { denoFlags: [] });
  row(`${largest} keys → ndjson, no V8 flag`, noFlag);
  const tight = new Map<string, Run>();
  for (const format of ["ndjson", "csv"]) {
    const run = await sign(listed, format, { denoFlags: TIGHT });
    tight.set(format, run);
    row(`${largest} keys → ${format}, tighter flags`, run);
  }
  const pages = new Map<number, Run>();
  for (const n of htmlSizes) {
    const manifest = sizes.includes(n)
      ? `${dir}/list-${n}.yaml`
      : await listManifest(n);
    const run = await sign(manifest, "html", { out: `${dir}/pages-${n}/` });
    pages.set(n, run);
    row(`${n} keys → html pages of 1000`, run);
    await Deno.remove(`${dir}/pages-${n}`, { recursive: true });
  }
  const largestPages = htmlSizes.at(-1);
  // The html loop above wrote (or found) this list's manifest.
  const pagesOneThread = largestPages === undefined ? undefined : await sign(
    `${dir}/list-${largestPages}.yaml`,
    "html",
    { out: `${dir}/pages-one/`, workers: "0" },
  );
  if (pagesOneThread !== undefined) {
    row(`${largestPages} keys → html pages, one thread`, pagesOneThread);
    await Deno.remove(`${dir}/pages-one`, { recursive: true });
  }
  const inlineN = sizes[0]!;
  const inlined = await inlineManifest(inlineN);
  const inline = new Map<string, Run>();
  for (const format of ["ndjson", "json", "csv", "html"]) {
    const out = format === "html" ? `${dir}/inline-pages/` : undefined;
    const run = await sign(inlined, format, out ? { out } : {});
    inline.set(format, run);
    row(`${inlineN} inline objects → ${format}${out ? " pages" : ""}`, run);
    if (out) await Deno.remove(out, { recursive: true });
  }
  console.log("");
  const [small, large] = [sizes[0]!, largest];
  const ndjsonAtLarge = results.get(`list ${large} ndjson`)!;
  for (const format of ["ndjson", "json", "csv"]) {
    const a = results.get(`list ${small} ${format}`)!;
    const b = results.get(`list ${large} ${format}`)!;
    console.log(
      `${format}: RSS at ${large} / RSS at ${small} = ${
        ratio(b.peakMiB, a.peakMiB)
      }; time vs ndjson at ${large} = ${
        ratio(b.seconds, ndjsonAtLarge.seconds)
      }`,
    );
  }
  console.log(
    `default workers / one thread at ${large} (ndjson) = ${
      ratio(ndjsonAtLarge.seconds, oneThread.seconds)
    } time, ${ratio(ndjsonAtLarge.peakMiB, oneThread.peakMiB)} peak RSS`,
  );
  console.log(
    `${INSTALLED.join(" ")} / no flag at ${large} (ndjson) = ${
      ratio(ndjsonAtLarge.seconds, noFlag.seconds)
    } time, ${ratio(ndjsonAtLarge.peakMiB, noFlag.peakMiB)} peak RSS`,
  );
  for (const [format, run] of tight) {
    const installed = results.get(`list ${large} ${format}`)!;
    console.log(
      `${TIGHT.join(" ")} / ${INSTALLED.join(" ")} at ${large} (${format}) = ${
        ratio(run.seconds, installed.seconds)
      } time, ${ratio(run.peakMiB, installed.peakMiB)} peak RSS`,
    );
  }
  if (pagesOneThread !== undefined) {
    const run = pages.get(largestPages!)!;
    console.log(
      `html pages: default workers / one thread at ${largestPages} = ${
        ratio(run.seconds, pagesOneThread.seconds)
      } time, ${ratio(run.peakMiB, pagesOneThread.peakMiB)} peak RSS`,
    );
  }
  if (htmlSizes.length > 1) {
    const [a, b] = [htmlSizes[0]!, htmlSizes.at(-1)!];
    console.log(
      `html pages: RSS at ${b} / RSS at ${a} = ${
        ratio(pages.get(b)!.peakMiB, pages.get(a)!.peakMiB)
      }; time per link at ${b} / at ${a} = ${
        ratio(pages.get(b)!.seconds / b, pages.get(a)!.seconds / a)
      }`,
    );
  }
  const listNdjson = results.get(`list ${inlineN} ndjson`)!;
  for (const [format, run] of inline) {
    console.log(
      `inline ${inlineN} objects → ${format} / list ${inlineN} keys → ndjson (time) = ${
        ratio(run.seconds, listNdjson.seconds)
      }`,
    );
  }
  if (flatSize !== undefined) {
    const manifest = await listManifest(flatSize);
    const checked = await runCli(INSTALLED, ["validate", manifest]);
    row(`${flatSize} keys → validate, once`, checked);
    const flat = await signOnce(manifest, "ndjson", { out: null });
    row(`${flatSize} keys → ndjson on stdout, once`, flat);
    console.log(
      `ndjson: RSS at ${flatSize} / RSS at ${large} = ${
        ratio(flat.peakMiB, ndjsonAtLarge.peakMiB)
      }`,
    );
  }
  const mb = (mib: number) => (mib * 1.048576).toFixed(0);
  console.log(
    `\ntargets at ${large} → ndjson: ${
      ndjsonAtLarge.seconds.toFixed(2)
    } s (≤ 10 s), ${mb(ndjsonAtLarge.peakMiB)} MB peak RSS (≤ 300 MB); json ${
      mb(results.get(`list ${large} json`)!.peakMiB)
    } MB, csv ${mb(results.get(`list ${large} csv`)!.peakMiB)} MB (≤ 300 MB)`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
