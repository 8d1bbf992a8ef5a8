/**
 * The one fake {@linkcode CliIo} of the tests: captured stdout and stderr,
 * files in a map (or, with `disk`, on the real file system), atomic writes
 * with commit/abort, an environment map, standard input and a fixed clock;
 * plus {@linkcode runCli} (`main()` with a fake IO and no stack trace),
 * {@linkcode runCommand} (one command with injected dependencies) and
 * {@linkcode jsonDiagnostics}.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { AtomicFolderWriter, AtomicWriter, CliIo } from "../src/cli/io.ts";
import { denoIo } from "../src/cli/deno_io.ts";
import { main } from "../src/cli/main.ts";
import { missingPermissionOf } from "../src/io/missing_permission.ts";
import { RuntimeFailure, UsageError } from "../src/cli/usage_error.ts";

/** What a {@linkcode fakeIo} starts with. */
export interface FakeIoOptions {
  /**
   * Files by path, as text (UTF-8) or bytes, or the error reading them
   * throws. Not with `disk`.
   */
  readonly files?: Readonly<Record<string, string | Uint8Array | Error>>;
  /**
   * Reads and writes files on the real file system (real atomic writes and
   * renames) instead of in memory. @default {false}
   */
  readonly disk?: boolean;
  /** The environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Standard input. */
  readonly stdin?: string | Uint8Array;
  /** The clock. @default {2026-11-28T09:00:00Z} */
  readonly now?: Date;
  /**
   * The working folder. @default {"/repo", or the real one with `disk`}
   */
  readonly cwd?: string;
  /** Whether stderr is a terminal. @default {false} */
  readonly stderrIsTerminal?: boolean;
  /** When the user interrupts. @default {resolved at once} */
  readonly interrupted?: () => Promise<void>;
  /**
   * Makes a write fail: called with the target path and the text about to
   * be written (to a file opened with `openAtomic`, or `writeFileAtomic`);
   * an error it returns is thrown from that write.
   */
  readonly failWrite?: (path: string, text: string) => Error | undefined;
}

/** A fake {@linkcode CliIo} and what it saw. */
export interface FakeIo {
  /** The IO to hand to `main()`. */
  readonly io: CliIo;
  /**
   * The in-memory files: inputs, and outputs once committed (empty with
   * `disk`).
   */
  readonly files: Map<string, Uint8Array>;
  /**
   * The files written with `writeFileAtomic` or a committed atomic writer,
   * by path, in the order of their first write.
   */
  readonly written: ReadonlyMap<string, string>;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /**
   * An in-memory file's text, or `undefined` when there is no such file.
   */
  text(path: string): string | undefined;
  /** How many atomic writers are open: neither committed nor aborted. */
  pending(): number;
  /** Every environment variable name read, in order, with repeats. */
  readonly envReads: readonly string[];
}

/** A written chunk as text: the CLI writes strings, and bytes in UTF-8. */
function textOf(chunk: string | Uint8Array): string {
  return typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
}

const encoder = new TextEncoder();

/** A folder file's text, given whole or in pieces. */
function wholeText(text: string | Iterable<string>): string {
  return typeof text === "string" ? text : [...text].join("");
}
const decoder = new TextDecoder();

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? encoder.encode(data) : data;
}

/** Where the files live. */
type Files = Pick<
  CliIo,
  "readFile" | "writeFileAtomic" | "openAtomic" | "openAtomicFolder"
>;

function memoryFiles(
  files: Map<string, Uint8Array>,
  unreadable: ReadonlyMap<string, Error>,
): Files {
  return {
    readFile: (path) => {
      const error = unreadable.get(path);
      if (error !== undefined) return Promise.reject(error);
      const data = files.get(path);
      return data === undefined
        ? Promise.reject(new Deno.errors.NotFound(`No such file: ${path}`))
        : Promise.resolve(data);
    },
    writeFileAtomic: (path, data) => {
      files.set(path, encoder.encode(data));
      return Promise.resolve();
    },
    openAtomic: (path) => {
      let text = "";
      const writer: AtomicWriter = {
        write: (chunk) => {
          text += textOf(chunk);
          return Promise.resolve();
        },
        commit: () => {
          files.set(path, encoder.encode(text));
          return Promise.resolve();
        },
        abort: () => Promise.resolve(),
      };
      return Promise.resolve(writer);
    },
    openAtomicFolder: (path) => {
      const folder = path.replace(/(?<=.)\/+$/, "");
      const texts = new Map<string, string>();
      const writer: AtomicFolderWriter = {
        writeFile: (name, text) => {
          texts.set(name, wholeText(text));
          return Promise.resolve();
        },
        commit: () => {
          for (const [name, text] of texts) {
            files.set(`${folder}/${name}`, encoder.encode(text));
          }
          return Promise.resolve();
        },
        abort: () => Promise.resolve(),
      };
      return Promise.resolve(writer);
    },
  };
}

/**
 * Builds a fake IO. Reading a missing file throws `Deno.errors.NotFound`;
 * an atomic writer's text becomes the file only on `commit`, and `abort`
 * drops it; a closed writer refuses more text.
 *
 * @param options The files, environment, stdin, clock and injected faults.
 * @returns The IO and accessors for what it saw.
 * @throws {TypeError} When both `files` and `disk` are given.
 */
export function fakeIo(options: FakeIoOptions = {}): FakeIo {
  if (options.disk && options.files !== undefined) {
    throw new TypeError(
      'Invalid fake IO: "files" and "disk" exclude each other',
    );
  }
  const files = new Map<string, Uint8Array>();
  const unreadable = new Map<string, Error>();
  for (const [path, data] of Object.entries(options.files ?? {})) {
    if (data instanceof Error) unreadable.set(path, data);
    else files.set(path, bytesOf(data));
  }
  const store: Files = options.disk ? denoIo() : memoryFiles(files, unreadable);
  const written = new Map<string, string>();
  const env = new Map(Object.entries(options.env ?? {}));
  const envReads: string[] = [];
  const now = options.now ?? new Date("2026-11-28T09:00:00Z");
  let stdout = "";
  let stderr = "";
  let pending = 0;
  const check = (path: string, text: string) => {
    const error = options.failWrite?.(path, text);
    if (error !== undefined) throw error;
  };
  const io: CliIo = {
    writeStdout: (data) => {
      stdout += textOf(data);
      return Promise.resolve();
    },
    writeStderr: (text) => {
      stderr += text;
      return Promise.resolve();
    },
    readFile: (path) => store.readFile(path),
    // Odd-sized chunks, so that lines and UTF-8 sequences straddle them.
    readFileChunks: async function* (path) {
      const bytes = await store.readFile(path);
      for (let at = 0; at < bytes.length; at += 4093) {
        yield bytes.subarray(at, at + 4093);
      }
    },
    readStdin: () => Promise.resolve(bytesOf(options.stdin ?? "")),
    writeFileAtomic: async (path, data) => {
      check(path, data);
      await store.writeFileAtomic(path, data);
      written.set(path, data);
    },
    openAtomic: async (path) => {
      const inner = await store.openAtomic(path);
      let text = "";
      let open = true;
      pending++;
      const close = () => {
        if (open) pending--;
        open = false;
      };
      const writer: AtomicWriter = {
        write: async (chunk) => {
          if (!open) throw new Error(`Writer for "${path}" is closed`);
          check(path, textOf(chunk));
          await inner.write(chunk);
          text += textOf(chunk);
        },
        commit: async () => {
          if (!open) return;
          try {
            await inner.commit();
            written.set(path, text);
          } finally {
            close();
          }
        },
        abort: async () => {
          if (!open) return;
          try {
            await inner.abort();
          } finally {
            close();
          }
        },
      };
      return writer;
    },
    openAtomicFolder: async (path, owns) => {
      const inner = await store.openAtomicFolder(path, owns);
      const folder = path.replace(/(?<=.)\/+$/, "");
      const texts = new Map<string, string>();
      let open = true;
      pending++;
      const close = () => {
        if (open) pending--;
        open = false;
      };
      const writer: AtomicFolderWriter = {
        writeFile: async (name, pieces) => {
          if (!open) throw new Error(`Writer for "${path}" is closed`);
          const text = wholeText(pieces);
          check(`${folder}/${name}`, text);
          await inner.writeFile(name, text);
          texts.set(name, text);
        },
        commit: async () => {
          if (!open) return;
          try {
            await inner.commit();
            for (const [name, text] of texts) {
              written.set(`${folder}/${name}`, text);
            }
          } finally {
            close();
          }
        },
        abort: async () => {
          if (!open) return;
          try {
            await inner.abort();
          } finally {
            close();
          }
        },
      };
      return writer;
    },
    env: (name) => {
      envReads.push(name);
      return env.get(name);
    },
    now: () => new Date(now),
    cwd: () => options.cwd ?? (options.disk ? Deno.cwd() : "/repo"),
    stderrIsTerminal: options.stderrIsTerminal ?? false,
    interrupted: options.interrupted ?? (() => Promise.resolve()),
  };
  return {
    io,
    files,
    written,
    stdout: () => stdout,
    stderr: () => stderr,
    text: (path) => {
      const data = files.get(path);
      return data === undefined ? undefined : decoder.decode(data);
    },
    pending: () => pending,
    envReads,
  };
}

/** The outcome of {@linkcode runCli}. */
export interface CliRun {
  /** The exit code. */
  readonly code: number;
  /** What went to stdout. */
  readonly stdout: string;
  /** What went to stderr. */
  readonly stderr: string;
  /** The fake IO, for written files. */
  readonly fake: FakeIo;
}

/**
 * Runs `main()` against a fake IO and checks that it printed no stack trace.
 *
 * @param args The command line, without the program name.
 * @param options The fake world.
 * @returns The exit code and the captured output.
 */
export async function runCli(
  args: readonly string[],
  options: FakeIoOptions = {},
): Promise<CliRun> {
  const fake = fakeIo(options);
  const code = await main(args, fake.io);
  assertNoStackTrace(fake.stderr());
  assertNoStackTrace(fake.stdout());
  return { code, stdout: fake.stdout(), stderr: fake.stderr(), fake };
}

/**
 * Fails when a text holds a stack trace line (`    at …`).
 *
 * @param text The output.
 */
export function assertNoStackTrace(text: string): void {
  assert.doesNotMatch(text, /^ +at /m, `Output has a stack trace:\n${text}`);
}

/** One diagnostic of the JSON report. */
export interface JsonDiagnostic {
  /** The file. */
  readonly file: string;
  /** 1-based line, or null for the whole file. */
  readonly line: number | null;
  /** 1-based column, or null. */
  readonly column: number | null;
  /** The rule id. */
  readonly rule: string;
  /** The severity. */
  readonly severity: string;
  /** The message. */
  readonly message: string;
}

/**
 * Parses the stderr of a `--report json` run.
 *
 * @param stderr The captured stderr.
 * @returns The diagnostics.
 */
export function jsonDiagnostics(stderr: string): JsonDiagnostic[] {
  return (JSON.parse(stderr) as { diagnostics: JsonDiagnostic[] }).diagnostics;
}

/** A command function, as the COMMANDS table of `src/cli/main.ts` holds them, with test deps. */
export type TestCommand<D> = (
  args: readonly string[],
  io: CliIo,
  deps: D,
) => Promise<number>;

/**
 * Runs one command the way `main` does (a usage error or a missing
 * permission prints the message and exits 2, a runtime failure exits 3), passing test dependencies that
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
    const missing = missingPermissionOf(error);
    if (missing !== undefined) {
      await io.writeStderr(`osslinks ${name}: ${missing.message}\n`);
      return 2;
    }
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
