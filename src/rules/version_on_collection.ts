import type { Rule } from "./rule.ts";

/** A `version` names one object's version, so only a `key` entry can have one. */
export const versionOnCollection: Rule = {
  id: "version-on-collection",
  description:
    "version is set only on key entries (not on prefix, list or defaults)",
  severity: "error",
  check(context) {
    if (context.manifest.defaults?.version !== undefined) {
      context.report({
        path: ["defaults", "version"],
        target: "key",
        message: "A version names one object's version: it cannot be a default",
      });
    }
    context.manifest.objects.forEach((entry, index) => {
      if (entry.version === undefined || entry.key !== undefined) return;
      context.report({
        path: ["objects", index, "version"],
        target: "key",
        message: `A version names one object's version: it cannot apply to a ${
          entry.prefix !== undefined ? "prefix" : "list"
        }`,
      });
    });
  },
};
