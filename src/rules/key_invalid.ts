import { keyProblem } from "../oss/object_key.ts";
import type { Rule } from "./rule.ts";

/**
 * Object keys are 1–1023 UTF-8 bytes, without a leading `/` or `\` or control
 * characters, and not `.` or `..`.
 */
export const keyInvalid: Rule = {
  id: "key-invalid",
  description:
    'Keys and prefixes are 1–1023 UTF-8 bytes, without a leading / or \\ or control characters; a key is not "." or ".."',
  severity: "error",
  check(context) {
    context.manifest.objects.forEach((entry, index) => {
      if (entry.key !== undefined) {
        const problem = keyProblem(entry.key);
        if (problem !== undefined) {
          context.report({
            path: ["objects", index, "key"],
            message: `Invalid object key: ${problem}`,
          });
        }
      }
      if (entry.prefix !== undefined && entry.prefix !== "") {
        const problem = keyProblem(entry.prefix, "prefix");
        if (problem !== undefined) {
          context.report({
            path: ["objects", index, "prefix"],
            message: `Invalid prefix: ${problem.replace("the key", "it")}`,
          });
        }
      }
    });
  },
};
