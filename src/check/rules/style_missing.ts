import { closest } from "../../text/closest.ts";
import type { CheckRule } from "../rule.ts";

/** Every style in `styles` is defined on the bucket. */
export const styleMissing: CheckRule = {
  id: "style-missing",
  description: "Every style in styles is defined on the bucket (ListStyle)",
  severity: "error",
  check(context) {
    const defined = context.snapshot.styles;
    const known = new Set(defined);
    (context.manifest.styles ?? []).forEach((style, index) => {
      if (known.has(style)) return;
      const suggestion = closest(style, defined);
      context.report({
        path: ["styles", index],
        message:
          `Style "${style}" is not defined on bucket "${context.snapshot.bucket}": links with it answer 404 NoSuchStyle`,
        hint: suggestion !== undefined
          ? `did you mean "${suggestion}"?`
          : `create the style on the bucket (PutStyle)`,
      });
    });
  },
};
