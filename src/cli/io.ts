/**
 * What the command line touches outside the process, so that tests can run
 * every command against fakes.
 *
 * @module
 */

/** A file written in pieces that appears whole, or not at all. */
export interface AtomicWriter {
  /** Appends text. */
  write(text: string): Promise<void>;
  /** Makes the file appear under its name. */
  commit(): Promise<void>;
  /** Drops what was written; the previous file stays. */
  abort(): Promise<void>;
}

/** The process's outside world, as the commands see it. */
export interface CliIo {
  /** Writes to standard output. */
  writeStdout(text: string): Promise<void>;
  /** Writes to standard error. */
  writeStderr(text: string): Promise<void>;
  /** Reads a whole file; throws `Deno.errors.NotFound` and friends. */
  readFile(path: string): Promise<Uint8Array>;
  /** Reads all of standard input. */
  readStdin(): Promise<Uint8Array>;
  /** Writes a file atomically: a temporary file, then a rename. */
  writeFileAtomic(path: string, data: string): Promise<void>;
  /** Opens a file to write in pieces, atomically on commit. */
  openAtomic(path: string): Promise<AtomicWriter>;
  /**
   * Reads an environment variable; one the process may not read is unset.
   */
  env(name: string): string | undefined;
  /**
   * Whether the process may read an environment variable, to say so when a
   * credential looks unset. Absent: it may read every one.
   */
  readonly mayReadEnv?: ((name: string) => boolean) | undefined;
  /** The current time. */
  now(): Date;
  /** Whether standard error is a terminal (for colour). */
  readonly stderrIsTerminal: boolean;
  /**
   * Resolves when the user interrupts (Ctrl-C, SIGTERM); long-running
   * commands (the emulator) wait on it. Only called by such commands.
   */
  interrupted(): Promise<void>;
}
