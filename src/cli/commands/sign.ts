/**
 * `osslinks sign <manifest>`: validate, then sign every link in one batch.
 *
 * @module
 */
import { probedLinkBatches } from "../../check/probe.ts";
import { ProbeUnreachableError } from "../../check/probe_request.ts";
import { DEFAULT_CONCURRENCY, prefixLister } from "../../check/read_bucket.ts";
import { type Diagnostic, fails } from "../../diagnostic.ts";
import type { SignedLink } from "../../link.ts";
import type { JsonHead } from "../../output/json.ts";
import { formatHtmlPieces } from "../../output/html.ts";
import { timeZoneName } from "../../output/time_text.ts";
import {
  writeCsv,
  writeJson,
  writeLinkTexts,
  writeNdjson,
} from "../../output/write_links.ts";
import {
  signBatchLinks,
  signBatchTexts,
  workersAllowed,
} from "../../sign/worker_pool.ts";
import {
  linkEntryBatches,
  type ListReader,
  manifestLinkBatches,
  type ManifestLinkSources,
  scanManifestLinks,
  type ScanResult,
  type Shard,
  shardRange,
} from "../../sign/manifest_links.ts";
import { signingTime } from "../../oss/signing_time.ts";
import type { Presigner } from "../../sign/sign_links.ts";
import { parseChoiceFlag } from "../args.ts";
import { writeFailure } from "../fs_error.ts";
import { readCredentials } from "../credentials.ts";
import { ExitCode } from "../exit_code.ts";
import { plural } from "../report.ts";
import type { AtomicWriter, CliIo } from "../io.ts";
import { listFileSources, scanDiagnostics } from "../list_files.ts";
import { ProbeFindings } from "../probe_findings.ts";
import { counting, progressWanted, startProgress } from "../progress.ts";
import {
  LIVE_FLAGS,
  type LiveDeps,
  liveRead,
  liveSettings,
  openBucketApi,
} from "../live.ts";
import {
  finishReport,
  manifestCommandFlags,
  manifestSettings,
  parseManifestCommand,
  readAndValidate,
} from "../manifest_run.ts";
import type { CommandSpec } from "../spec.ts";
import { RuntimeFailure, UsageError } from "../usage_error.ts";
import { boundQuotes } from "../../text/bound_quotes.ts";
import { wantsPages, writePagesOut } from "../html_pages_out.ts";
import { liveListing } from "../live_listing.ts";

/** The output formats of `--format`. */
export const SIGN_FORMATS = ["json", "ndjson", "csv", "html"] as const;

/**
 * The fewest links worth signing in workers: below it, starting them costs
 * more than they save (measured with bench/sign_scale.ts --workers).
 */
export const WORKER_THRESHOLD = 20_000;

/**
 * The most workers `sign` starts by default: each holds a V8 heap (tens of
 * MiB at scale), and past a few the main thread, which reads and writes,
 * is the limit.
 */
const DEFAULT_WORKERS_AT_MOST = 7;

/**
 * How many workers `sign` starts without `--workers`: one per core but the
 * main thread's, which signs too; at least 1, at most 7.
 *
 * @param cores The cores of the machine.
 * @returns How many workers.
 */
export function defaultWorkers(cores: number): number {
  return Math.min(DEFAULT_WORKERS_AT_MOST, Math.max(1, cores - 1));
}

/** The spec of `sign`. */
export const SIGN_SPEC: CommandSpec = {
  name: "sign",
  operands: "<manifest|-> [flags]",
  summary: "Sign every link (JSON, NDJSON, CSV or HTML)",
  description:
    "Validates the manifest, then signs every link in one batch. Credentials come from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN (or the ALIBABA_CLOUD_* names).",
  sections: [
    {
      title: "Flags",
      flags: [
        {
          name: "format",
          type: "string",
          choices: SIGN_FORMATS,
          default: "json",
          help:
            "Output format; html is one self-contained page that runs no script",
        },
        {
          name: "csv-raw",
          type: "boolean",
          help:
            "csv: write keys, ids and filenames exactly, also those a spreadsheet would run as a formula (=, +, -, @, TAB, CR first); by default such a cell gets a leading '",
        },
        {
          name: "live-countdown",
          type: "boolean",
          help:
            'html: add the one hashed script that shows "expires in …" by the viewer\'s clock',
        },
        {
          name: "title",
          type: "string",
          value: "TEXT",
          default: '"Signed links"',
          help: "html: the page's title and heading",
        },
        {
          name: "tz",
          type: "string",
          value: "ZONE",
          default: "UTC",
          help:
            "html: show times in this IANA time zone, such as Asia/Shanghai",
        },
        {
          name: "workers",
          type: "string",
          value: "N",
          default: "one per core but one, at most 7; 0: one thread",
          help:
            `Sign in N workers when the batch has ${WORKER_THRESHOLD} links or more, the main thread signing too when they are all busy; the output is the same bytes either way`,
        },
        {
          name: "quiet",
          type: "boolean",
          help:
            "No progress line (shown on a terminal, never under CI or on a pipe)",
        },
        {
          name: "shard",
          type: "string",
          value: "K/N",
          help:
            "Sign only part K of N: links ⌊(K-1)·T/N⌋+1 to ⌊K·T/N⌋ of the T in manifest order; the parts' NDJSON, concatenated in order, is the whole batch's",
        },
        {
          name: "out",
          type: "string",
          value: "FILE",
          help:
            "Write to FILE instead of stdout (atomically; a FIFO or a device is written in place); html: --out DIR/ writes DIR/index.html and pages of 1000 links, page-0001.html, … (atomically)",
        },
        {
          name: "engine",
          type: "string",
          choices: ["native", "ali-oss"],
          default: "native",
          help: "Signer; ali-oss is the reference",
        },
        ...manifestCommandFlags({
          now: "Signing time (ISO 8601): reproducible output",
          failOn: "Lowest severity that stops signing",
        }),
        {
          name: "probe",
          type: "boolean",
          help:
            "After signing each link, request it (a GET of its first byte, or a HEAD for a HEAD link) and report a status, Content-Type, disposition or filename that differs from the manifest's (exit 1); an unreachable host is exit 3; signs on one thread",
        },
        {
          name: "probe-concurrency",
          type: "string",
          value: "N",
          default: String(DEFAULT_CONCURRENCY),
          help: "Probe requests in flight",
        },
        {
          name: "live",
          type: "boolean",
          help:
            "List the bucket (ListObjectsV2) to expand prefix: entries; see below",
        },
      ],
    },
    { title: "With --live", flags: LIVE_FLAGS },
  ],
};

async function loadPresigner(engine: string): Promise<Presigner | undefined> {
  switch (engine) {
    case "native":
      return undefined;
    case "ali-oss": {
      // ali-oss reads the whole environment and the OS when it loads: a
      // missing permission is a MissingPermissionError naming the flags.
      const { createAliOssEngine } = await import(
        "../../sign/ali_oss_engine.ts"
      );
      return await createAliOssEngine();
    }
    default:
      throw new UsageError(
        `Invalid --engine "${engine}": expected "native" or "ali-oss"`,
      );
  }
}

/**
 * Opens `--out` for writing. A path that cannot be written (open or final
 * rename) is a usage error; a failing write (disk full) a runtime failure.
 * Neither is an internal error with a stack trace.
 */
async function openOut(io: CliIo, out: string): Promise<AtomicWriter> {
  const file = await io.openAtomic(out).catch(writeFailure(out, UsageError));
  return {
    write: (data) => file.write(data).catch(writeFailure(out, RuntimeFailure)),
    commit: () => file.commit().catch(writeFailure(out, UsageError)),
    abort: () => file.abort(),
  };
}

/** What {@linkcode writeFormat} needs besides the links. */
interface FormatSettings {
  readonly bucket: string;
  readonly signedAt: string;
  readonly csvRaw: boolean;
  readonly liveCountdown: boolean;
  readonly title: string | undefined;
  readonly timeZone: string;
}

function formatHead(settings: FormatSettings): JsonHead {
  return { version: 1, bucket: settings.bucket, signedAt: settings.signedAt };
}

/**
 * Parses `--workers N`.
 *
 * @param value The flag's value, or `undefined` for one per core but the
 *   main thread's (at least one, at most 7).
 * @returns How many signing workers (0: sign on the main thread only).
 * @throws {UsageError} When it is not a whole number from 0 to 64.
 */
function parseWorkers(value: string | undefined): number {
  if (value === undefined) return defaultWorkers(navigator.hardwareConcurrency);
  const workers = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
  if (!(workers <= 64)) {
    throw new UsageError(
      `Invalid --workers "${value}": expected a whole number from 0 to 64`,
    );
  }
  return workers;
}

/**
 * Writes the links in the chosen format. JSON, NDJSON and CSV stream; the
 * HTML page is built from the whole batch.
 */
async function writeFormat(
  format: (typeof SIGN_FORMATS)[number],
  links: AsyncIterable<readonly SignedLink[]>,
  write: (text: string) => Promise<void>,
  settings: FormatSettings,
): Promise<void> {
  const head = formatHead(settings);
  switch (format) {
    case "ndjson":
      await writeNdjson(links, write);
      return;
    case "json":
      await writeJson(links, head, write);
      return;
    case "csv":
      await writeCsv(links, write, { escapeFormulas: !settings.csvRaw });
      return;
    case "html": {
      const all: SignedLink[] = [];
      for await (const batch of links) all.push(...batch);
      const pieces = formatHtmlPieces({ ...head, links: all }, {
        live: settings.liveCountdown,
        title: settings.title,
        timeZone: settings.timeZone,
      });
      for (const piece of pieces) await write(piece);
      return;
    }
  }
}

/**
 * Checks `--tz ZONE` against the time zones the runtime knows.
 *
 * @param value The flag's value, or `undefined`.
 * @returns The zone's name to show (default `UTC`).
 * @throws {UsageError} When the runtime does not know the zone.
 */
function parseTimeZone(value: string | undefined): string {
  if (value === undefined) return "UTC";
  const zone = timeZoneName(value);
  if (zone === null) {
    throw new UsageError(
      boundQuotes(
        `Invalid --tz "${value}": not a known IANA time zone; expected a name such as UTC, Europe/Berlin or Asia/Shanghai`,
      ),
    );
  }
  return zone;
}

/**
 * Parses `--shard K/N`: part K (1-based) of N.
 *
 * @param value The flag's value, or `undefined`.
 * @returns The shard, or `undefined` for the whole batch.
 * @throws {UsageError} When it is not K/N with 1 ≤ K ≤ N.
 */
function parseShard(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || index < 1 || count < 1 || index > count) {
    throw new UsageError(
      `Invalid --shard "${value}": expected K/N with 1 <= K <= N, such as 1/4`,
    );
  }
  return { index, count };
}

/**
 * Parses `--probe-concurrency N`.
 *
 * @param value The flag's value, or `undefined` for the default.
 * @param probe Whether `--probe` was given.
 * @returns How many probe requests may be in flight.
 * @throws {UsageError} When it is not a whole number from 1 to 256, or is
 *   given without `--probe`.
 */
function parseProbeConcurrency(
  value: string | undefined,
  probe: boolean,
): number {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  if (!probe) {
    throw new UsageError("--probe-concurrency works with --probe only");
  }
  const concurrency = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(concurrency >= 1 && concurrency <= 256)) {
    throw new UsageError(
      `Invalid --probe-concurrency "${value}": expected a whole number from 1 to 256`,
    );
  }
  return concurrency;
}

/**
 * Runs `sign`.
 *
 * @param args The arguments after `sign`.
 * @param io The process IO.
 * @param deps Injected sleep, randomness and fetch for `--live` (tests).
 * @returns The exit code.
 */
export async function signCommand(
  args: readonly string[],
  io: CliIo,
  deps: LiveDeps = {},
): Promise<ExitCode> {
  const command = await parseManifestCommand(io, args, SIGN_SPEC);
  if (command === undefined) return ExitCode.Clean;
  const { values, settings, path } = command;
  const format = parseChoiceFlag(
    "format",
    (values["format"] as string | undefined) ?? "json",
    { allowed: SIGN_FORMATS },
  );
  const shard = parseShard(values["shard"] as string | undefined);
  const workers = parseWorkers(values["workers"] as string | undefined);
  const timeZone = parseTimeZone(values["tz"] as string | undefined);
  const probe = values["probe"] === true;
  const probeConcurrency = parseProbeConcurrency(
    values["probe-concurrency"] as string | undefined,
    probe,
  );
  const manifestFlags = manifestSettings(io, values);
  const presign = await loadPresigner(
    (values["engine"] as string | undefined) ?? "native",
  );
  const credentials = readCredentials(io);
  const live = values["live"] === true;
  const liveOptions = liveSettings(values, { ...deps, live });
  // The environment's token expiry speaks of a token: without one (a
  // permanent AccessKey), links cannot outlive it. An explicit flag stands.
  const tokenBound = credentials.securityToken !== undefined ||
    typeof values["token-expires"] === "string";
  const input = await readAndValidate(
    io,
    path,
    tokenBound
      ? manifestFlags
      : { ...manifestFlags, tokenExpiresAt: undefined },
  );
  const { validation, now: signedAt } = input;
  const manifest = validation.manifest;
  const diagnostics: Diagnostic[] = [...validation.diagnostics];
  let sources: ManifestLinkSources & { readList: ListReader } = listFileSources(
    io,
    input.file,
  );
  let scan: ScanResult | undefined;
  if (
    manifest !== undefined &&
    !diagnostics.some((d) => !d.suppressed && d.severity === "error")
  ) {
    if (live && manifest.objects.some((entry) => entry.prefix !== undefined)) {
      const api = await liveRead(() =>
        openBucketApi(manifest, { ...liveOptions, credentials })
      );
      sources = {
        ...sources,
        listPrefix: liveListing(
          prefixLister(manifest.bucket.name, api, { retry: liveOptions.retry }),
        ),
      };
    }
    scan = await scanManifestLinks(manifest, sources);
    const waived = diagnostics.length;
    diagnostics.push(...scanDiagnostics(scan, input.file, validation));
    diagnostics.splice(
      waived,
      Infinity,
      ...validation.waivers.apply(diagnostics.slice(waived)),
    );
  }
  const total = scan?.total ?? 0;
  const range = shard === undefined
    ? { start: 0, end: total }
    : shardRange(total, shard);
  const count = range.end - range.start;
  const failed = manifest === undefined ||
    diagnostics.some((d) => fails(d, settings.failOn));
  const part = shard === undefined
    ? ""
    : ` (shard ${shard.index}/${shard.count}: links ${
      range.start + 1
    }–${range.end} of ${total})`;
  // A probe's findings join the report, made once the links are signed.
  const code = probe && !failed ? ExitCode.Clean : await finishReport(
    io,
    diagnostics,
    {
      ...settings,
      summary: failed
        ? `Not signed ${input.file}`
        : `Signing ${plural(count, "link")} from ${input.file}${part}`,
      input,
    },
  );
  if (code === ExitCode.Usage) return code;
  if (failed || manifest === undefined) return ExitCode.Findings;
  const probeFindings = probe
    ? new ProbeFindings(input.file, validation)
    : undefined;
  // With --probe, the report comes once the links are signed and probed.
  const probeReport = async (signed: ExitCode): Promise<ExitCode> =>
    probeFindings === undefined ? signed : await finishReport(
      io,
      [...diagnostics, ...probeFindings.diagnostics()],
      {
        ...settings,
        summary: `Signed and probed ${
          plural(count, "link")
        } from ${input.file}${part}`,
        input,
      },
    );
  const linkOptions = {
    ...sources,
    credentials,
    signedAt,
    shard,
    total,
    ...(presign ? { presign } : {}),
  };
  const formatSettings: FormatSettings = {
    bucket: manifest.bucket.name,
    signedAt: signingTime(signedAt).toISOString(),
    csvRaw: values["csv-raw"] === true,
    liveCountdown: values["live-countdown"] === true,
    title: values["title"] as string | undefined,
    timeZone,
  };
  const progress = startProgress(io, {
    total: count,
    unit: "links",
    enabled: progressWanted(io, values["quiet"] === true),
  });
  // JSON, NDJSON and CSV from the native signer are made as UTF-8 bytes,
  // also in workers when the batch is large enough to pay for them.
  const asBytes = !probe && format !== "html" && presign === undefined;
  const workerCount = count >= WORKER_THRESHOLD && workers > 0 &&
      workersAllowed()
    ? workers
    : 0;
  const out = values["out"] as string | undefined;
  const batchOptions = {
    bucket: manifest.bucket,
    credentials,
    signedAt: signedAt.getTime(),
  };
  // The native signer's links come from the pool (workers when the batch is
  // large); another engine's from the manifest, one by one.
  const signedBatches = () =>
    presign === undefined
      ? signBatchLinks(
        linkEntryBatches(manifest, linkOptions),
        batchOptions,
        workerCount,
      )
      : manifestLinkBatches(manifest, linkOptions);
  // The links, signed (and probed, with --probe) as they stream.
  const linkBatches = () =>
    counting(
      probeFindings === undefined
        ? signedBatches()
        : probedLinkBatches(manifest, {
          ...linkOptions,
          probe: {
            concurrency: probeConcurrency,
            fetch: deps.fetch,
            retry: { sleep: deps.sleep, random: deps.random },
            onFinding: (finding, position) =>
              probeFindings.add(finding, position),
          },
        }),
      progress,
    );
  if (format === "html" && wantsPages(out)) {
    try {
      await writePagesOut(io, out, linkBatches(), {
        head: formatHead(formatSettings),
        total: count,
        page: {
          live: formatSettings.liveCountdown,
          title: formatSettings.title,
          timeZone: formatSettings.timeZone,
        },
      });
    } catch (error) {
      if (error instanceof ProbeUnreachableError) {
        throw new RuntimeFailure(error.message, { cause: error });
      }
      throw error;
    } finally {
      await progress.done();
    }
    return await probeReport(code);
  }
  const sink: AtomicWriter = out === undefined
    ? {
      write: (data: string | Uint8Array) => io.writeStdout(data),
      commit: async () => {},
      abort: async () => {},
    }
    : await openOut(io, out);
  try {
    if (asBytes) {
      const csv = { escapeFormulas: !formatSettings.csvRaw };
      await writeLinkTexts(
        format,
        signBatchTexts(
          counting(linkEntryBatches(manifest, linkOptions), progress),
          { ...batchOptions, format, csv },
          workerCount,
        ),
        sink.write,
        { head: formatHead(formatSettings), csv },
      );
    } else {
      await writeFormat(format, linkBatches(), sink.write, formatSettings);
    }
    await progress.done();
    await sink.commit();
  } catch (error) {
    await progress.done();
    await sink.abort();
    if (error instanceof ProbeUnreachableError) {
      throw new RuntimeFailure(error.message, { cause: error });
    }
    throw error;
  }
  return await probeReport(code);
}
