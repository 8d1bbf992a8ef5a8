import { forEachOptionSource } from "./entries.ts";
import type { Rule } from "./rule.ts";
import { isTrafficLimit, TRAFFIC_LIMIT } from "../oss/traffic_limit.ts";

/** `trafficLimit` is a whole number of bit/s in OSS's range. */
export const trafficLimitRange: Rule = {
  id: "traffic-limit-range",
  description:
    `trafficLimit is a whole number of bit/s from ${TRAFFIC_LIMIT.min} to ${TRAFFIC_LIMIT.max}`,
  severity: "error",
  check(context) {
    forEachOptionSource(context, "trafficLimit", (limit) => {
      const value = limit.value;
      if (isTrafficLimit(value)) return;
      context.report({
        path: limit.path,
        message: `Traffic limit ${value} is ${
          Number.isInteger(value) ? "out of range" : "not a whole number"
        }: use a whole number of bit/s from ${TRAFFIC_LIMIT.min} (100 KB/s) to ${TRAFFIC_LIMIT.max} (100 MB/s)`,
      });
    });
  },
};
