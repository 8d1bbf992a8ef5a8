import type { Rule } from "./rule.ts";

const REGION = /^(?:oss-)?[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Region ids look like `cn-hangzhou` (or `oss-cn-hangzhou`). */
export const regionInvalid: Rule = {
  id: "region-invalid",
  description:
    "The region is an OSS region id such as cn-hangzhou or oss-cn-hangzhou",
  severity: "error",
  check({ manifest, report }) {
    const { region } = manifest.bucket;
    if (REGION.test(region)) return;
    report({
      path: ["bucket", "region"],
      message:
        `Invalid region "${region}": expected a region id such as "cn-hangzhou"`,
    });
  },
};
