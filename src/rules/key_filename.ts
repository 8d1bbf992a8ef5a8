/**
 * The name an attachment without a declared filename is saved as.
 *
 * @module
 */
import { filenameProblem } from "./filename_unsafe.ts";

/**
 * The filename of an attachment that declares none: the key's last segment
 * (the whole key when it ends with `/`), which the signer puts in the
 * link's `Content-Disposition` and the outputs show.
 *
 * @param key The object key.
 * @returns The name, or `undefined` when no header can carry it
 *   (`filename-unsafe`): the link then leaves the name to the browser.
 */
export function keyFilename(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const name = slash === key.length - 1 ? key : key.slice(slash + 1);
  return filenameProblem(name) === undefined ? name : undefined;
}
