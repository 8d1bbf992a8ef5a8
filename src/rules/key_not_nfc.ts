import type { Rule } from "./rule.ts";

/** Text below U+0300 is always in NFC: only other characters need a check. */
const BEYOND_NFC_STABLE = /[\u0300-\uffff]/;

/** OSS compares keys byte for byte: a decomposed key names another object. */
export const keyNotNfc: Rule = {
  id: "key-not-nfc",
  description:
    "Keys are in Unicode NFC (OSS compares bytes: a decomposed key is another object)",
  severity: "warning",
  check(context) {
    context.manifest.objects.forEach((entry, index) => {
      const key = entry.key;
      if (key === undefined || !BEYOND_NFC_STABLE.test(key)) return;
      if (!key.isWellFormed() || key === key.normalize("NFC")) return;
      context.report({
        path: ["objects", index, "key"],
        message:
          `Key "${key}" is not in Unicode NFC: OSS compares bytes, so it names a different object than its composed form`,
        hint: "check the key as stored; macOS file names are often decomposed",
      });
    });
  },
};
