/**
 * A fake {@linkcode CliIo} for running `main()` in tests: it captures
 * stdout, stderr and written files, and reads files, stdin and the
 * environment from maps.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { CliIo } from "../src/cli/io.ts";
import { main } from "../src/cli/main.ts";

/** What the fake world holds. */
export interface FakeIoOptions {
  /** Readable files by path: text, bytes, or the error reading throws. */
  readonly files?: Readonly<Record<string, string | Uint8Array | Error>>;
  /** Standard input. */
  readonly stdin?: string | Uint8Array;
  /** Environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** The clock. @default {new Date("2026-11-28T09:00:00Z")} */
  readonly now?: Date;
  /** Whether stderr is a terminal. @default {false} */
  readonly stderrIsTerminal?: boolean;
}

/** A {@linkcode CliIo} that records what the command did. */
export interface FakeIo extends CliIo {
  /** Everything written to stdout. */
  readonly stdout: string;
  /** Everything written to stderr. */
  readonly stderr: string;
  /** Files written with `writeFileAtomic`, by path. */
  readonly written: ReadonlyMap<string, string>;
}

const encoder = new TextEncoder();

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? encoder.encode(data) : data;
}

/**
 * Builds a fake IO.
 *
 * @param options Files, stdin, environment, clock.
 * @returns The fake; read `stdout`, `stderr` and `written` afterwards.
 */
export function fakeIo(options: FakeIoOptions = {}): FakeIo {
  let stdout = "";
  let stderr = "";
  const written = new Map<string, string>();
  const now = options.now ?? new Date("2026-11-28T09:00:00Z");
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    written,
    writeStdout(text) {
      stdout += text;
      return Promise.resolve();
    },
    writeStderr(text) {
      stderr += text;
      return Promise.resolve();
    },
    readFile(path) {
      const file = options.files?.[path];
      if (file === undefined) {
        return Promise.reject(
          new Deno.errors.NotFound(`No such file or directory: "${path}"`),
        );
      }
      return file instanceof Error
        ? Promise.reject(file)
        : Promise.resolve(bytesOf(file));
    },
    readStdin() {
      return Promise.resolve(bytesOf(options.stdin ?? ""));
    },
    writeFileAtomic(path, data) {
      written.set(path, data);
      return Promise.resolve();
    },
    openAtomic(path) {
      let text = "";
      return Promise.resolve({
        write(chunk: string) {
          text += chunk;
          return Promise.resolve();
        },
        commit() {
          written.set(path, text);
          return Promise.resolve();
        },
        abort() {
          return Promise.resolve();
        },
      });
    },
    interrupted() {
      return Promise.resolve();
    },
    env(name) {
      return options.env?.[name];
    },
    now() {
      return new Date(now);
    },
    stderrIsTerminal: options.stderrIsTerminal ?? false,
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
  readonly io: FakeIo;
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
  const io = fakeIo(options);
  const code = await main(args, io);
  assertNoStackTrace(io.stderr);
  assertNoStackTrace(io.stdout);
  return { code, stdout: io.stdout, stderr: io.stderr, io };
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
