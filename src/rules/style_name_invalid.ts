import type { Rule } from "./rule.ts";

const STYLE_NAME = /^[A-Za-z0-9_.-]{1,63}$/;

/** Style names are 1–63 characters of `A-Z a-z 0-9 _ . -` (EC 0017-00000250). */
export const styleNameInvalid: Rule = {
  id: "style-name-invalid",
  description: "Style names are 1–63 characters of A-Z, a-z, 0-9, _, . and -",
  severity: "error",
  check(context) {
    context.manifest.styles?.forEach((name, index) => {
      if (STYLE_NAME.test(name)) return;
      context.report({
        path: ["styles", index],
        message:
          `Invalid style name "${name}": use 1 to 63 characters of A-Z, a-z, 0-9, "_", "." and "-"`,
      });
    });
  },
};
