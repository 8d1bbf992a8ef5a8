import { forEachOptionSource, selectorPath } from "./entries.ts";
import { keyFilename } from "./key_filename.ts";
import { keyProblem } from "../oss/object_key.ts";
import { type Rename, renames, savedNames } from "./_saved_filename.ts";
import { filenameProblem } from "./filename_unsafe.ts";
import type { Rule } from "./rule.ts";

const REASONS: Readonly<Record<Rename, string>> = {
  "separator": "/ and \\ become _",
  "leading-dot": "leading dots are dropped",
  "reserved": "Windows reserves device names such as CON and NUL",
  "trailing-dot-or-space": "Windows drops trailing dots and spaces",
};

/**
 * Tells how browsers rename a download filename before saving it, if they
 * do: the manifest rule and `list:` files check the same.
 *
 * @param name The filename.
 * @returns What browsers save it as and why, or `undefined` when they keep
 *   it (as far as path separators, leading dots, device names and trailing
 *   dots and spaces go) or when it is unusable anyway (`filename-unsafe`).
 */
export function filenameRename(name: string): string | undefined {
  const found = renames(name);
  if (found.length === 0 || filenameProblem(name) !== undefined) {
    return undefined;
  }
  const { firefox, chromiumWindows } = savedNames(name);
  const saved = firefox === chromiumWindows
    ? `browsers save it as ${JSON.stringify(firefox)}`
    : `Chromium on Windows saves it as ${
      JSON.stringify(chromiumWindows)
    }, Firefox as ${JSON.stringify(firefox)}`;
  return `${saved} (${found.map((reason) => REASONS[reason]).join("; ")})`;
}

/** Download filenames that browsers save under another name. */
export const filenameRenamed: Rule = {
  id: "filename-renamed",
  description:
    "Filenames are saved as written: no path separator (/ or \\), leading dot, Windows device name (CON, NUL, COM1 …) or trailing dot or space, which browsers replace or drop",
  severity: "warning",
  check(context) {
    forEachOptionSource(context, "filename", (filename) => {
      const rename = filenameRename(filename.value);
      if (rename === undefined) return;
      context.report({
        path: filename.path,
        message: `Filename ${
          JSON.stringify(filename.value)
        } changes on download: ${rename}`,
      });
    });
    // An attachment without a filename saves as its key's last segment.
    // Invalid keys are key-invalid's; a folder marker (`dir/`) is not a
    // file anyone downloads.
    context.manifest.objects.forEach((entry, index) => {
      const key = entry.key;
      if (key === undefined || key.endsWith("/")) return;
      if (keyProblem(key) !== undefined) return;
      if (context.option(index, "filename") !== undefined) return;
      if (context.option(index, "disposition")?.value === "inline") return;
      if (context.option(index, "method")?.value === "HEAD") return;
      const name = keyFilename(key);
      const rename = name === undefined ? undefined : filenameRename(name);
      if (rename === undefined) return;
      context.report({
        path: selectorPath(entry, index),
        message: `Key ${JSON.stringify(key)} downloads as ${
          JSON.stringify(name)
        }, which changes on download: ${rename}`,
        hint: "set filename to the name to save as",
      });
    });
  },
};
