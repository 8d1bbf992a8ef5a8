/**
 * An in-memory {@linkcode CliIo} for running `main()` in tests: captured
 * stdout and stderr, files in a map, atomic writes with commit/abort, an
 * environment map, standard input and a fixed clock.
 *
 * @module
 */
import type { AtomicWriter, CliIo } from "../src/cli/io.ts";

/** What a {@linkcode fakeIo} starts with. */
export interface FakeIoOptions {
  /** Files by path, as text (UTF-8) or bytes. */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  /** The environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Standard input. */
  readonly stdin?: string | Uint8Array;
  /** The clock. @default {2026-11-28T09:00:00Z} */
  readonly now?: Date;
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
  /** The files: inputs, and outputs once committed. */
  readonly files: Map<string, Uint8Array>;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** A file's text, or `undefined` when there is no such file. */
  text(path: string): string | undefined;
  /** How many atomic writers are open: neither committed nor aborted. */
  pending(): number;
  /** Every environment variable name read, in order, with repeats. */
  readonly envReads: readonly string[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? encoder.encode(data) : data;
}

/**
 * Builds an in-memory IO. Reading a missing file throws
 * `Deno.errors.NotFound`; an atomic writer's text becomes the file only on
 * `commit`, and `abort` drops it.
 *
 * @param options The files, environment, stdin, clock and injected faults.
 * @returns The IO and accessors for what it saw.
 */
export function fakeIo(options: FakeIoOptions = {}): FakeIo {
  const files = new Map<string, Uint8Array>(
    Object.entries(options.files ?? {}).map(([path, data]) => [
      path,
      bytesOf(data),
    ]),
  );
  const env = new Map(Object.entries(options.env ?? {}));
  const envReads: string[] = [];
  let stdout = "";
  let stderr = "";
  let pending = 0;
  const check = (path: string, text: string) => {
    const error = options.failWrite?.(path, text);
    if (error !== undefined) throw error;
  };
  const io: CliIo = {
    writeStdout: (text) => {
      stdout += text;
      return Promise.resolve();
    },
    writeStderr: (text) => {
      stderr += text;
      return Promise.resolve();
    },
    readFile: (path) => {
      const data = files.get(path);
      return data === undefined
        ? Promise.reject(new Deno.errors.NotFound(`No such file: ${path}`))
        : Promise.resolve(data);
    },
    readStdin: () => Promise.resolve(bytesOf(options.stdin ?? "")),
    writeFileAtomic: (path, data) => {
      try {
        check(path, data);
      } catch (error) {
        return Promise.reject(error);
      }
      files.set(path, encoder.encode(data));
      return Promise.resolve();
    },
    openAtomic: (path) => {
      let text = "";
      let open = true;
      pending++;
      const close = () => {
        if (open) pending--;
        open = false;
      };
      const writer: AtomicWriter = {
        write: (chunk) => {
          try {
            if (!open) throw new Error(`Writer for "${path}" is closed`);
            check(path, chunk);
          } catch (error) {
            return Promise.reject(error);
          }
          text += chunk;
          return Promise.resolve();
        },
        commit: () => {
          if (open) files.set(path, encoder.encode(text));
          close();
          return Promise.resolve();
        },
        abort: () => {
          close();
          return Promise.resolve();
        },
      };
      return Promise.resolve(writer);
    },
    env: (name) => {
      envReads.push(name);
      return env.get(name);
    },
    now: () => options.now ?? new Date("2026-11-28T09:00:00Z"),
    stderrIsTerminal: options.stderrIsTerminal ?? false,
    interrupted: options.interrupted ?? (() => Promise.resolve()),
  };
  return {
    io,
    files,
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
