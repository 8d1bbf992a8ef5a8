import type { CheckRule } from "../rule.ts";

/** Several origins sharing links need `Vary: Origin` (ResponseVary). */
export const corsVaryMissing: CheckRule = {
  id: "cors-vary-missing",
  description:
    "ResponseVary is on when several origins read the same links, so that caches keep one response per origin",
  severity: "warning",
  check(context) {
    const origins = context.manifest.access?.origins ?? [];
    const { cors } = context.snapshot;
    if (origins.length < 2 || cors === "none" || cors.responseVary) return;
    context.report({
      path: ["access", "origins"],
      target: "key",
      message:
        `ResponseVary is off while ${origins.length} origins read the same links: a browser or CDN cache can answer one origin with a response allowed for another, which the browser refuses`,
      hint: "turn on ResponseVary in the bucket's CORS configuration",
    });
  },
};
