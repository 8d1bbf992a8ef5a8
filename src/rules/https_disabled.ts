import type { Rule } from "./rule.ts";

/** `https: false` sends links and their signatures in clear text. */
export const httpsDisabled: Rule = {
  id: "https-disabled",
  description:
    "Links use https (http exposes them and is blocked as mixed content on https pages)",
  severity: "warning",
  check({ manifest, report }) {
    if (manifest.bucket.https !== false) return;
    report({
      path: ["bucket", "https"],
      message:
        "Links use http: anyone on the path can read and replay them, and https pages block them as mixed content",
    });
  },
};
