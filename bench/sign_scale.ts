/**
 * `sign` at scale, side by side in one run: 100k and 1M V4 links from a
 * `list:` file into each streaming format on one thread, the largest size
 * again in 2 workers, and 100k links written inline in a manifest, each as a
 * real `cli.ts sign --out` child process; and 10k and 100k links as HTML
 * pages (`--format html --out DIR/`, 1,000 links a page); the workers run
 * once more with V8's young generation held small
 * (`--v8-flags=--max-semi-space-size=1`). Prints wall
 * time and peak RSS (VmHWM of the child, read every 20 ms until it exits),
 * and the ratios the README quotes: RSS at 1M over RSS at 100k, each format's
 * time over NDJSON's, inline over list, HTML pages' RSS at 100k over 10k.
 *
 *   deno run -A bench/sign_scale.ts [--sizes 100000,1000000] [--html-sizes 10000,100000]
 *
 * Data is generated into a temporary folder and removed at the end.
 *
 * @module
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    sizes: { type: "string", default: "100000,1000000" },
    "html-sizes": { type: "string", default: "10000,100000" },
  },
});
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

/** V8's young generation held small: the flag the README's install line sets. */
const SMALL_YOUNG_GENERATION = "--v8-flags=--max-semi-space-size=1";

async function sign(
  manifest: string,
  format: string,
  workers = "0",
  out = `${dir}/out.${format}`,
  denoFlags: readonly string[] = [],
): Promise<Run> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      ...denoFlags,
      CLI,
      "sign",
      manifest,
      "--format",
      format,
      "--now",
      NOW,
      "--out",
      out,
      "--workers",
      workers,
    ],
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
  if (code !== 0) throw new Error(`sign failed (${code}): ${stderr}`);
  return { seconds: (performance.now() - started) / 1000, peakMiB: peak };
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
    `${what.padEnd(34)} ${run.seconds.toFixed(2).padStart(7)} s ${
      run.peakMiB.toFixed(0).padStart(6)
    } MiB`,
  );

try {
  const results = new Map<string, Run>();
  for (const n of sizes) {
    const manifest = await listManifest(n);
    for (const format of ["ndjson", "json", "csv"]) {
      const run = await sign(manifest, format);
      results.set(`list ${n} ${format}`, run);
      row(`${n} keys from a list: → ${format}`, run);
    }
  }
  const largest = sizes.at(-1)!;
  const parallel = await sign(
    `${dir}/list-${largest}.yaml`,
    "ndjson",
    "2",
  );
  row(`${largest} keys → ndjson, 2 workers`, parallel);
  const lean = await sign(
    `${dir}/list-${largest}.yaml`,
    "ndjson",
    "2",
    undefined,
    [SMALL_YOUNG_GENERATION],
  );
  row(`… and ${SMALL_YOUNG_GENERATION.slice(11)}`, lean);
  const pages = new Map<number, Run>();
  for (const n of htmlSizes) {
    const manifest = sizes.includes(n)
      ? `${dir}/list-${n}.yaml`
      : await listManifest(n);
    const run = await sign(manifest, "html", "0", `${dir}/pages-${n}/`);
    pages.set(n, run);
    row(`${n} keys → html pages of 1000`, run);
    await Deno.remove(`${dir}/pages-${n}`, { recursive: true });
  }
  const inlineN = sizes[0]!;
  const inline = await sign(await inlineManifest(inlineN), "ndjson");
  row(`${inlineN} inline objects → ndjson`, inline);
  console.log("");
  const [small, large] = [sizes[0]!, sizes.at(-1)!];
  for (const format of ["ndjson", "json", "csv"]) {
    const a = results.get(`list ${small} ${format}`)!;
    const b = results.get(`list ${large} ${format}`)!;
    console.log(
      `${format}: RSS at ${large} / RSS at ${small} = ${
        (b.peakMiB / a.peakMiB).toFixed(2)
      }×; time vs ndjson at ${large} = ${
        (b.seconds / results.get(`list ${large} ndjson`)!.seconds).toFixed(2)
      }×`,
    );
  }
  console.log(
    `2 workers / one thread at ${largest} (ndjson time) = ${
      (parallel.seconds / results.get(`list ${largest} ndjson`)!.seconds)
        .toFixed(2)
    }×, peak RSS ${
      (parallel.peakMiB / results.get(`list ${largest} ndjson`)!.peakMiB)
        .toFixed(2)
    }×`,
  );
  console.log(
    `2 workers with ${SMALL_YOUNG_GENERATION} / without at ${largest} = ${
      (lean.seconds / parallel.seconds).toFixed(2)
    }× time, ${(lean.peakMiB / parallel.peakMiB).toFixed(2)}× peak RSS`,
  );
  if (htmlSizes.length > 1) {
    const [a, b] = [htmlSizes[0]!, htmlSizes.at(-1)!];
    console.log(
      `html pages: RSS at ${b} / RSS at ${a} = ${
        (pages.get(b)!.peakMiB / pages.get(a)!.peakMiB).toFixed(2)
      }×; time per link at ${b} / at ${a} = ${
        ((pages.get(b)!.seconds / b) / (pages.get(a)!.seconds / a)).toFixed(2)
      }×`,
    );
  }
  console.log(
    `inline ${inlineN} objects / list ${inlineN} keys (ndjson time) = ${
      (inline.seconds / results.get(`list ${inlineN} ndjson`)!.seconds)
        .toFixed(2)
    }×`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
