/**
 * The temporary files of atomic writes: how they are named, and how a later
 * write removes the ones an earlier, killed run left behind.
 *
 * A temporary file for `dir/name` is `dir/.name.<uuid>.tmp`, where `<uuid>`
 * is a random (version 4) UUID in lower case. Only files with exactly that
 * name are ever recognised as ours.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";

/** How old a recognised temporary file must be before it counts as stale. */
export const STALE_TEMP_AGE_MS = 60 * 60 * 1000;

/** What follows `.name.` in a temporary file's name. */
const UUID_TMP =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.tmp$/;

/**
 * A new temporary path beside `path`, in the same folder, so that a rename
 * onto `path` is atomic.
 *
 * @param path The target file.
 * @returns `dir/.name.<uuid>.tmp`.
 */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${crypto.randomUUID()}.tmp`);
}

/**
 * Whether `entry` is the name of a temporary file made by
 * {@linkcode tempPathBeside} for a target named `name`.
 *
 * @param entry A file name (no folder).
 * @param name The target's file name (no folder).
 * @returns Whether it is `.name.<uuid>.tmp`.
 */
export function isTempNameOf(entry: string, name: string): boolean {
  const prefix = `.${name}.`;
  return entry.startsWith(prefix) &&
    UUID_TMP.test(entry.slice(prefix.length));
}

/** Options of {@linkcode removeStaleTemps}. */
export interface RemoveStaleTempsOptions {
  /** The current time, in ms since the epoch. @default {Date.now()} */
  readonly now?: number;
  /** Minimum age of a removed file. @default {STALE_TEMP_AGE_MS} */
  readonly maxAgeMs?: number;
}

function granted(name: "read" | "write", path: string): boolean {
  try {
    return Deno.permissions.querySync({ name, path }).state === "granted";
  } catch {
    return false;
  }
}

/**
 * Removes the temporary files that writes of `path` left behind when they
 * were killed (SIGKILL, a power cut): regular files in `path`'s folder named
 * `.name.<uuid>.tmp` whose last change is older than an hour. Anything else
 * (another name, a symlink, a folder, a recent file that a running write may
 * still own) stays. Best effort: it never prompts for a permission, and an
 * error leaves the file where it is.
 *
 * @param path The target file (symlinks already resolved).
 * @param options The clock and the age limit.
 * @returns The paths removed.
 */
export async function removeStaleTemps(
  path: string,
  options: RemoveStaleTempsOptions = {},
): Promise<string[]> {
  const dir = dirname(path);
  const name = basename(path);
  const now = options.now ?? Date.now();
  const maxAgeMs = options.maxAgeMs ?? STALE_TEMP_AGE_MS;
  const removed: string[] = [];
  if (!granted("read", dir) || !granted("write", dir)) return removed;
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !isTempNameOf(entry.name, name)) continue;
      const temp = join(dir, entry.name);
      try {
        const info = await Deno.lstat(temp);
        const changed = info.mtime?.getTime();
        if (!info.isFile || changed === undefined) continue;
        if (now - changed < maxAgeMs) continue;
        await Deno.remove(temp);
        removed.push(temp);
      } catch {
        // Gone already, or not ours to remove: leave it.
      }
    }
  } catch {
    // An unreadable folder: the write itself reports what is wrong.
  }
  return removed;
}
