/**
 * A {@linkcode CliIo} for command tests on real files (temporary folders,
 * real atomic writes and renames; `_fake_io.ts` keeps files in memory): a
 * fixed clock, a given environment, and stdout/stderr captured as text.
 *
 * @module
 */
import { openAtomicFile, writeFileAtomic } from "../src/io/atomic_write.ts";
import type { CliIo } from "../src/cli/io.ts";
import { RuntimeFailure, UsageError } from "../src/cli/usage_error.ts";

/** A test IO and what the command wrote. */
export interface TestIo extends CliIo {
  /** Everything written to standard output. */
  readonly stdout: () => string;
  /** Everything written to standard error. */
  readonly stderr: () => string;
}

/**
 * Builds a test IO.
 *
 * @param options The environment, clock and standard input.
 * @returns The IO.
 */
export function testIo(
  options: {
    readonly env?: Readonly<Record<string, string>>;
    readonly now?: Date;
    readonly stdin?: string;
  } = {},
): TestIo {
  let out = "";
  let err = "";
  return {
    writeStdout: (text) => {
      out += text;
      return Promise.resolve();
    },
    writeStderr: (text) => {
      err += text;
      return Promise.resolve();
    },
    readFile: (path) => Deno.readFile(path),
    readStdin: () =>
      Promise.resolve(new TextEncoder().encode(options.stdin ?? "")),
    writeFileAtomic,
    openAtomic: openAtomicFile,
    env: (name) => options.env?.[name],
    now: () => options.now ?? new Date("2026-11-28T09:00:00Z"),
    stderrIsTerminal: false,
    interrupted: () => new Promise<void>(() => {}),
    stdout: () => out,
    stderr: () => err,
  };
}

/** A command function, as the COMMANDS table of `src/cli/main.ts` holds them, with test deps. */
export type TestCommand<D> = (
  args: readonly string[],
  io: CliIo,
  deps: D,
) => Promise<number>;

/**
 * Runs one command the way `main` does (a usage error prints the message
 * and exits 2, a runtime failure exits 3), passing test dependencies that
 * `main` cannot (instant sleeps, fixed randomness).
 *
 * @param name The command name, for messages.
 * @param command The command function.
 * @param args Its arguments.
 * @param io The test IO.
 * @param deps The injected dependencies.
 * @returns The exit code.
 */
export async function runCommand<D>(
  name: string,
  command: TestCommand<D>,
  args: readonly string[],
  io: CliIo,
  deps: D,
): Promise<number> {
  try {
    return await command(args, io, deps);
  } catch (error) {
    if (error instanceof UsageError) {
      await io.writeStderr(`osslinks ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof RuntimeFailure) {
      await io.writeStderr(`osslinks ${name}: ${error.message}\n`);
      return 3;
    }
    throw error;
  }
}
