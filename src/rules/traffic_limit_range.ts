import { forEachOptionSource } from "./entries.ts";
import type { Rule } from "./rule.ts";

/** The smallest `x-oss-traffic-limit`, 100 KB/s in bit/s. */
export const MIN_TRAFFIC_LIMIT = 819_200;
/** The largest `x-oss-traffic-limit`, 100 MB/s in bit/s. */
export const MAX_TRAFFIC_LIMIT = 838_860_800;

/** `trafficLimit` is a whole number of bit/s in OSS's range. */
export const trafficLimitRange: Rule = {
  id: "traffic-limit-range",
  description:
    "trafficLimit is a whole number of bit/s from 819200 to 838860800",
  severity: "error",
  check(context) {
    forEachOptionSource(context, "trafficLimit", (limit) => {
      const value = limit.value;
      if (
        Number.isInteger(value) && value >= MIN_TRAFFIC_LIMIT &&
        value <= MAX_TRAFFIC_LIMIT
      ) return;
      context.report({
        path: limit.path,
        message: `Traffic limit ${value} is ${
          Number.isInteger(value) ? "out of range" : "not a whole number"
        }: use a whole number of bit/s from ${MIN_TRAFFIC_LIMIT} (100 KB/s) to ${MAX_TRAFFIC_LIMIT} (100 MB/s)`,
      });
    });
  },
};
