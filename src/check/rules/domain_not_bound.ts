import type { CheckRule } from "../rule.ts";
import { boundDomain } from "./_domain.ts";

/** The custom domain is bound to the bucket (ListCname) and enabled. */
export const domainNotBound: CheckRule = {
  id: "domain-not-bound",
  description:
    "bucket.domain is bound to the bucket (ListCname) with status Enabled",
  severity: "error",
  check(context) {
    const domain = context.manifest.bucket.domain;
    if (domain === undefined) return;
    const bucket = context.snapshot.bucket;
    const cname = boundDomain(context);
    if (cname === undefined) {
      context.report({
        path: ["bucket", "domain"],
        message:
          `Domain "${domain}" is not bound to bucket "${bucket}": OSS does not serve the bucket there, so every link fails`,
        hint:
          "bind the domain to the bucket (console: Domain Names, or PutCname) and point its CNAME at the bucket",
      });
    } else if (cname.status !== "Enabled") {
      context.report({
        path: ["bucket", "domain"],
        message:
          `Domain "${domain}" is bound to bucket "${bucket}" with status "${cname.status}": OSS serves only enabled domains, so every link fails`,
      });
    }
  },
};
