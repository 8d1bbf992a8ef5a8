/**
 * Safe file writes: a regular file is replaced atomically (a temporary file
 * beside it, then a rename); nothing else is ever replaced.
 *
 * - A symlink is followed to the file it finally names; that file is
 *   replaced and the link stays. A symlink to a missing file creates the
 *   file when its folder exists.
 * - A FIFO or a character device (`/dev/null`, a terminal, `/dev/stdout`) is
 *   opened and written in place, with no temporary file; a socket, a block
 *   device or a folder is refused.
 * - An existing file keeps its mode and, when the process may set them, its
 *   owner and group; a new file is created readable and writable by its
 *   owner only (0600), as is the temporary file while it is written:
 *   signed links are secrets.
 * - SIGINT and SIGTERM during the write remove the temporary file, and the
 *   process then exits with 130 or 143; a later write of the same file
 *   removes temporary files of it more than an hour old (left by a SIGKILL
 *   or a power cut).
 *
 * @module
 */
import { removeOnInterrupt } from "./remove_on_interrupt.ts";
import { removeStaleTemps, tempPathBeside } from "./temp_files.ts";
import { resolveWriteTarget, type WriteTarget } from "./write_target.ts";

import {
  MissingPermissionError,
  missingPermissionOf,
} from "./missing_permission.ts";

export { WriteTargetError } from "./write_target.ts";

/** A file written in pieces that appears whole, or not at all. */
export interface AtomicFile {
  /** Appends text, or bytes already encoded as UTF-8. */
  write(data: string | Uint8Array): Promise<void>;
  /**
   * Makes the file appear: renames the temporary file over the target (or,
   * written in place, closes it).
   */
  commit(): Promise<void>;
  /**
   * Removes the temporary file; the target is left as it was. (What went
   * into a FIFO or a device cannot be taken back.)
   */
  abort(): Promise<void>;
}

/** The mode of a new file and of every temporary file. */
const PRIVATE_MODE = 0o600;

const encoder = new TextEncoder();

function writer(
  file: Deno.FsFile,
  finish: (close: () => void) => Promise<void>,
  discard: (close: () => void) => Promise<void>,
): AtomicFile {
  let closed = false;
  const close = () => {
    if (!closed) file.close();
    closed = true;
  };
  return {
    async write(data) {
      let bytes = typeof data === "string" ? encoder.encode(data) : data;
      while (bytes.length > 0) bytes = bytes.subarray(await file.write(bytes));
    },
    commit: () => finish(close),
    abort: () => discard(close),
  };
}

async function openThrough(path: string): Promise<AtomicFile> {
  // Append: for a file a shell redirect opened (`--out /dev/stdout >> log`)
  // it keeps what is there; for a FIFO or a device it changes nothing.
  const file = await Deno.open(path, { write: true, append: true });
  const done = (close: () => void) => {
    close();
    return Promise.resolve();
  };
  return writer(file, done, done);
}

/**
 * Gives the temporary file its final attributes: the old file's owner and
 * group (when the process may) and mode, or, for a new file, 0600 whatever
 * the umask.
 */
async function finalAttributes(
  temp: string,
  file: Deno.FsFile,
  previous: Extract<WriteTarget, { kind: "replace" }>["previous"],
): Promise<void> {
  if (Deno.build.os === "windows") return;
  const uid = previous?.uid ?? null;
  const gid = previous?.gid ?? null;
  if (uid !== null && gid !== null) {
    const own = await file.stat();
    if (own.uid !== uid || own.gid !== gid) {
      // Only root may give a file away; anyone may pick one of their groups.
      await Deno.chown(temp, uid, gid)
        .catch(() => Deno.chown(temp, null, gid))
        .catch(() => {});
    }
  }
  // After chown, which clears the set-user-ID and set-group-ID bits.
  await Deno.chmod(temp, previous?.mode ?? PRIVATE_MODE);
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash >= 0 ? path.slice(0, slash) || "/" : ".";
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

async function openReplace(
  target: Extract<WriteTarget, { kind: "replace" }>,
): Promise<AtomicFile> {
  requireFolderAccess(target.path);
  await removeStaleTemps(target.path);
  const temp = tempPathBeside(target.path);
  // Registered first: an interrupt between the two leaves nothing.
  const release = removeOnInterrupt(temp);
  let file: Deno.FsFile;
  try {
    file = await Deno.open(temp, {
      write: true,
      createNew: true,
      mode: PRIVATE_MODE,
    });
  } catch (error) {
    release();
    throw error;
  }
  const remove = async () => {
    await Deno.remove(temp).catch(() => {});
    release();
  };
  return writer(
    file,
    async (close) => {
      try {
        await file.sync();
        await finalAttributes(temp, file, target.previous);
        close();
        await Deno.rename(temp, target.path);
      } catch (error) {
        close();
        await remove();
        throw error;
      }
      release();
    },
    async (close) => {
      close();
      await remove();
    },
  );
}

/**
 * Opens `path` for writing without clobbering anything (see the module
 * documentation): for a regular file, a temporary file beside it that
 * {@linkcode AtomicFile.commit} renames over it, so that readers see the
 * old file or the whole new one, never a half-written file.
 *
 * @param path The target.
 * @returns The writer.
 * @throws {WriteTargetError} When the path cannot be a file: a folder, a
 *   missing folder, a socket or a block device.
 * @throws {Deno.errors.PermissionDenied | Deno.errors.NotCapable} When the
 *   folder cannot be read or written.
 */
export async function openAtomicFile(path: string): Promise<AtomicFile> {
  let target: WriteTarget;
  try {
    target = await resolveWriteTarget(path);
  } catch (error) {
    // Looking at the path was refused: name what writing it needs.
    if (missingPermissionOf(error) !== undefined) requireFolderAccess(path);
    throw error;
  }
  return target.kind === "through"
    ? await openThrough(target.path)
    : await openReplace(target);
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
