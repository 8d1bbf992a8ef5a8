import type { ResponseOverrideMap } from "../manifest/types.ts";
import type { YamlPath } from "../yaml/load_yaml.ts";
import { C0_C1_CONTROL, controlCharacter } from "../oss/object_key.ts";
import type { Rule } from "./rule.ts";

/**
 * `response` overrides become response headers: a control character (CR/LF
 * above all) would split or corrupt them, and an empty value says nothing.
 */
export const responseValueUnsafe: Rule = {
  id: "response-value-unsafe",
  description:
    "response overrides are non-empty and free of control characters (they become response headers)",
  severity: "error",
  check({ manifest, report }) {
    const visit = (response: ResponseOverrideMap | undefined, at: YamlPath) => {
      for (const [name, value] of Object.entries(response ?? {})) {
        if (value === undefined) continue;
        const control = controlCharacter(value, C0_C1_CONTROL);
        const problem = value.trim() === ""
          ? "it is empty"
          : control !== undefined
          ? `it has the control character ${control}`
          : undefined;
        if (problem === undefined) continue;
        report({
          path: [...at, "response", name],
          message: `Unsafe response override "${name}": ${problem}`,
        });
      }
    };
    visit(manifest.defaults?.response, ["defaults"]);
    manifest.objects.forEach((entry, index) =>
      visit(entry.response, ["objects", index])
    );
  },
};
