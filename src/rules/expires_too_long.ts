import { formatDuration } from "../manifest/duration.ts";
import { V4_MAX_EXPIRES_SECONDS } from "../manifest/expires.ts";
import { forEachExpiry } from "./entries.ts";
import type { Rule } from "./rule.ts";

/** V4 links live at most 7 days (EC 0002-00000232). */
export const expiresTooLong: Rule = {
  id: "expires-too-long",
  description: "With V4, a link lives at most 7 days (604800 s)",
  severity: "error",
  check(context) {
    if (context.manifest.bucket.signature === "v1") return;
    forEachExpiry(context, (result, path) => {
      if (!result.ok || result.seconds <= V4_MAX_EXPIRES_SECONDS) return;
      context.report({
        path,
        message: `The link lives ${
          formatDuration(result.seconds)
        }: V4 links live at most ${
          formatDuration(V4_MAX_EXPIRES_SECONDS)
        } (${V4_MAX_EXPIRES_SECONDS} seconds)`,
        hint: "OSS rejects longer V4 links with EC 0002-00000232",
      });
    });
  },
};
