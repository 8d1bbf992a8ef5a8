/**
 * What the command line touches outside the process, so that tests can run
 * every command against fakes.
 *
 * @module
 */

/**
 * A file written in pieces that appears whole, or not at all. (A FIFO or a
 * device is written in place: what went into it stays there.)
 */
export interface AtomicWriter {
  /** Appends text, or bytes already encoded as UTF-8. */
  write(data: string | Uint8Array): Promise<void>;
  /** Makes the file appear under its name. */
  commit(): Promise<void>;
  /** Drops what was written; the previous file stays. */
  abort(): Promise<void>;
}

/**
 * A folder written file by file that appears whole, or not at all (see
 * `src/io/atomic_folder.ts`).
 */
export interface AtomicFolderWriter {
  /** Writes one file of the folder: its text whole, or in pieces in order. */
  writeFile(name: string, text: string | Iterable<string>): Promise<void>;
  /** Makes the folder appear under its name, replacing the old one. */
  commit(): Promise<void>;
  /** Drops what was written; the previous folder stays. */
  abort(): Promise<void>;
}

/** The process's outside world, as the commands see it. */
export interface CliIo {
  /** Writes text, or bytes already encoded as UTF-8, to standard output. */
  writeStdout(data: string | Uint8Array): Promise<void>;
  /** Writes to standard error. */
  writeStderr(text: string): Promise<void>;
  /** Reads a whole file; throws `Deno.errors.NotFound` and friends. */
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Reads a file in chunks, for files too large to hold (`list:` files);
   * throws `Deno.errors.NotFound` and friends when iteration starts.
   */
  readFileChunks(path: string): AsyncIterable<Uint8Array>;
  /** Reads all of standard input. */
  readStdin(): Promise<Uint8Array>;
  /**
   * Writes a file without clobbering anything, as
   * {@linkcode CliIo.openAtomic} does.
   */
  writeFileAtomic(path: string, data: string): Promise<void>;
  /**
   * Opens a file to write in pieces. A regular file (also one a symlink
   * names) is replaced atomically on commit, keeping its mode and owner; a
   * FIFO or a character device is written in place; a folder, a missing
   * folder, a socket or a block device is refused with a
   * `WriteTargetError` saying why. The real IO removes the temporary file
   * on SIGINT or SIGTERM (see `src/io/atomic_write.ts`).
   */
  openAtomic(path: string): Promise<AtomicWriter>;
  /**
   * Opens a folder to write file by file: it appears whole on commit. A
   * missing folder is created (its parent must exist); an existing one is
   * replaced only when it holds nothing but files `owns` accepts, else a
   * `WriteTargetError` says why. The real IO removes the temporary folder
   * on SIGINT or SIGTERM.
   */
  openAtomicFolder(
    path: string,
    owns: (name: string) => boolean,
  ): Promise<AtomicFolderWriter>;
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
  /**
   * The working folder, absolute (SARIF reports give artifact URIs
   * relative to it). Absent: unknown, and SARIF URIs stay as named.
   */
  readonly cwd?: (() => string) | undefined;
  /** Whether standard error is a terminal (for colour). */
  readonly stderrIsTerminal: boolean;
  /**
   * Resolves when the user interrupts (Ctrl-C, SIGTERM); long-running
   * commands (the emulator) wait on it. Only called by such commands.
   */
  interrupted(): Promise<void>;
}
