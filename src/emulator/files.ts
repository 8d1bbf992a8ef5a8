/**
 * The file-system reads the config loader needs: object bodies and the files
 * of an object folder.
 *
 * @module
 */
import { join } from "node:path";

/**
 * Reads a file's bytes.
 *
 * @param path The file path.
 * @returns The bytes.
 */
export function readBytes(path: string): Promise<Uint8Array> {
  return Deno.readFile(path);
}

/**
 * Lists the files under a folder, recursively, as `/`-separated paths
 * relative to it, sorted. Names starting with `.` are skipped.
 *
 * @param folder The folder path.
 * @returns The relative file paths.
 */
export async function listFiles(folder: string): Promise<string[]> {
  const files: string[] = [];
  async function walk(relative: string): Promise<void> {
    const entries: Deno.DirEntry[] = [];
    for await (const entry of Deno.readDir(join(folder, relative))) {
      if (!entry.name.startsWith(".")) entries.push(entry);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile) files.push(path);
    }
  }
  await walk("");
  return files;
}
