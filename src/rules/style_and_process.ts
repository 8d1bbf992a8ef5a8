import type { Rule } from "./rule.ts";

/** `style` and `process` both set `x-oss-process`; an entry has one of them. */
export const styleAndProcess: Rule = {
  id: "style-and-process",
  description:
    "An entry has style or process, not both (both are x-oss-process)",
  severity: "error",
  check(context) {
    context.manifest.objects.forEach((_, index) => {
      const style = context.option(index, "style");
      const process = context.option(index, "process");
      if (style === undefined || process === undefined) return;
      context.report({
        path: process.path,
        target: "key",
        message:
          `Both style "${style.value}" and process "${process.value}" apply: both set x-oss-process, so keep one`,
      });
    });
  },
};
