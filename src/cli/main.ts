/**
 * The command line: dispatches a command and maps every outcome to an exit
 * code. User mistakes print a message, never a stack trace.
 *
 * @module
 */
import { missingPermissionOf } from "../io/missing_permission.ts";
import { closest } from "../text/closest.ts";
import { VERSION } from "../version.ts";
import { CHECK_SPEC, checkCommand } from "./commands/check.ts";
import {
  COMPLETIONS_SPEC,
  completionsCommand,
} from "./commands/completions.ts";
import { EMULATOR_SPEC, emulatorCommand } from "./commands/emulator.ts";
import { INSPECT_SPEC, inspectCommand } from "./commands/inspect.ts";
import { SCHEMA_SPEC, schemaCommand } from "./commands/schema.ts";
import { SIGN_SPEC, signCommand } from "./commands/sign.ts";
import { SNAPSHOT_SPEC, snapshotCommand } from "./commands/snapshot.ts";
import { VALIDATE_SPEC, validateCommand } from "./commands/validate.ts";
import { ExitCode } from "./exit_code.ts";
import { commandList } from "./help.ts";
import type { CliIo } from "./io.ts";
import { redactingIo } from "./redact.ts";
import type { CommandSpec } from "./spec.ts";
import { RuntimeFailure, UsageError } from "./usage_error.ts";

/** The commands, in the order the help lists them. */
export const COMMAND_SPECS: readonly CommandSpec[] = [
  VALIDATE_SPEC,
  CHECK_SPEC,
  SNAPSHOT_SPEC,
  SIGN_SPEC,
  INSPECT_SPEC,
  SCHEMA_SPEC,
  EMULATOR_SPEC,
  COMPLETIONS_SPEC,
];

/** The top-level help text; its command list comes from the specs. */
export const MAIN_HELP =
  `osslinks ${VERSION}: Alibaba Cloud OSS signed links from a YAML manifest

Usage: osslinks <command> [flags]

Commands:
${commandList(COMMAND_SPECS)}
Run "osslinks help <command>" or "osslinks <command> -h" for its flags.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error or
unreadable input, 3 runtime failure (network, auth, bucket unreachable).
`;

type Command = (args: readonly string[], io: CliIo) => Promise<ExitCode>;

const COMMANDS: Readonly<Record<string, Command>> = {
  check: (args, io) => checkCommand(args, io),
  completions: (args, io) => completionsCommand(args, io, COMMAND_SPECS),
  emulator: emulatorCommand,
  inspect: inspectCommand,
  schema: schemaCommand,
  sign: (args, io) => signCommand(args, io),
  snapshot: (args, io) => snapshotCommand(args, io),
  validate: validateCommand,
};

/** Whether an operating system refusal (EACCES) is in the error's causes. */
function refusedBySystem(error: unknown): boolean {
  for (let depth = 0; depth < 16 && error instanceof Error; depth++) {
    if (error instanceof Deno.errors.PermissionDenied) return true;
    error = error.cause;
  }
  return false;
}

/**
 * Runs the command line.
 *
 * @param args The arguments, without the program name.
 * @param rawIo The process IO.
 * @returns The exit code.
 */
export async function main(
  args: readonly string[],
  rawIo: CliIo,
): Promise<ExitCode> {
  const [name, ...rest] = args;
  const io = redactingIo(rawIo, { tokenInLinks: name === "sign" });
  if (name === "help" && rest.length > 0) {
    return await main([rest[0]!, "--help"], rawIo);
  }
  if (
    name === undefined || name === "--help" || name === "-h" || name === "help"
  ) {
    await (name === undefined
      ? io.writeStderr(MAIN_HELP)
      : io.writeStdout(MAIN_HELP));
    return name === undefined ? ExitCode.Usage : ExitCode.Clean;
  }
  if (name === "--version" || name === "-V") {
    await io.writeStdout(`osslinks ${VERSION}\n`);
    return ExitCode.Clean;
  }
  // Own properties only: "toString" is not a command.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    const suggestion = closest(name, Object.keys(COMMANDS));
    await io.writeStderr(
      `osslinks: Unknown command "${name}"${
        suggestion ? `: did you mean "${suggestion}"?` : ""
      }\n\n${MAIN_HELP}`,
    );
    return ExitCode.Usage;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    // A permission the process lacks, wherever it was refused: exit 2.
    const missing = missingPermissionOf(error);
    if (missing !== undefined) {
      await io.writeStderr(`osslinks ${name}: ${missing.message}\n`);
      return ExitCode.Usage;
    }
    if (error instanceof UsageError) {
      await io.writeStderr(
        `osslinks ${name}: ${error.message}\nRun "osslinks ${name} --help" for usage.\n`,
      );
      return ExitCode.Usage;
    }
    if (error instanceof RuntimeFailure) {
      await io.writeStderr(`osslinks ${name}: ${error.message}\n`);
      return refusedBySystem(error) ? ExitCode.Usage : ExitCode.Runtime;
    }
    if (refusedBySystem(error)) {
      await io.writeStderr(
        `osslinks ${name}: ${
          error instanceof Error ? error.message : String(error)
        }\n`,
      );
      return ExitCode.Usage;
    }
    if (outOfResources(error)) {
      await io.writeStderr(
        `osslinks ${name}: Cannot finish: the process ran out of memory (${
          (error as Error).message
        }); nothing was written to --out. Stream with --format ndjson, json or csv, or split the batch with --shard K/N\n`,
      );
      return ExitCode.Runtime;
    }
    const detail = error instanceof Error
      ? error.stack ?? error.message
      : String(error);
    await io.writeStderr(
      `osslinks ${name}: Unexpected internal error, please report it:\n${detail}\n`,
    );
    return ExitCode.Runtime;
  }
}

/**
 * Whether an error is V8 running out of room (a string or buffer too large
 * to make): a limit of the run, not a bug to report.
 */
function outOfResources(error: unknown): boolean {
  return error instanceof RangeError &&
    /Invalid string length|Array buffer allocation failed|Invalid array length/
      .test(error.message);
}
