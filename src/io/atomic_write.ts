/**
 * Atomic file writes: a temporary file beside the target, then a rename.
 *
 * @module
 */

/**
 * Writes `data` to `path` so that readers see the old file or the whole new
 * one, never a half-written file. On failure the temporary file is removed
 * and the previous file is left as it was.
 *
 * @param path The target file.
 * @param data The text to write, as UTF-8.
 * @throws {Deno.errors.PermissionDenied | Deno.errors.NotFound} When the
 *   directory cannot be written.
 */
export async function writeFileAtomic(
  path: string,
  data: string,
): Promise<void> {
  const slash = path.lastIndexOf("/");
  const dir = slash >= 0 ? path.slice(0, slash) || "/" : ".";
  const name = slash >= 0 ? path.slice(slash + 1) : path;
  const temp = `${dir}/.${name}.${crypto.randomUUID()}.tmp`;
  try {
    await Deno.writeTextFile(temp, data, { createNew: true });
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}
