/**
 * `osslinks schema`: the manifest's JSON Schema on stdout.
 *
 * @module
 */
import { manifestJsonSchemaText } from "../../catalogue/json_schema.ts";
import { parseColorFlag, parseCommandArgs } from "../args.ts";
import { acceptedColorFlag } from "../color.ts";
import { ExitCode } from "../exit_code.ts";
import { commandHelp } from "../help.ts";
import type { CommandSpec } from "../spec.ts";
import type { CliIo } from "../io.ts";
import { UsageError } from "../usage_error.ts";

/** The spec of `schema`. */
export const SCHEMA_SPEC: CommandSpec = {
  name: "schema",
  operands: "[flags]",
  summary: "Print the manifest's JSON Schema",
  description:
    "Prints the manifest's JSON Schema (draft 2020-12), for editors and yaml-language-server.",
  sections: [{ title: "Flags", flags: [acceptedColorFlag("the schema")] }],
};

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
  const parsed = parseCommandArgs(args, SCHEMA_SPEC);
  if (parsed.values["help"]) {
    await io.writeStdout(commandHelp(SCHEMA_SPEC));
    return ExitCode.Clean;
  }
  parseColorFlag(parsed.values);
  if (parsed.positionals.length > 0) {
    throw new UsageError(`Unexpected argument "${parsed.positionals[0]}"`);
  }
  await io.writeStdout(manifestJsonSchemaText());
  return ExitCode.Clean;
}
