/**
 * Secrets never belong in a manifest. This rule reads the raw YAML value,
 * before the schema, so that it also catches fields the schema rejects; its
 * messages never repeat the value.
 *
 * @module
 */
import type { Finding } from "./rule.ts";

const SECRET_KEY = /secret|passw(?:or)?d|token|credential|access[-_]?key/i;
/** Every SECRET_VALUE pattern needs at least this many characters. */
const SECRET_VALUE_MIN_LENGTH = 16;
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
 * Tells whether a source line may hold a credential: a credential-looking
 * field name or value anywhere on it. For lines quoted before the YAML could
 * be parsed, so it errs on the side of hiding.
 *
 * @param line One line of the manifest.
 * @returns `true` when a report must not quote the line.
 */
export function mayHoldSecret(line: string): boolean {
  return SECRET_KEY.test(line) ||
    line.split(/[^0-9A-Za-z+/=.]+/).some((word) =>
      word.length >= SECRET_VALUE_MIN_LENGTH &&
      SECRET_VALUE.some(({ pattern }) => pattern.test(word))
    );
}

/**
 * Finds credential-looking keys and values anywhere in a YAML value.
 *
 * @param value The raw manifest value.
 * @returns One finding per key or value; none repeats the value.
 */
export function findSecrets(value: unknown): Finding[] {
  const findings: Finding[] = [];
  // One path, pushed and popped: copied only for a finding.
  const path: PropertyKey[] = [];
  // Keys repeat (a few dozen names across thousands of entries).
  const secretKey = new Map<string, boolean>();
  const visit = (node: unknown) => {
    if (typeof node === "string") {
      const match = node.length < SECRET_VALUE_MIN_LENGTH
        ? undefined
        : SECRET_VALUE.find(({ pattern }) => pattern.test(node));
      if (match !== undefined) {
        findings.push({
          path: [...path],
          sensitive: true,
          message:
            `This value looks like ${match.what}: credentials never belong in the manifest`,
          hint:
            "remove it and rotate it if it was committed; osslinks reads credentials from OSS_ACCESS_KEY_ID and friends",
        });
      }
    } else if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        path.push(index);
        visit(node[index]);
        path.pop();
      }
    } else if (node !== null && typeof node === "object") {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        path.push(key);
        let isSecret = secretKey.get(key);
        if (isSecret === undefined) {
          isSecret = SECRET_KEY.test(key);
          secretKey.set(key, isSecret);
        }
        if (isSecret) {
          findings.push({
            path: [...path],
            target: "key",
            sensitive: true,
            message:
              `Field "${key}" looks like a credential: credentials never belong in the manifest`,
            hint:
              "remove it and rotate it if it was committed; osslinks reads credentials from OSS_ACCESS_KEY_ID and friends",
          });
        } else {
          visit(record[key]);
        }
        path.pop();
      }
    }
  };
  visit(value);
  return findings;
}
