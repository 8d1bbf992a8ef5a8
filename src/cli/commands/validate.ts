/**
 * `osslinks validate <manifest>`: the offline lint.
 *
 * @module
 */
import { ExitCode } from "../exit_code.ts";
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
    "Lints a manifest offline: YAML, schema and every rule. Needs no credentials and no network.",
  sections: [{
    title: "Flags",
    flags: manifestCommandFlags({
      now: "Signing time for relative expiries (ISO 8601)",
      failOn: "Lowest severity that fails",
    }),
  }],
};

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
  return await finishReport(io, [...input.validation.diagnostics], {
    ...settings,
    summary: `Validated ${input.file}`,
    input,
  });
}
