/**
 * `osslinks validate <manifest>`: the offline lint.
 *
 * @module
 */
import { validateManifest } from "../../validate.ts";
import {
  onePositional,
  parseCommandArgs,
  parsePositiveIntegerFlag,
  parseTimeFlag,
  readManifestInput,
  REPORT_FLAGS,
  reportSettings,
} from "../args.ts";
import { tokenExpiry } from "../credentials.ts";
import { ExitCode } from "../exit_code.ts";
import type { CliIo } from "../io.ts";
import { reportDiagnostics } from "../report.ts";

/** The help text of `validate`. */
export const VALIDATE_HELP = `Usage: osslinks validate <manifest|-> [flags]

Lints a manifest offline: YAML, schema and every rule. Needs no credentials
and no network.

Flags:
  --report pretty|json|github|sarif  Report format on stderr (default pretty;
                                     github under GitHub Actions)
  --fail-on error|warning            Lowest severity that fails (default error)
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
  const parsed = parseCommandArgs(args, {
    ...REPORT_FLAGS,
    now: { type: "string" },
    "token-expires": { type: "string" },
    "max-bytes": { type: "string" },
  });
  if (parsed.values["help"]) {
    await io.writeStdout(VALIDATE_HELP);
    return ExitCode.Clean;
  }
  const settings = reportSettings(parsed.values, io);
  const path = onePositional(
    parsed,
    "manifest argument (a file, or - for stdin)",
  );
  const { values } = parsed;
  const now = typeof values["now"] === "string"
    ? parseTimeFlag("now", values["now"])
    : io.now();
  const maxBytes = typeof values["max-bytes"] === "string"
    ? parsePositiveIntegerFlag("max-bytes", values["max-bytes"])
    : undefined;
  const tokenExpiresAt = tokenExpiry(values, io);
  const input = await readManifestInput(io, path);
  const result = validateManifest(input.bytes, {
    file: input.file,
    now,
    tokenExpiresAt,
    ...(maxBytes !== undefined ? { maxBytes } : {}),
  });
  const code = await reportDiagnostics(io, result.diagnostics, {
    ...settings,
    summary: `Validated ${input.file}`,
    ...(result.lines ? { sources: new Map([[input.file, result.lines]]) } : {}),
  });
  return result.unreadable ? ExitCode.Usage : code;
}
