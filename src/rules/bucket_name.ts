import type { Rule } from "./rule.ts";

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Bucket names: 3–63 characters of `a-z 0-9 -`, not starting or ending with `-`. */
export const bucketName: Rule = {
  id: "bucket-name",
  description:
    "The bucket name is 3–63 characters of a-z, 0-9 and -, starting and ending with a letter or digit",
  severity: "error",
  check({ manifest, report }) {
    const { name } = manifest.bucket;
    if (BUCKET_NAME.test(name)) return;
    report({
      path: ["bucket", "name"],
      message:
        `Invalid bucket name "${name}": use 3 to 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit`,
    });
  },
};
