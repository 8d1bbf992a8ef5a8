/**
 * The manifest's JSON Schema, generated from the zod schema.
 *
 * @module
 */
import { z } from "npm:zod@4.6.7";
import { RULE_CATALOGUE } from "./catalogue.ts";
import { ManifestSchema, SELECTORS } from "../manifest/schema.ts";

/**
 * The `$id` the committed `links.schema.json` carries.
 *
 * @example Usage
 * ```ts
 * import { MANIFEST_SCHEMA_ID } from "@osslinks/osslinks";
 *
 * // A manifest's first line can point editors at the schema:
 * const header = `# yaml-language-server: $schema=${MANIFEST_SCHEMA_ID}`;
 * if (!header.endsWith("links.v1.schema.json")) throw new Error(header);
 * ```
 */
export const MANIFEST_SCHEMA_ID =
  "https://osslinks.dev/schema/links.v1.schema.json";

/**
 * Builds the manifest's JSON Schema (draft 2020-12), for editors and
 * yaml-language-server. Object entries require exactly one of `key`,
 * `prefix` and `list`.
 *
 * @example Usage
 * ```ts
 * import { manifestJsonSchema } from "@osslinks/osslinks";
 *
 * const schema = manifestJsonSchema();
 * if (schema["$schema"] !== "https://json-schema.org/draft/2020-12/schema") {
 *   throw new Error(String(schema["$schema"]));
 * }
 * ```
 * @returns The schema as a plain object.
 */
export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ManifestSchema, {
    target: "draft-2020-12",
    io: "input",
  }) as Record<string, unknown>;
  const defs = schema["$defs"] as Record<string, Record<string, unknown>>;
  const entry = defs["ObjectEntry"];
  if (entry !== undefined) {
    entry["oneOf"] = SELECTORS.map((name) => ({ required: [name] }));
  }
  // The rules a waiver may name, each with its description, for editors.
  const properties = schema["properties"] as Record<
    string,
    Record<string, unknown>
  >;
  const rules = properties["rules"];
  if (rules !== undefined) {
    const values = rules["additionalProperties"];
    delete rules["additionalProperties"];
    delete rules["propertyNames"];
    rules["properties"] = Object.fromEntries(
      RULE_CATALOGUE.filter((rule) => rule.waivable !== false).map((rule) => [
        rule.id,
        {
          ...(values as object),
          description: `${rule.severity}: ${rule.description}`,
        },
      ]),
    );
    rules["additionalProperties"] = false;
  }
  return { ...schema, $id: MANIFEST_SCHEMA_ID };
}

/**
 * The JSON Schema as the text of `links.schema.json`: 2-space indent, LF
 * at the end.
 *
 * @example Usage
 * ```ts
 * import { manifestJsonSchemaText } from "@osslinks/osslinks";
 *
 * // What `osslinks schema > links.schema.json` writes.
 * const text = manifestJsonSchemaText();
 * if (!text.endsWith("}\n")) throw new Error("LF-terminated JSON");
 * ```
 * @returns The schema text.
 */
export function manifestJsonSchemaText(): string {
  return JSON.stringify(manifestJsonSchema(), null, 2) + "\n";
}
