/**
 * `osslinks check <manifest> (--live | --snapshot FILE)`: every `validate`
 * rule, then the bucket prerequisites, read live through ali-oss or from a
 * saved snapshot.
 *
 * @module
 */
import {
  checkBucket,
  SnapshotMismatchError,
} from "../../check/check_bucket.ts";
import { readBucket, type ReadStats } from "../../check/read_bucket.ts";
import { parseSnapshot, SnapshotFormatError } from "../../check/snapshot.ts";
import type { BucketSnapshot } from "../../check/snapshot_schema.ts";
import type { Diagnostic } from "../../diagnostic.ts";
import type { Credentials } from "../../sign/presign.ts";
import { describeFsError, type ParsedArgs } from "../args.ts";
import { readCredentials } from "../credentials.ts";
import { ExitCode } from "../exit_code.ts";
import { plural } from "../report.ts";
import type { CliIo } from "../io.ts";
import { readLists, readUtf8File } from "../list_files.ts";
import {
  finishReport,
  manifestCommandFlags,
  manifestSettings,
  parseManifestCommand,
  readAndValidate,
} from "../manifest_run.ts";
import {
  LIVE_FLAGS,
  type LiveDeps,
  liveRead,
  liveSettings,
  openBucketApi,
} from "../live.ts";
import type { CommandSpec } from "../spec.ts";
import { UsageError } from "../usage_error.ts";

/** The spec of `check`. */
export const CHECK_SPEC: CommandSpec = {
  name: "check",
  operands: "<manifest|-> (--live | --snapshot FILE) [flags]",
  summary: "Validate, then check the bucket's prerequisites",
  description:
    `Runs every validate rule, then checks the bucket's prerequisites: CORS for the declared origins, the custom domain and its certificate, previews, objects, versions, styles, raw processing and Referer rules. --live reads the bucket with the credentials in OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN (or the ALIBABA_CLOUD_* names); --snapshot reads a file saved by "osslinks snapshot" and needs no credentials and no network.`,
  sections: [
    {
      title: "Flags",
      flags: [
        { name: "live", type: "boolean", help: "Read the bucket now" },
        {
          name: "snapshot",
          type: "string",
          value: "FILE",
          help: "Read the bucket's state from FILE",
        },
        ...manifestCommandFlags({
          now: "Signing time (ISO 8601)",
          failOn: "Lowest severity that fails",
        }),
      ],
    },
    { title: "With --live", flags: LIVE_FLAGS },
  ],
};

async function loadSnapshot(io: CliIo, path: string): Promise<BucketSnapshot> {
  let text: string;
  try {
    text = await readUtf8File(io, path);
  } catch (error) {
    throw new UsageError(
      `Cannot read snapshot "${path}": ${describeFsError(error)}`,
      { cause: error },
    );
  }
  try {
    return parseSnapshot(text);
  } catch (error) {
    if (error instanceof SnapshotFormatError) {
      throw new UsageError(`Cannot read snapshot "${path}": ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** The source of the bucket state `check` chose. */
type Source =
  | {
    readonly kind: "snapshot";
    readonly path: string;
    readonly snapshot: BucketSnapshot;
  }
  | { readonly kind: "live"; readonly credentials: Credentials };

async function sourceOf(
  values: ParsedArgs["values"],
  io: CliIo,
): Promise<Source> {
  const snapshot = values["snapshot"];
  const live = values["live"] === true;
  if (live === (typeof snapshot === "string")) {
    throw new UsageError(
      live
        ? "Choose one of --live and --snapshot, not both"
        : "Missing --live or --snapshot FILE: check needs the bucket's state",
    );
  }
  if (typeof snapshot === "string") {
    return {
      kind: "snapshot",
      path: snapshot,
      snapshot: await loadSnapshot(io, snapshot),
    };
  }
  return { kind: "live", credentials: readCredentials(io) };
}

/**
 * Runs `check`.
 *
 * @param args The arguments after `check`.
 * @param io The process IO.
 * @param deps Injected sleep, randomness and fetch (tests).
 * @returns The exit code.
 */
export async function checkCommand(
  args: readonly string[],
  io: CliIo,
  deps: LiveDeps = {},
): Promise<ExitCode> {
  const command = await parseManifestCommand(io, args, CHECK_SPEC);
  if (command === undefined) return ExitCode.Clean;
  const { values, settings, path } = command;
  const live = liveSettings(values, {
    ...deps,
    live: values["live"] === true,
  });
  const source = await sourceOf(values, io);
  const input = await readAndValidate(
    io,
    path,
    manifestSettings(io, values),
  );
  const { validation, now } = input;
  const { waivers } = validation;
  const diagnostics: Diagnostic[] = [...validation.diagnostics];
  const { manifest } = validation;
  const hasErrors = (list: readonly Diagnostic[]) =>
    list.some((d) => !d.suppressed && d.severity === "error");
  let summary = `Bucket not checked: ${input.file} has errors`;
  if (
    manifest !== undefined && validation.locate !== undefined &&
    !hasErrors(diagnostics)
  ) {
    const lists = await readLists(io, manifest, input.file, validation);
    const listFindings = waivers.apply(lists.diagnostics);
    diagnostics.push(...listFindings);
    if (!hasErrors(listFindings)) {
      let snapshot: BucketSnapshot;
      let stats: ReadStats | undefined;
      if (source.kind === "snapshot") {
        snapshot = source.snapshot;
      } else {
        const api = await openBucketApi(manifest, {
          ...live,
          credentials: source.credentials,
        });
        ({ snapshot, stats } = await liveRead(() =>
          readBucket(manifest, api, {
            now,
            lists: lists.lists,
            concurrency: live.concurrency,
            retry: live.retry,
          })
        ));
      }
      let result;
      try {
        result = checkBucket(manifest, snapshot, {
          now,
          locate: validation.locate,
          file: input.file,
          lists: lists.lists,
        });
      } catch (error) {
        if (
          error instanceof SnapshotMismatchError && source.kind === "snapshot"
        ) {
          throw new UsageError(
            `Snapshot "${source.path}" does not fit ${input.file}: ${error.message} (take a new one with "osslinks snapshot")`,
            { cause: error },
          );
        }
        throw error;
      }
      diagnostics.push(...waivers.apply(result.diagnostics));
      const origins = manifest.access?.origins.length ?? 0;
      const from = source.kind === "snapshot"
        ? `snapshot "${source.path}"`
        : "live";
      const retries = stats !== undefined && stats.retries > 0
        ? `, ${plural(stats.retries, ["retry", "retries"])}`
        : "";
      summary =
        `Checked ${input.file} against bucket "${manifest.bucket.name}" (${from}; ${
          plural(result.objects, "object")
        }, ${plural(origins, "origin")}${retries})`;
    }
  }
  return await finishReport(io, diagnostics, {
    ...settings,
    summary,
    input,
  });
}
