/**
 * Atomic file writes: a temporary file beside the target, then a rename.
 *
 * @module
 */
import { MissingPermissionError } from "./missing_permission.ts";

/** A file written in pieces that appears whole, or not at all. */
export interface AtomicFile {
  /** Appends text. */
  write(text: string): Promise<void>;
  /** Renames the temporary file to the target. */
  commit(): Promise<void>;
  /** Removes the temporary file; the target is left as it was. */
  abort(): Promise<void>;
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash >= 0 ? path.slice(0, slash) || "/" : ".";
}

function tempPathFor(path: string): string {
  const slash = path.lastIndexOf("/");
  const name = slash >= 0 ? path.slice(slash + 1) : path;
  return `${dirOf(path)}/.${name}.${crypto.randomUUID()}.tmp`;
}

/**
 * Asks for write and read access to the target's folder: the temporary
 * file is created there and renamed (a rename reads it). Asked up front,
 * the refusal names the folder, not a temporary file, and comes before
 * any work is written.
 */
function requireFolderAccess(path: string): void {
  const dir = dirOf(path);
  const missing = (["write", "read"] as const).filter((name) =>
    Deno.permissions.requestSync({ name, path: dir }).state !== "granted"
  );
  if (missing.length > 0) {
    throw new MissingPermissionError(
      missing.map((kind) => ({ kind, target: dir })),
      {
        who: `writing "${path}"`,
        why: "a temporary file is written there, then renamed",
      },
    );
  }
}

/**
 * Opens a temporary file beside `path`; {@linkcode AtomicFile.commit}
 * renames it over `path`, so that readers see the old file or the whole new
 * one, never a half-written file.
 *
 * @param path The target file.
 * @returns The writer.
 * @throws {MissingPermissionError} When the process may not write and read
 *   the target's folder.
 * @throws {Deno.errors.PermissionDenied | Deno.errors.NotFound} When the
 *   directory cannot be written.
 */
export async function openAtomicFile(path: string): Promise<AtomicFile> {
  requireFolderAccess(path);
  const temp = tempPathFor(path);
  const file = await Deno.open(temp, { write: true, createNew: true });
  const encoder = new TextEncoder();
  let closed = false;
  const close = () => {
    if (!closed) file.close();
    closed = true;
  };
  return {
    async write(text) {
      let bytes = encoder.encode(text);
      while (bytes.length > 0) bytes = bytes.subarray(await file.write(bytes));
    },
    async commit() {
      close();
      try {
        await Deno.rename(temp, path);
      } catch (error) {
        await Deno.remove(temp).catch(() => {});
        throw error;
      }
    },
    async abort() {
      close();
      await Deno.remove(temp).catch(() => {});
    },
  };
}

/**
 * Writes `data` to `path` atomically (see {@linkcode openAtomicFile}).
 *
 * @param path The target file.
 * @param data The text to write, as UTF-8.
 */
export async function writeFileAtomic(
  path: string,
  data: string,
): Promise<void> {
  const file = await openAtomicFile(path);
  try {
    await file.write(data);
  } catch (error) {
    await file.abort();
    throw error;
  }
  await file.commit();
}
