/**
 * `osslinks schema`: the manifest's JSON Schema on stdout.
 *
 * @module
 */
import { manifestJsonSchemaText } from "../../catalogue/json_schema.ts";
import { parseColorFlag, parseCommandArgs } from "../args.ts";
import { COLOR_FLAG } from "../color.ts";
import { ExitCode } from "../exit_code.ts";
import type { CliIo } from "../io.ts";
import { UsageError } from "../usage_error.ts";

/** The help text of `schema`. */
export const SCHEMA_HELP = `Usage: osslinks schema [flags]

Prints the manifest's JSON Schema (draft 2020-12), for editors and
yaml-language-server.

Flags:
  --color auto|always|never  Accepted, as by every command; the schema is
                             never coloured
`;

/**
 * Runs `schema`.
 *
 * @param args The arguments after `schema`.
 * @param io The process IO.
 * @returns The exit code.
 */
export async function schemaCommand(
  args: readonly string[],
  io: CliIo,
): Promise<ExitCode> {
  const parsed = parseCommandArgs(args, {
    help: { type: "boolean" },
    ...COLOR_FLAG,
  });
  if (parsed.values["help"]) {
    await io.writeStdout(SCHEMA_HELP);
    return ExitCode.Clean;
  }
  parseColorFlag(parsed.values);
  if (parsed.positionals.length > 0) {
    throw new UsageError(`Unexpected argument "${parsed.positionals[0]}"`);
  }
  await io.writeStdout(manifestJsonSchemaText());
  return ExitCode.Clean;
}
