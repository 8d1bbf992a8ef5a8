/**
 * `deno task demo`: the whole flow on the embedded emulator, with no cloud
 * account. Starts the emulator in-process; checks a demo manifest that uses
 * a bound custom domain (every validate rule, then the bucket's prerequisites
 * live, through ali-oss) and signs it; writes out/links.json (with the CLI) and
 * out/links.html (with the library); then fetches every link and prints what
 * came back. Exits non-zero if any link does not open the way the manifest
 * declares. `OSSLINKS_DEMO_OUT` names another folder than `out` (the test
 * runs the demo into a temporary folder).
 *
 * @module
 */
import { denoIo } from "../src/cli/deno_io.ts";
import type { CliIo } from "../src/cli/io.ts";
import { main } from "../src/cli/main.ts";
import { loadEmulatorConfig } from "../src/emulator/config.ts";
import { type EmulatorHandle, startEmulator } from "../src/emulator/server.ts";
import type { SignedBatch, SignedLink } from "../src/link.ts";
import { formatHtml } from "../output.ts";

const DEMO_DIR = new URL(".", import.meta.url).pathname;
const OUT_DIR = Deno.env.get("OSSLINKS_DEMO_OUT") || "out";
const DEMO_ENV: Readonly<Record<string, string>> = {
  OSS_ACCESS_KEY_ID: "LTAI5tDemoAccessKeyId",
  OSS_ACCESS_KEY_SECRET: "DemoAccessKeySecretNeverPrinted",
};

/** The process IO, with the demo credentials in place of the environment's. */
function demoIo(): CliIo {
  const io = denoIo();
  return {
    ...io,
    env: (name) =>
      DEMO_ENV[name] ?? (name === "NO_COLOR" ? io.env(name) : undefined),
  };
}

async function cli(io: CliIo, args: string[]): Promise<number> {
  console.log(`\n$ osslinks ${args.join(" ")}`);
  return await main(args, io);
}

/** What a fetched link answered. */
interface Outcome {
  readonly link: SignedLink;
  readonly status: number;
  readonly contentType: string;
  readonly contentDisposition: string;
  readonly forced: boolean;
  readonly ok: boolean;
}

async function open(
  emulator: EmulatorHandle,
  link: SignedLink,
): Promise<Outcome> {
  const response = await emulator.fetch(link.url, { method: link.method });
  await response.body?.cancel();
  const contentDisposition = response.headers.get("content-disposition") ?? "";
  const forced = response.headers.get("x-oss-force-download") === "true";
  const opensInline = contentDisposition === "" ||
    contentDisposition.startsWith("inline");
  const ok = response.status === 200 && !forced &&
    (link.disposition === "inline"
      ? opensInline
      : contentDisposition.startsWith("attachment"));
  return {
    link,
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    contentDisposition,
    forced,
    ok,
  };
}

function table(outcomes: readonly Outcome[]): string {
  const rows = [
    [
      "link",
      "declared",
      "status",
      "content-type",
      "content-disposition",
      "result",
    ],
    ...outcomes.map((o) => [
      o.link.id,
      o.link.disposition,
      String(o.status),
      o.contentType,
      o.contentDisposition.length > 60
        ? `${o.contentDisposition.slice(0, 57)}...`
        : o.contentDisposition || "(none: inline)",
      o.ok ? "ok" : o.forced ? "FAIL (forced download)" : "FAIL",
    ]),
  ];
  const widths = rows[0]!.map((_, column) =>
    Math.max(...rows.map((row) => [...row[column]!].length))
  );
  return rows.map((row) =>
    row.map((cell, column) =>
      cell + " ".repeat(widths[column]! - [...cell].length)
    )
      .join("  ").trimEnd()
  ).join("\n");
}

async function run(): Promise<number> {
  const config = await loadEmulatorConfig(
    await Deno.readTextFile(`${DEMO_DIR}emulator.yaml`),
    { baseDir: DEMO_DIR },
  );
  await using emulator = await startEmulator({ config });
  console.log(`Emulator: ${emulator.origin} (bucket osslinks-demo)`);
  await Deno.mkdir(OUT_DIR, { recursive: true });
  const template = await Deno.readTextFile(`${DEMO_DIR}links.template.yaml`);
  const manifest = `${OUT_DIR}/demo.links.yaml`;
  await Deno.writeTextFile(
    manifest,
    template.replaceAll("{{PORT}}", String(emulator.port)),
  );
  console.log(`Manifest: ${manifest}`);

  const io = demoIo();
  // check runs every validate rule first, then reads the bucket.
  const checked = await cli(io, [
    "check",
    manifest,
    "--live",
    "--endpoint",
    emulator.origin,
  ]);
  if (checked !== 0) return 1;
  if (
    await cli(io, ["sign", manifest, "--out", `${OUT_DIR}/links.json`]) !== 0
  ) return 1;
  const batch = JSON.parse(
    await Deno.readTextFile(`${OUT_DIR}/links.json`),
  ) as SignedBatch;
  await Deno.writeTextFile(`${OUT_DIR}/links.html`, formatHtml(batch));
  console.log(
    `\nWrote ${OUT_DIR}/links.html with the library's formatHtml (what sign --format html writes)`,
  );
  const outcomes = await Promise.all(
    batch.links.map((link) => open(emulator, link)),
  );
  console.log(
    `\nFetched every link of ${OUT_DIR}/links.json:\n${table(outcomes)}`,
  );

  const preview = batch.links.find((link) => link.disposition === "inline");
  if (preview !== undefined) {
    const viaDefault = new URL(preview.url);
    viaDefault.host = emulator.bucketHost("osslinks-demo");
    const response = await emulator.fetch(viaDefault.href);
    await response.body?.cancel();
    console.log(
      `\nThe custom domain is what makes previews work. The same object through the default domain (${viaDefault.host}):\n` +
        `  status ${response.status}, Content-Disposition: ${
          response.headers.get("content-disposition") ?? "(none)"
        }, x-oss-force-download: ${
          response.headers.get("x-oss-force-download") ?? "(none)"
        }\n` +
        "  validate reports this as inline-needs-domain when bucket.domain is missing.",
    );
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  console.log(
    failed === 0
      ? `\nAll ${outcomes.length} links work as declared. Open ${OUT_DIR}/links.html to see the share page.`
      : `\n${failed} of ${outcomes.length} links do not work as declared.`,
  );
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(await run());
