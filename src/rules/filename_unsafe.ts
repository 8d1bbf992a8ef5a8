import { forEachOptionSource } from "./entries.ts";
import { C0_C1_CONTROL, controlCharacter } from "../oss/object_key.ts";
import type { Rule } from "./rule.ts";

/**
 * Tells what makes a download filename unusable in `Content-Disposition`,
 * if anything: the manifest rule and `list:` files check the same.
 *
 * @param name The filename.
 * @returns The reason, or `undefined` for a usable name.
 */
export function filenameProblem(name: string): string | undefined {
  const control = controlCharacter(name, C0_C1_CONTROL);
  const bytes = utf8Length(name);
  return name === ""
    ? "it is empty"
    : name.trim() === ""
    ? "it is only white space"
    : !name.isWellFormed()
    ? "it has an unpaired surrogate"
    : control !== undefined
    ? `it has the control character ${control}`
    : /^[. ]+$/.test(name)
    ? "it is only dots and spaces, which browsers drop: they name the file themselves"
    : bytes > MAX_FILENAME_BYTES
    ? `it is ${bytes} UTF-8 bytes, more than the ${MAX_FILENAME_BYTES} a file name may have (browsers cut or replace it when saving)`
    : undefined;
}

/** The longest file name common file systems (ext4, APFS, NTFS) store. */
const MAX_FILENAME_BYTES = 255;

function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Download filenames cannot hold CR, LF or other (C0, DEL, C1) control characters. */
export const filenameUnsafe: Rule = {
  id: "filename-unsafe",
  description:
    "Filenames are non-empty, not only dots, at most 255 UTF-8 bytes and free of control characters (CR/LF would split the header)",
  severity: "error",
  check(context) {
    forEachOptionSource(context, "filename", (filename) => {
      const problem = filenameProblem(filename.value);
      if (problem === undefined) return;
      context.report({
        path: filename.path,
        message: `Unsafe filename: ${problem}`,
      });
    });
  },
};
