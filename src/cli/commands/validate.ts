/**
 * `osslinks validate <manifest>`: the offline lint.
 *
 * @module
 */
import type { Diagnostic } from "../../diagnostic.ts";
import { SECRET_IN_MANIFEST } from "../../rules/secret_in_manifest.ts";
import { scanManifestLinks } from "../../sign/manifest_links.ts";
import { ExitCode } from "../exit_code.ts";
import { listFileSources, scanDiagnostics } from "../list_files.ts";
import type { CliIo } from "../io.ts";
import type { CommandSpec } from "../spec.ts";
import {
  finishReport,
  manifestCommandFlags,
  manifestSettings,
  parseManifestCommand,
  readAndValidate,
} from "../manifest_run.ts";

/** The spec of `validate`. */
export const VALIDATE_SPEC: CommandSpec = {
  name: "validate",
  operands: "<manifest|-> [flags]",
  summary: "Lint the manifest offline",
  description:
    "Lints a manifest offline: YAML, schema, every rule and every line of its list: files. Needs no credentials and no network.",
  sections: [{
    title: "Flags",
    flags: manifestCommandFlags({
      now: "Signing time for relative expiries (ISO 8601)",
      failOn: "Lowest severity that fails",
    }),
  }],
};

/** Identifies a finding by rule, place and message, to keep it once. */
function sameFinding(diagnostic: Diagnostic): string {
  const start = diagnostic.range?.start;
  return `${diagnostic.rule}\u0000${diagnostic.file}\u0000${start?.line}:${start?.column}\u0000${diagnostic.message}`;
}

/**
 * Runs `validate`.
 *
 * @param args The arguments after `validate`.
 * @param io The process IO.
 * @returns The exit code.
 */
export async function validateCommand(
  args: readonly string[],
  io: CliIo,
): Promise<ExitCode> {
  const command = await parseManifestCommand(io, args, VALIDATE_SPEC);
  if (command === undefined) return ExitCode.Clean;
  const { values, settings, path } = command;
  const input = await readAndValidate(
    io,
    path,
    manifestSettings(io, values),
  );
  const { validation } = input;
  const diagnostics = [...validation.diagnostics];
  // Every line of every list: file, as sign reads them; a refused
  // permission stops the run as it does for sign. Not with a credential in
  // the manifest: the scan's messages (a duplicate id) would quote it.
  if (
    validation.manifest !== undefined &&
    !diagnostics.some((d) => d.rule === SECRET_IN_MANIFEST)
  ) {
    const scan = await scanManifestLinks(
      validation.manifest,
      listFileSources(io, input.file),
    );
    const seen = new Set(diagnostics.map(sameFinding));
    const found = scanDiagnostics(scan, input.file, validation).filter((d) =>
      // A prefix is expanded only by sign --live; a duplicate id between
      // key: entries is the duplicate-id rule's finding already.
      d.rule !== "prefix-needs-listing" && !seen.has(sameFinding(d))
    );
    diagnostics.push(...validation.waivers.apply(found));
  }
  return await finishReport(io, diagnostics, {
    ...settings,
    summary: `Validated ${input.file}`,
    input,
  });
}
