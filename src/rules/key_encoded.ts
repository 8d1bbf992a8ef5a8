import type { Rule } from "./rule.ts";

const PERCENT_ESCAPE = /%[0-9a-f]{2}/i;

/** A key that looks percent-encoded is probably encoded twice (ali-oss#681). */
export const keyEncoded: Rule = {
  id: "key-encoded",
  description:
    "Keys are written raw, not percent-encoded (osslinks encodes them once)",
  severity: "warning",
  check(context) {
    context.manifest.objects.forEach((entry, index) => {
      if (entry.key === undefined || !PERCENT_ESCAPE.test(entry.key)) return;
      let decoded: string | undefined;
      try {
        decoded = decodeURIComponent(entry.key);
      } catch {
        decoded = undefined;
      }
      context.report({
        path: ["objects", index, "key"],
        message:
          `Key "${entry.key}" looks percent-encoded: osslinks encodes keys itself, so this names a key with a literal "%"`,
        ...(decoded !== undefined && decoded !== entry.key
          ? { hint: `if the object is "${decoded}", write that` }
          : {}),
      });
    });
  },
};
