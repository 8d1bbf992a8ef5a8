/**
 * The real {@linkcode CliIo}, on Deno's APIs.
 *
 * @module
 */
import { openAtomicFile, writeFileAtomic } from "../io/atomic_write.ts";
import { openAtomicFolder } from "../io/atomic_folder.ts";
import type { CliIo } from "./io.ts";

const encoder = new TextEncoder();

async function writeAll(
  writer: { write(p: Uint8Array): Promise<number> },
  data: string | Uint8Array,
) {
  let bytes = typeof data === "string" ? encoder.encode(data) : data;
  while (bytes.length > 0) {
    const written = await writer.write(bytes);
    bytes = bytes.subarray(written);
  }
}

/**
 * Writes to a standard stream until its reader goes away (`osslinks sign |
 * head`), then drops the rest, as a pipeline expects: a closed pipe is no
 * internal error.
 */
function pipeWriter(
  writer: { write(p: Uint8Array): Promise<number> },
): (data: string | Uint8Array) => Promise<void> {
  let closed = false;
  return async (data) => {
    if (closed) return;
    try {
      await writeAll(writer, data);
    } catch (error) {
      if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
      closed = true;
    }
  };
}

function mayReadEnv(name: string): boolean {
  return Deno.permissions.querySync({ name: "env", variable: name }).state ===
    "granted";
}

/**
 * Builds the process's real IO.
 *
 * @returns The IO the CLI uses outside tests.
 */
export function denoIo(): CliIo {
  return {
    interrupted: () =>
      new Promise<void>((resolve) => {
        for (const signal of ["SIGINT", "SIGTERM"] as const) {
          Deno.addSignalListener(signal, () => resolve());
        }
      }),
    writeStdout: pipeWriter(Deno.stdout),
    writeStderr: pipeWriter(Deno.stderr),
    readFile: (path) => Deno.readFile(path),
    readFileChunks: async function* (path) {
      // The stream closes the file at its end, or when the reader stops.
      const file = await Deno.open(path);
      yield* file.readable;
    },
    readStdin: async () =>
      new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer()),
    writeFileAtomic,
    openAtomic: openAtomicFile,
    openAtomicFolder: (path, owns) => openAtomicFolder(path, { owns }),
    env: (name) => {
      // A variable the process may not read is unset: never prompt (in a
      // terminal, Deno would ask for OSS_ACCESS_KEY_SECRET even in validate).
      if (!mayReadEnv(name)) return undefined;
      try {
        return Deno.env.get(name);
      } catch {
        return undefined;
      }
    },
    mayReadEnv,
    now: () => new Date(),
    cwd: () => Deno.cwd(),
    stderrIsTerminal: Deno.stderr.isTerminal(),
  };
}
