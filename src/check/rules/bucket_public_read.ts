import type { CheckRule } from "../rule.ts";

/** On a public bucket, link expiry protects nothing. */
export const bucketPublicRead: CheckRule = {
  id: "bucket-public-read",
  description:
    "The bucket is private, so that objects are readable only through the signed links until they expire",
  severity: "warning",
  check(context) {
    const { acl } = context.snapshot.info;
    if (acl === "private") return;
    context.report({
      path: ["bucket", "name"],
      message:
        `Bucket "${context.snapshot.bucket}" is ${acl}: anyone who knows a key reads the object without a signature, so the links' expiry protects nothing`,
      hint:
        "make the bucket private (PutBucketAcl) if the links should be the only way in",
    });
  },
};
