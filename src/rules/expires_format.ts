import { forEachExpiry } from "./entries.ts";
import type { Rule } from "./rule.ts";

/** `expires` is seconds, a duration or an ISO 8601 time with a zone. */
export const expiresFormat: Rule = {
  id: "expires-format",
  description:
    "expires is seconds, a duration (90s, 30m, 12h, 7d) or an ISO 8601 time with a zone",
  severity: "error",
  check(context) {
    forEachExpiry(context, (result, path) => {
      if (!result.ok) context.report({ path, message: result.message });
    });
  },
};
