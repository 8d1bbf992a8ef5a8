/**
 * The exit codes, the same for every command.
 *
 * @module
 */

/** Exit codes of the osslinks command line. */
export const ExitCode = {
  /** No finding at or above `--fail-on`. */
  Clean: 0,
  /** Findings at or above `--fail-on`. */
  Findings: 1,
  /** A usage error or unreadable input: bad flag, missing file or credentials. */
  Usage: 2,
  /** A runtime failure: network, auth rejected, bucket or emulator unreachable. */
  Runtime: 3,
} as const;

/** One of the {@linkcode ExitCode} values. */
export type ExitCode = typeof ExitCode[keyof typeof ExitCode];
