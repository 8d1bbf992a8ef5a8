import { findOssRegion, OSS_REGIONS } from "../oss/regions.ts";
import { closest } from "../text/closest.ts";
import type { Rule } from "./rule.ts";

const REGION = /^(?:oss-)?[a-z0-9]+(?:-[a-z0-9]+)*$/;

const REGIONS_PAGE =
  "https://www.alibabacloud.com/help/en/oss/user-guide/regions-and-endpoints";

/** The closest known region, written with `oss-` when the manifest has it. */
function suggestion(region: string): string | undefined {
  const prefixed = /^oss-/i.test(region);
  const bare = region.replace(/^oss-/i, "");
  const active = OSS_REGIONS.filter((known) =>
    known.status !== "decommissioned"
  );
  const found = closest(bare, active.map((known) => known.id));
  return found === undefined ? undefined : prefixed ? `oss-${found}` : found;
}

function hint(region: string): string {
  const guess = suggestion(region);
  return guess !== undefined
    ? `did you mean "${guess}"?`
    : `expected an OSS region id such as "cn-hangzhou" (${REGIONS_PAGE})`;
}

/**
 * The region is a known OSS region (`src/oss/regions.ts`), written
 * `cn-hangzhou` or `oss-cn-hangzhou`: an unknown one signs every V4 link
 * for a region that does not exist.
 */
export const regionInvalid: Rule = {
  id: "region-invalid",
  description:
    "The region is a known OSS region id such as cn-hangzhou or oss-cn-hangzhou (src/oss/regions.ts, from Alibaba Cloud's Regions and endpoints page), with a did-you-mean for typos",
  severity: "error",
  check({ manifest, report }) {
    const { region } = manifest.bucket;
    if (!REGION.test(region)) {
      report({
        path: ["bucket", "region"],
        message:
          `Invalid region "${region}": expected a region id such as "cn-hangzhou"`,
        hint: hint(region),
      });
      return;
    }
    const known = findOssRegion(region);
    if (known === undefined) {
      report({
        path: ["bucket", "region"],
        message: `Unknown region "${region}": OSS has no such region`,
        hint: hint(region),
      });
    } else if (known.status === "decommissioned") {
      report({
        path: ["bucket", "region"],
        message:
          `Region "${region}" (${known.name}) is decommissioned: OSS serves no buckets there`,
        hint: "move the bucket to a region in service",
      });
    }
  },
};
