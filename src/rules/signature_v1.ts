import type { Rule } from "./rule.ts";

/** V1 signatures are being withdrawn for new accounts and buckets. */
export const signatureV1: Rule = {
  id: "signature-v1",
  description:
    "V4 signatures are used (V1 is withdrawn for new accounts and buckets)",
  severity: "warning",
  check({ manifest, report }) {
    if (manifest.bucket.signature !== "v1") return;
    report({
      path: ["bucket", "signature"],
      message:
        "V1 signatures are withdrawn for accounts created from 2025-03-01 and buckets created from 2025-09-01",
      hint: 'use "v4" unless the bucket still needs V1',
    });
  },
};
