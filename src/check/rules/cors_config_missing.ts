import type { CheckRule } from "../rule.ts";

/** Web origins need a CORS configuration on the bucket at all. */
export const corsConfigMissing: CheckRule = {
  id: "cors-config-missing",
  description:
    "The bucket has a CORS configuration when access.origins declares web origins",
  severity: "error",
  check(context) {
    const origins = context.manifest.access?.origins ?? [];
    if (origins.length === 0 || context.snapshot.cors !== "none") return;
    context.report({
      path: ["access", "origins"],
      target: "key",
      message:
        `Bucket "${context.snapshot.bucket}" has no CORS configuration: browsers refuse every request from ${
          origins.map((origin) => `"${origin}"`).join(", ")
        }`,
      hint:
        "add CORS rules for the origins, methods and headers of access (PutBucketCors)",
    });
  },
};
