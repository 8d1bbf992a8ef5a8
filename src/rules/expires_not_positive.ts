import { formatDuration } from "../manifest/duration.ts";
import { forEachExpiry } from "./entries.ts";
import type { Rule } from "./rule.ts";

/** A link must live at least one second after signing. */
export const expiresNotPositive: Rule = {
  id: "expires-not-positive",
  description:
    "The expiry is after the signing time (not zero, negative or past)",
  severity: "error",
  check(context) {
    forEachExpiry(context, (result, path) => {
      if (!result.ok || result.seconds > 0) return;
      context.report({
        path,
        message: result.seconds === 0
          ? "The link expires the moment it is signed"
          : `The link expires ${
            formatDuration(-result.seconds)
          } before it is signed (${result.expiresAt.toISOString()})`,
      });
    });
  },
};
