/**
 * FIFOs for the output tests, read without ever hanging: should the code
 * under test replace the FIFO instead of writing into it, the read ends
 * empty and the test fails instead of waiting forever.
 *
 * @module
 */
import assert from "node:assert/strict";

/** A FIFO made with `mkfifo`, and a spare name for the same FIFO. */
export interface Fifo {
  /** The FIFO's path. */
  readonly path: string;
  /** A hard link to it, outside its folder. */
  readonly spare: string;
  /** Removes the spare link's folder. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Makes a FIFO at `path`, with a hard link in a folder of its own.
 *
 * @param path Where, in a temporary folder.
 * @returns The FIFO.
 */
export async function makeFifo(path: string): Promise<Fifo> {
  const made = await new Deno.Command("mkfifo", { args: [path] }).output();
  assert.ok(made.success, `mkfifo ${path} failed`);
  const folder = await Deno.makeTempDir({ prefix: "osslinks-fifo-" });
  const spare = `${folder}/fifo`;
  await Deno.link(path, spare);
  return {
    path,
    spare,
    [Symbol.asyncDispose]: () => Deno.remove(folder, { recursive: true }),
  };
}

/**
 * Reads everything `write` puts into the FIFO.
 *
 * @param fifo The FIFO.
 * @param write Writes into `fifo.path` (or should).
 * @returns What was read, and what `write` returned.
 */
export async function readFifoDuring<T>(
  fifo: Fifo,
  write: () => Promise<T>,
): Promise<[string, T]> {
  const reading = Deno.readTextFile(fifo.path);
  const result = await write();
  // Opening a FIFO for reading waits for a writer. Read and write together,
  // through the spare name, this open never waits: it releases the reader
  // if nothing opened the FIFO, and changes nothing if something did.
  (await Deno.open(fifo.spare, { read: true, write: true })).close();
  return [await reading, result];
}
