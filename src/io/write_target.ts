/**
 * What a path given to `--out` leads to, and so how to write it without
 * clobbering anything: replace a regular file atomically (through any
 * symlinks), write straight into a FIFO or a character device, or refuse.
 *
 * @module
 */
import { dirname, isAbsolute, join, resolve } from "node:path";

/** How many symlinks a path may go through, as Linux allows (ELOOP). */
const MAX_LINKS = 40;

/** Where and how a write lands. */
export type WriteTarget =
  | {
    /**
     * A regular file, new or existing: written to a temporary file beside
     * `path`, then renamed over it.
     */
    readonly kind: "replace";
    /**
     * The file itself: the path given, or the file its symlinks finally
     * name (the folders on the way may still be symlinks: the temporary
     * file beside it lands in the same real folder either way).
     */
    readonly path: string;
    /** The existing file's mode, owner and group, or `undefined` when new. */
    readonly previous:
      | {
        readonly mode: number;
        readonly uid: number | null;
        readonly gid: number | null;
      }
      | undefined;
  }
  | {
    /**
     * A FIFO, a character device (`/dev/null`, a terminal), or what a
     * file-descriptor path (`/dev/stdout`, `/dev/fd/N`) stands for: opened
     * and written in place, never replaced.
     */
    readonly kind: "through";
    /** The path to open. */
    readonly path: string;
  };

/** A path that cannot be written, and why, in words for the user. */
export class WriteTargetError extends Error {
  /**
   * @param reason Why, completing "Cannot write "<path>": …".
   * @param options The underlying error.
   */
  constructor(reason: string, options?: ErrorOptions) {
    super(reason, options);
    this.name = "WriteTargetError";
  }
}

/**
 * Whether `path` stands for a file descriptor (`/dev/stdout`, `/dev/fd/1`,
 * `/proc/self/fd/1`): the kernel follows such a link to whatever the
 * descriptor is (a pipe, a terminal, the file a shell redirect opened),
 * which is never to be replaced, and its text is not always a path.
 */
function isDescriptorPath(path: string): boolean {
  const absolute = resolve(path);
  return /^\/dev\/std(in|out|err)$/.test(absolute) ||
    absolute.startsWith("/dev/fd/") || absolute.startsWith("/proc/");
}

function folderError(
  dir: string,
  via: string,
  error: unknown,
): WriteTargetError | undefined {
  if (error instanceof Deno.errors.NotFound) {
    return new WriteTargetError(
      `${via}the folder "${dir}" does not exist (create it first)`,
      { cause: error },
    );
  }
  if (error instanceof Deno.errors.NotADirectory) {
    return new WriteTargetError(`${via}"${dir}" is not a folder`, {
      cause: error,
    });
  }
  if (error instanceof Deno.errors.FilesystemLoop) {
    return new WriteTargetError(
      `${via}the folder "${dir}" goes through a symbolic link loop`,
      { cause: error },
    );
  }
  return undefined;
}

/** Throws unless `dir` is a folder. */
async function assertFolder(dir: string, via: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (error) {
    throw folderError(dir, via, error) ?? error;
  }
  if (!info.isDirectory) {
    throw new WriteTargetError(`${via}"${dir}" is not a folder`);
  }
}

function nonRegular(info: Deno.FileInfo, shown: string): WriteTargetError {
  const what = info.isDirectory
    ? undefined
    : info.isSocket
    ? "a socket"
    : info.isBlockDevice
    ? "a block device"
    : "not a regular file";
  if (what === undefined) {
    return new WriteTargetError(
      `${shown}is a directory: give the path of a file in it instead`,
    );
  }
  return new WriteTargetError(
    `${shown}is ${what}: only a file, a FIFO or a character device can be written`,
  );
}

/**
 * Finds out what writing `path` means. Symlinks are followed to the file
 * they finally name, so that a link stays a link and its target is what
 * changes; a symlink to a missing file creates that file when its folder
 * exists.
 *
 * @param path The path the user gave.
 * @returns The target.
 * @throws {WriteTargetError} When the path names a folder (or ends with
 *   "/"), its folder does not exist, it is a socket or a block device, or
 *   its symlinks loop.
 * @throws {Deno.errors.PermissionDenied | Deno.errors.NotCapable} When a
 *   folder on the way cannot be read.
 */
export async function resolveWriteTarget(path: string): Promise<WriteTarget> {
  if (path === "") throw new WriteTargetError("the path is empty");
  if (path.endsWith("/")) {
    throw new WriteTargetError(
      'it ends with "/", so it names a folder: add a file name after it',
    );
  }
  let current = path;
  for (let links = 0; links <= MAX_LINKS; links++) {
    // What a message says about a symlink's target rather than the path.
    const via = links === 0 ? "" : `it links to "${current}", and `;
    const shown = links === 0 ? "it " : `it links to "${current}", which `;
    if (isDescriptorPath(current)) {
      // stat follows the descriptor, whatever it is.
      const info = await Deno.stat(path);
      if (info.isFile || info.isFifo || info.isCharDevice) {
        return { kind: "through", path };
      }
      throw nonRegular(info, shown);
    }
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(current);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        throw folderError(dirname(current), via, error) ?? error;
      }
      await assertFolder(dirname(current), via);
      return { kind: "replace", path: current, previous: undefined };
    }
    if (info.isSymlink) {
      const target = await Deno.readLink(current);
      current = isAbsolute(target) ? target : join(dirname(current), target);
      continue;
    }
    if (info.isFile) {
      return {
        kind: "replace",
        path: current,
        previous: {
          mode: (info.mode ?? 0o600) & 0o7777,
          uid: info.uid,
          gid: info.gid,
        },
      };
    }
    if (info.isFifo || info.isCharDevice) {
      return { kind: "through", path: current };
    }
    throw nonRegular(info, shown);
  }
  throw new WriteTargetError(
    `it goes through more than ${MAX_LINKS} symbolic links (a loop?)`,
  );
}
