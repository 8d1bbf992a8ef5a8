/**
 * Secrets never belong in a manifest. This rule reads the raw YAML value,
 * before the schema, so that it also catches fields the schema rejects; its
 * messages never repeat the value.
 *
 * @module
 */
import type { YamlPath } from "../yaml/load_yaml.ts";
import type { Finding } from "./rule.ts";

const SECRET_KEY = /secret|passw(?:or)?d|token|credential|access[-_]?key/i;
const SECRET_VALUE = [
  { pattern: /^LTAI[0-9A-Za-z]{12,}$/, what: "an AccessKey ID" },
  { pattern: /^STS\.[0-9A-Za-z]{16,}$/, what: "an STS AccessKey ID" },
  { pattern: /^CAIS[0-9A-Za-z+/=]{40,}$/, what: "an STS security token" },
];

/** The rule's id. */
export const SECRET_IN_MANIFEST = "secret-in-manifest";

/** The rule's description, for the rule table. */
export const SECRET_IN_MANIFEST_DESCRIPTION =
  "No credential fields or credential-looking values in the manifest (credentials come from the environment)";

/**
 * Finds credential-looking keys and values anywhere in a YAML value.
 *
 * @param value The raw manifest value.
 * @returns One finding per key or value; none repeats the value.
 */
export function findSecrets(value: unknown): Finding[] {
  const findings: Finding[] = [];
  const visit = (node: unknown, path: YamlPath) => {
    if (typeof node === "string") {
      const match = SECRET_VALUE.find(({ pattern }) => pattern.test(node));
      if (match !== undefined) {
        findings.push({
          path,
          sensitive: true,
          message:
            `This value looks like ${match.what}: credentials never belong in the manifest`,
          hint:
            "remove it and rotate it if it was committed; osslinks reads credentials from OSS_ACCESS_KEY_ID and friends",
        });
      }
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index]));
    } else if (node !== null && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) {
        if (SECRET_KEY.test(key)) {
          findings.push({
            path: [...path, key],
            target: "key",
            sensitive: true,
            message:
              `Field "${key}" looks like a credential: credentials never belong in the manifest`,
            hint:
              "remove it and rotate it if it was committed; osslinks reads credentials from OSS_ACCESS_KEY_ID and friends",
          });
        } else {
          visit(child, [...path, key]);
        }
      }
    }
  };
  visit(value, []);
  return findings;
}
