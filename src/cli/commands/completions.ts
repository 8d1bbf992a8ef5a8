/**
 * `osslinks completions bash|zsh|fish`: a shell completion script on
 * stdout.
 *
 * @module
 */
import { closest } from "../../text/closest.ts";
import { parseColorFlag, parseCommandArgs } from "../args.ts";
import { acceptedColorFlag } from "../color.ts";
import {
  COMPLETION_SHELLS,
  completionScript,
  type CompletionShell,
} from "../completions.ts";
import { ExitCode } from "../exit_code.ts";
import { commandHelp } from "../help.ts";
import type { CliIo } from "../io.ts";
import type { CommandSpec } from "../spec.ts";
import { UsageError } from "../usage_error.ts";

/** The spec of `completions`. */
export const COMPLETIONS_SPEC: CommandSpec = {
  name: "completions",
  operands: `<${COMPLETION_SHELLS.join("|")}>`,
  summary: "Print a shell completion script",
  description:
    `Prints a completion script for bash, zsh or fish: commands, their flags, the values of flags with fixed choices, and file names. Load it with:
  source <(osslinks completions bash)
  source <(osslinks completions zsh)
  osslinks completions fish | source`,
  sections: [{ title: "Flags", flags: [acceptedColorFlag("the script")] }],
};

/**
 * Runs `completions`.
 *
 * @param args The arguments after `completions`.
 * @param io The process IO.
 * @param specs The commands to complete.
 * @returns The exit code.
 */
export async function completionsCommand(
  args: readonly string[],
  io: CliIo,
  specs: readonly CommandSpec[],
): Promise<ExitCode> {
  const parsed = parseCommandArgs(args, COMPLETIONS_SPEC);
  if (parsed.values["help"]) {
    await io.writeStdout(commandHelp(COMPLETIONS_SPEC));
    return ExitCode.Clean;
  }
  parseColorFlag(parsed.values);
  const [shell, extra] = parsed.positionals;
  if (shell === undefined) {
    throw new UsageError(
      `Missing shell: expected one of ${
        COMPLETION_SHELLS.map((name) => `"${name}"`).join(", ")
      }`,
    );
  }
  if (extra !== undefined) {
    throw new UsageError(`Unexpected argument "${extra}"`);
  }
  if (!(COMPLETION_SHELLS as readonly string[]).includes(shell)) {
    const suggestion = closest(shell, COMPLETION_SHELLS);
    throw new UsageError(
      `Unknown shell "${shell}": expected one of ${
        COMPLETION_SHELLS.map((name) => `"${name}"`).join(", ")
      }${suggestion === undefined ? "" : `; did you mean "${suggestion}"?`}`,
    );
  }
  await io.writeStdout(
    completionScript(shell as CompletionShell, specs),
  );
  return ExitCode.Clean;
}
