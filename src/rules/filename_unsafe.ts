import type { Rule } from "./rule.ts";

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Tells what makes a download filename unusable in `Content-Disposition`,
 * if anything: the manifest rule and `list:` files check the same.
 *
 * @param name The filename.
 * @returns The reason, or `undefined` for a usable name.
 */
export function filenameProblem(name: string): string | undefined {
  return name.trim() === ""
    ? "it is empty"
    : !name.isWellFormed()
    ? "it has an unpaired surrogate"
    : CONTROL.test(name)
    ? "it has control characters"
    : undefined;
}

/** Download filenames cannot hold CR, LF or other control characters. */
export const filenameUnsafe: Rule = {
  id: "filename-unsafe",
  description:
    "Filenames are non-empty and free of control characters (CR/LF would split the header)",
  severity: "error",
  check(context) {
    const seen = new Set<string>();
    context.manifest.objects.forEach((_, index) => {
      const filename = context.option(index, "filename");
      if (filename === undefined) return;
      const pathKey = filename.path.join("\u0000");
      if (seen.has(pathKey)) return;
      seen.add(pathKey);
      const problem = filenameProblem(filename.value);
      if (problem === undefined) return;
      context.report({
        path: filename.path,
        message: `Unsafe filename: ${problem}`,
      });
    });
  },
};
