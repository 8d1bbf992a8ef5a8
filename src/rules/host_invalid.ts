import type { Rule } from "./rule.ts";

const EXAMPLE = {
  domain: "static.example.com",
  endpoint: "oss-cn-hangzhou.aliyuncs.com",
};

const HOST =
  /^(?=.{1,253}(?::|$))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/i;

/** `bucket.domain` and `bucket.endpoint` are host names, with an optional port. */
export const hostInvalid: Rule = {
  id: "host-invalid",
  description:
    "bucket.domain and bucket.endpoint are host names (optionally with a port), without scheme or path",
  severity: "error",
  check({ manifest, report }) {
    for (const field of ["domain", "endpoint"] as const) {
      const host = manifest.bucket[field];
      if (host === undefined || HOST.test(host)) continue;
      const hint = /^[a-z]+:\/\//i.test(host)
        ? 'drop the scheme: "https" decides it'
        : undefined;
      report({
        path: ["bucket", field],
        message: `Invalid ${field} "${host}": expected a host name such as "${
          EXAMPLE[field]
        }"`,
        ...(hint ? { hint } : {}),
      });
    }
  },
};
