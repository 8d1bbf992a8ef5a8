import { standardRegion } from "../oss/v4.ts";
import type { Rule } from "./rule.ts";

const OSS_ENDPOINT =
  /^(?:[a-z0-9-]+\.)?oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com(?::\d+)?$/;

/**
 * An `oss-<region>.aliyuncs.com` endpoint names the region its V4 scope must
 * use; a mismatch fails every V4 link (EC 0002-00000226).
 */
export const regionEndpointMismatch: Rule = {
  id: "region-endpoint-mismatch",
  description:
    "An oss-<region>.aliyuncs.com endpoint is in the bucket's region (V4 signs the region)",
  severity: "error",
  check({ manifest, report }) {
    const { endpoint, region } = manifest.bucket;
    if (endpoint === undefined) return;
    const match = OSS_ENDPOINT.exec(endpoint.toLowerCase());
    if (match === null || match[1] === "accelerate") return;
    const endpointRegion = match[1]!;
    if (endpointRegion === standardRegion(region)) return;
    report({
      path: ["bucket", "endpoint"],
      message:
        `Endpoint "${endpoint}" is in region "${endpointRegion}", not in the bucket's region "${
          standardRegion(region)
        }"`,
      hint:
        "V4 signs the region: a mismatch fails every link with SignatureDoesNotMatch",
    });
  },
};
