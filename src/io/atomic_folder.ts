/**
 * A folder of files written so that it appears whole or not at all: the
 * files go into a temporary folder beside the target, which is renamed into
 * place at the end.
 *
 * - A missing target is created (its parent folder must exist). An existing
 *   one is replaced only when it holds nothing but files the caller
 *   recognises as its own (an earlier run's output); anything else in it (a
 *   subfolder, another file) makes the write refuse before any work, so
 *   that `--out ~/` can never empty a home folder. A symlink to a folder is
 *   followed: the folder it names is replaced and the link stays.
 * - The temporary folder `.name.<uuid>.tmp` is created readable only by its
 *   owner (0700), its files 0600: signed links are secrets. A replaced
 *   folder keeps its mode.
 * - SIGINT and SIGTERM during the write remove the temporary folder, and the
 *   process exits with 130 or 143. Replacing an existing folder is two
 *   renames, one after the other with no await between them (old folder
 *   aside, new one in place), then the old folder is removed.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import { removeOnInterrupt } from "./remove_on_interrupt.ts";
import { tempPathBeside } from "./temp_files.ts";
import { WriteTargetError } from "./write_target.ts";

const encoder = new TextEncoder();

/** A folder written file by file that appears whole, or not at all. */
export interface AtomicFolder {
  /**
   * Writes one file of the folder: its text whole, or in pieces written one
   * after another, so that a large file is never one string.
   */
  writeFile(name: string, text: string | Iterable<string>): Promise<void>;
  /** Makes the folder appear under its name (replacing the old one). */
  commit(): Promise<void>;
  /** Removes the temporary folder; the target is left as it was. */
  abort(): Promise<void>;
}

/** Options for {@linkcode openAtomicFolder}. */
export interface AtomicFolderOptions {
  /**
   * Whether a file name in an existing target is one the writer makes: a
   * folder holding anything else is not replaced.
   */
  readonly owns: (name: string) => boolean;
}

async function lstatOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/** The folder a path finally names (symlinks followed), and whether it exists. */
async function resolveFolder(
  path: string,
): Promise<{ path: string; previous: Deno.FileInfo | null }> {
  let info = await lstatOrNull(path);
  let target = path;
  if (info?.isSymlink) {
    target = await Deno.realPath(path).catch((error) => {
      if (error instanceof Deno.errors.NotFound) {
        throw new WriteTargetError(`"${path}" is a symlink to nothing`);
      }
      throw error;
    });
    info = await Deno.lstat(target);
  }
  if (info !== null && !info.isDirectory) {
    throw new WriteTargetError(`"${path}" exists and is not a folder`);
  }
  const parent = dirname(target);
  const parentInfo = await lstatOrNull(parent);
  if (parentInfo === null) {
    throw new WriteTargetError(
      `the folder "${parent}" does not exist (create it first)`,
    );
  }
  return { path: target, previous: info };
}

async function checkOwned(
  path: string,
  owns: (name: string) => boolean,
): Promise<void> {
  for await (const entry of Deno.readDir(path)) {
    if (!entry.isFile || !owns(entry.name)) {
      throw new WriteTargetError(
        `the folder "${path}" holds "${entry.name}", which this run would not write: give a new or empty folder`,
      );
    }
  }
}

/**
 * Renames `temp` to `path`; an existing `path` is first renamed aside.
 * Synchronous, so that no signal listener runs between the two renames;
 * when the second fails, the old folder goes back.
 *
 * @returns Where the old folder now is, to remove.
 */
function swapInto(
  temp: string,
  path: string,
  exists: boolean,
): string | undefined {
  if (!exists) {
    Deno.renameSync(temp, path);
    return undefined;
  }
  const aside = tempPathBeside(path);
  Deno.renameSync(path, aside);
  try {
    Deno.renameSync(temp, path);
  } catch (error) {
    Deno.renameSync(aside, path);
    throw error;
  }
  return aside;
}

/**
 * Opens a folder to write file by file (see the module documentation).
 *
 * @param path The target folder (a trailing `/` is allowed).
 * @param options Which file names an existing target may hold.
 * @returns The writer.
 * @throws {WriteTargetError} When the path is not a folder, its parent
 *   folder does not exist, or an existing folder holds other files.
 */
export async function openAtomicFolder(
  path: string,
  options: AtomicFolderOptions,
): Promise<AtomicFolder> {
  const trimmed = path.replace(/(?<=.)\/+$/, "");
  if (trimmed === "" || trimmed === "/" || basename(trimmed) === "..") {
    throw new WriteTargetError(`"${path}" cannot be replaced`);
  }
  const target = await resolveFolder(trimmed);
  if (target.previous !== null) await checkOwned(target.path, options.owns);
  const temp = tempPathBeside(target.path);
  // Registered first: an interrupt between the two leaves nothing.
  const release = removeOnInterrupt(temp);
  try {
    await Deno.mkdir(temp, { mode: 0o700 });
    await Deno.chmod(temp, target.previous?.mode ?? 0o700);
  } catch (error) {
    release();
    await Deno.remove(temp, { recursive: true }).catch(() => {});
    throw error;
  }
  const remove = async () => {
    await Deno.remove(temp, { recursive: true }).catch(() => {});
    release();
  };
  let done = false;
  return {
    async writeFile(name, text) {
      if (done) throw new Error(`Folder "${path}" is closed`);
      // Piece by piece, each encoded and written whole.
      const file = await Deno.open(join(temp, name), {
        write: true,
        createNew: true,
        mode: 0o600,
      });
      try {
        for (const piece of typeof text === "string" ? [text] : text) {
          let bytes = encoder.encode(piece);
          while (bytes.length > 0) {
            bytes = bytes.subarray(await file.write(bytes));
          }
        }
      } finally {
        file.close();
      }
    },
    async commit() {
      if (done) return;
      done = true;
      let old: string | undefined;
      try {
        // Checked again: a file that appeared meanwhile is not ours.
        if (target.previous !== null) {
          await checkOwned(target.path, options.owns);
        }
        old = swapInto(temp, target.path, target.previous !== null);
      } catch (error) {
        await remove();
        throw error;
      }
      release();
      if (old !== undefined) await Deno.remove(old, { recursive: true });
    },
    async abort() {
      if (done) return;
      done = true;
      await remove();
    },
  };
}
