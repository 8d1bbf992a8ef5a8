import { forEachOptionSource } from "./_entries.ts";
import { controlCharacter } from "./_key.ts";
import type { Rule } from "./rule.ts";

/** Download filenames cannot hold CR, LF or other control characters. */
export const filenameUnsafe: Rule = {
  id: "filename-unsafe",
  description:
    "Filenames are non-empty and free of control characters (CR/LF would split the header)",
  severity: "error",
  check(context) {
    forEachOptionSource(context, "filename", (filename) => {
      const name = filename.value;
      const control = controlCharacter(name);
      const problem = name === ""
        ? "it is empty"
        : name.trim() === ""
        ? "it is only white space"
        : !name.isWellFormed()
        ? "it has an unpaired surrogate"
        : control !== undefined
        ? `it has the control character ${control}`
        : undefined;
      if (problem === undefined) return;
      context.report({
        path: filename.path,
        message: `Unsafe filename: ${problem}`,
      });
    });
  },
};
