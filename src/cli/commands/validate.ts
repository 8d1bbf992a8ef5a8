/**
 * `osslinks validate <manifest>`: the offline lint.
 *
 * @module
 */
import { REPORTING_HELP } from "../args.ts";
import { ExitCode } from "../exit_code.ts";
import type { CliIo } from "../io.ts";
import {
  finishReport,
  manifestSettings,
  parseManifestCommand,
  readAndValidate,
} from "../manifest_run.ts";

/** The help text of `validate`. */
export const VALIDATE_HELP = `Usage: osslinks validate <manifest|-> [flags]

Lints a manifest offline: YAML, schema and every rule. Needs no credentials
and no network.

Flags:
  --report pretty|json|github|sarif  Report format on stderr (default pretty;
                                     github under GitHub Actions)
${REPORTING_HELP}  --fail-on error|warning            Lowest severity that fails (default error)
  --now TIME                         Signing time for relative expiries (ISO 8601)
  --token-expires TIME               STS token expiry (or OSS_SESSION_TOKEN_EXPIRATION)
  --max-bytes N                      Largest manifest accepted (default 67108864)
`;

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
  const command = await parseManifestCommand(io, args, {
    flags: {},
    help: VALIDATE_HELP,
  });
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
