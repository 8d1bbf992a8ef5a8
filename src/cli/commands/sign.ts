/**
 * `osslinks sign <manifest>`: validate, then sign every link in one batch.
 *
 * @module
 */
import { listPrefixes } from "../../check/read_bucket.ts";
import { isAtLeast } from "../../diagnostic.ts";
import { formatCsv } from "../../output/csv.ts";
import { formatHtml } from "../../output/html.ts";
import { formatJson } from "../../output/json.ts";
import { formatNdjsonLink } from "../../output/ndjson.ts";
import { planLinks } from "../../sign/plan.ts";
import { type Presigner, signBatch, signLinks } from "../../sign/sign_links.ts";
import { describeFsError, parseChoiceFlag } from "../args.ts";
import { readCredentials } from "../credentials.ts";
import { ExitCode } from "../exit_code.ts";
import { plural } from "../report.ts";
import type { AtomicWriter, CliIo } from "../io.ts";
import { readLists } from "../list_files.ts";
import {
  LIVE_FLAGS,
  LIVE_HELP,
  type LiveDeps,
  liveRead,
  liveSettings,
  openBucketApi,
} from "../live.ts";
import {
  finishReport,
  manifestSettings,
  parseManifestCommand,
  readAndValidate,
} from "../manifest_run.ts";
import { RuntimeFailure, UsageError } from "../usage_error.ts";

/** The output formats of `--format`. */
export const SIGN_FORMATS = ["json", "ndjson", "csv", "html"] as const;

/** The help text of `sign`. */
export const SIGN_HELP = `Usage: osslinks sign <manifest|-> [flags]

Validates the manifest, then signs every link in one batch. Credentials come
from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN (or the
ALIBABA_CLOUD_* names).

Flags:
  --format json|ndjson|csv|html      Output format (default json); html is one
                                     self-contained page that runs no script
  --live-countdown                   html: add the one hashed script that shows
                                     "expires in …" by the viewer's clock
  --out FILE                         Write atomically to FILE instead of stdout
  --now TIME                         Signing time (ISO 8601): reproducible output
  --token-expires TIME               STS token expiry (or OSS_SESSION_TOKEN_EXPIRATION)
  --engine native|ali-oss            Signer (default native; ali-oss is the reference)
  --report pretty|json|github|sarif  Report format on stderr
  --fail-on error|warning            Lowest severity that stops signing (default error)
  --max-bytes N                      Largest manifest accepted (default 67108864)
  --live                             List the bucket (ListObjectsV2) to expand
                                     prefix: entries; with:
${LIVE_HELP}`;

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
  const fail =
    (Failure: typeof UsageError | typeof RuntimeFailure) =>
    (error: unknown): never => {
      throw new Failure(`Cannot write "${out}": ${describeFsError(error)}`, {
        cause: error,
      });
    };
  const file = await io.openAtomic(out).catch(fail(UsageError));
  return {
    write: (text) => file.write(text).catch(fail(RuntimeFailure)),
    commit: () => file.commit().catch(fail(UsageError)),
    abort: () => file.abort(),
  };
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
  const command = await parseManifestCommand(io, args, {
    flags: {
      ...LIVE_FLAGS,
      live: { type: "boolean" },
      format: { type: "string" },
      out: { type: "string" },
      engine: { type: "string" },
      "live-countdown": { type: "boolean" },
    },
    help: SIGN_HELP,
  });
  if (command === undefined) return ExitCode.Clean;
  const { values, settings, path } = command;
  const format = parseChoiceFlag(
    "format",
    (values["format"] as string | undefined) ?? "json",
    { allowed: SIGN_FORMATS },
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
  const diagnostics = [...validation.diagnostics];
  let plans: ReturnType<typeof planLinks>["plans"] = [];
  if (
    manifest !== undefined && !diagnostics.some((d) => d.severity === "error")
  ) {
    const lists = await readLists(io, manifest, input.file, validation);
    diagnostics.push(...lists.diagnostics);
    const prefixes = live && manifest.objects.some((entry) =>
        entry.prefix !== undefined
      )
      ? (await liveRead(async () =>
        listPrefixes(
          manifest,
          await openBucketApi(manifest, { ...liveOptions, credentials }),
          { concurrency: liveOptions.concurrency, retry: liveOptions.retry },
        )
      )).prefixes
      : undefined;
    const plan = planLinks(manifest, {
      now: signedAt,
      lists: lists.lists,
      ...(prefixes !== undefined ? { prefixes } : {}),
    });
    plans = plan.plans;
    for (const finding of plan.findings) {
      diagnostics.push({
        rule: finding.rule,
        severity: "error",
        message: finding.message,
        file: input.file,
        range: validation.locate?.(finding.path, finding.target),
        ...(finding.hint !== undefined ? { hint: finding.hint } : {}),
      });
    }
  }
  const failed = manifest === undefined ||
    diagnostics.some((d) => isAtLeast(d.severity, settings.failOn));
  const code = await finishReport(io, diagnostics, {
    ...settings,
    summary: failed
      ? `Not signed ${input.file}`
      : `Signing ${plural(plans.length, "link")} from ${input.file}`,
    input,
  });
  if (code === ExitCode.Usage) return code;
  if (failed || manifest === undefined) return ExitCode.Findings;
  const signOptions = {
    bucket: manifest.bucket,
    credentials,
    signedAt,
    ...(presign ? { presign } : {}),
  };
  const out = values["out"] as string | undefined;
  const sink: AtomicWriter = out === undefined
    ? {
      write: (text: string) => io.writeStdout(text),
      commit: async () => {},
      abort: async () => {},
    }
    : await openOut(io, out);
  try {
    if (format === "ndjson") {
      let chunk = "";
      for await (const link of signLinks(plans, signOptions)) {
        chunk += formatNdjsonLink(link);
        if (chunk.length >= 1 << 16) {
          await sink.write(chunk);
          chunk = "";
        }
      }
      await sink.write(chunk);
    } else {
      const batch = await signBatch(plans, signOptions);
      await sink.write(
        format === "csv"
          ? formatCsv(batch)
          : format === "html"
          ? formatHtml(batch, { live: values["live-countdown"] === true })
          : formatJson(batch),
      );
    }
    await sink.commit();
  } catch (error) {
    await sink.abort();
    throw error;
  }
  return code;
}
