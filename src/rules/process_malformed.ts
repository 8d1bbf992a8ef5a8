import { forEachOptionSource } from "./entries.ts";
import type { Rule } from "./rule.ts";

/** `<type>/<action>[,<param>]…[/<action>[,<param>]…]…`, for example `image/resize,w_200/quality,q_90`. */
const PROCESS =
  /^(?:image|video|audio|doc|style)\/[a-z][a-z0-9-]*(?:,[^,/\s]+)*(?:\/[a-z][a-z0-9-]*(?:,[^,/\s]+)*)*$/i;

/** `process` is a well-formed `x-oss-process` value. */
export const processMalformed: Rule = {
  id: "process-malformed",
  description:
    "process is <type>/<action>[,<param>]… such as image/resize,w_200/quality,q_90",
  severity: "error",
  check(context) {
    forEachOptionSource(context, "process", (process) => {
      const value = process.value;
      if (value.startsWith("style/")) {
        context.report({
          path: process.path,
          message: `Process "${value}" names a style: use style instead`,
          hint: "style lets check verify the bucket defines it",
        });
      } else if (!PROCESS.test(value)) {
        context.report({
          path: process.path,
          message:
            `Malformed process "${value}": expected <type>/<action>[,<param>]…, for example "image/resize,w_200"`,
        });
      }
    });
  },
};
