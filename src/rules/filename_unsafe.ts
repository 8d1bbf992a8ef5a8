import { forEachOptionSource } from "./_entries.ts";
import { C0_C1_CONTROL, controlCharacter } from "./_key.ts";
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
  return name === ""
    ? "it is empty"
    : name.trim() === ""
    ? "it is only white space"
    : !name.isWellFormed()
    ? "it has an unpaired surrogate"
    : control !== undefined
    ? `it has the control character ${control}`
    : undefined;
}

/** Download filenames cannot hold CR, LF or other (C0, DEL, C1) control characters. */
export const filenameUnsafe: Rule = {
  id: "filename-unsafe",
  description:
    "Filenames are non-empty and free of control characters (CR/LF would split the header)",
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
