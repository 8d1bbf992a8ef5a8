import { closest } from "../text/closest.ts";
import { forEachOptionSource } from "./entries.ts";
import type { Rule } from "./rule.ts";

/** Every `style` an entry uses is declared in `styles`, which `check` verifies on the bucket. */
export const styleUndeclared: Rule = {
  id: "style-undeclared",
  description:
    "Each style used is declared in styles (so check can verify the bucket defines it)",
  severity: "error",
  check(context) {
    const declared = context.manifest.styles ?? [];
    const known = new Set(declared);
    forEachOptionSource(context, "style", (style) => {
      if (known.has(style.value)) return;
      const suggestion = closest(style.value, declared);
      context.report({
        path: style.path,
        message: `Style "${style.value}" is not declared in styles`,
        hint: suggestion !== undefined
          ? `did you mean "${suggestion}"?`
          : `add "${style.value}" to styles`,
      });
    });
  },
};
