/**
 * `osslinks snapshot <manifest> --out FILE`: read the live bucket state the
 * checks need and save it, so that `check --snapshot FILE` runs offline
 * without credentials.
 *
 * @module
 */
import { readBucket } from "../../check/read_bucket.ts";
import { formatSnapshot } from "../../check/snapshot.ts";
import { type Diagnostic, fails } from "../../diagnostic.ts";
import { writeFailure } from "../fs_error.ts";
import { readCredentials } from "../credentials.ts";
import { ExitCode } from "../exit_code.ts";
import { plural } from "../report.ts";
import type { CliIo } from "../io.ts";
import { readLists } from "../list_files.ts";
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
import { RuntimeFailure, UsageError } from "../usage_error.ts";

/** The spec of `snapshot`. */
export const SNAPSHOT_SPEC: CommandSpec = {
  name: "snapshot",
  operands: "<manifest|-> --out FILE [flags]",
  summary: "Save the bucket state check --snapshot reads",
  description:
    `Validates the manifest, then reads exactly the bucket state "check" needs (bucket info, CORS, custom domains, styles, Referer rules, every object and version the manifest names, prefix listings, source-image protection) and writes it to FILE atomically, for "osslinks check --snapshot FILE". Reads with the credentials in OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN (or the ALIBABA_CLOUD_* names). The file holds no secret.`,
  sections: [{
    title: "Flags",
    flags: [
      {
        name: "out",
        type: "string",
        value: "FILE",
        help: "Where to write the snapshot (JSON)",
      },
      ...manifestCommandFlags({
        now: "Time recorded as takenAt (ISO 8601)",
        failOn: "Lowest severity that stops it",
      }),
      ...LIVE_FLAGS,
    ],
  }],
};

/**
 * Runs `snapshot`.
 *
 * @param args The arguments after `snapshot`.
 * @param io The process IO.
 * @param deps Injected sleep, randomness and fetch (tests).
 * @returns The exit code.
 */
export async function snapshotCommand(
  args: readonly string[],
  io: CliIo,
  deps: LiveDeps = {},
): Promise<ExitCode> {
  const command = await parseManifestCommand(io, args, SNAPSHOT_SPEC);
  if (command === undefined) return ExitCode.Clean;
  const { values, settings, path } = command;
  const out = values["out"];
  if (typeof out !== "string" || out === "") {
    throw new UsageError("Missing --out FILE: where to write the snapshot");
  }
  const live = liveSettings(values, { ...deps, live: true });
  const credentials = readCredentials(io);
  const input = await readAndValidate(
    io,
    path,
    manifestSettings(io, values),
  );
  const { validation, now } = input;
  const diagnostics: Diagnostic[] = [...validation.diagnostics];
  const { manifest } = validation;
  const blocked = () => diagnostics.some((d) => fails(d, settings.failOn));
  let summary = `Not saved: ${input.file} has findings at or above --fail-on`;
  if (manifest !== undefined && !blocked()) {
    const lists = await readLists(io, manifest, input.file, validation);
    diagnostics.push(...validation.waivers.apply(lists.diagnostics));
    if (!blocked()) {
      // Opened first: a folder that does not exist is told before the
      // bucket is read, not after.
      const file = await io.openAtomic(out).catch(
        writeFailure(out, UsageError),
      );
      let read: Awaited<ReturnType<typeof readBucket>>;
      try {
        const api = await openBucketApi(manifest, { ...live, credentials });
        read = await liveRead(() =>
          readBucket(manifest, api, {
            now,
            lists: lists.lists,
            concurrency: live.concurrency,
            retry: live.retry,
          })
        );
        await file.write(formatSnapshot(read.snapshot)).catch(
          writeFailure(out, RuntimeFailure),
        );
      } catch (error) {
        await file.abort();
        throw error;
      }
      await file.commit().catch(writeFailure(out, UsageError));
      const { snapshot, stats } = read;
      summary = `Saved the state of bucket "${snapshot.bucket}" to ${out} (${
        plural(snapshot.objects.length, "object")
      }, ${plural(snapshot.prefixes.length, ["prefix", "prefixes"])}, ${
        plural(stats.requests, "request")
      }, ${plural(stats.retries, ["retry", "retries"])})`;
    }
  }
  return await finishReport(io, diagnostics, {
    ...settings,
    summary,
    input,
  });
}
