/**
 * The field table of `docs/snapshot.md`, made from the snapshot schema's
 * metadata (`deno task docs:snapshot`); `tests/check/check_snapshot_test.ts` fails
 * when the file and the schema differ.
 *
 * @module
 */
import type { z } from "npm:zod@4.6.7";
import {
  snapshotDocs,
  type SnapshotFieldDoc,
  snapshotSchema,
} from "./snapshot_schema.ts";

/** One documented field: its path (`cors.rules[].allowedOrigins`) and doc. */
export interface SnapshotField extends SnapshotFieldDoc {
  /** The path, with `[]` after a list of objects. */
  readonly path: string;
}

/** The command that rewrites the table. */
export const SNAPSHOT_DOC_COMMAND = "deno task docs:snapshot";

/** The markers around the generated table in `docs/snapshot.md`. */
export const SNAPSHOT_TABLE_MARKERS = {
  start:
    `<!-- snapshot-fields: made from src/check/snapshot_schema.ts by ${SNAPSHOT_DOC_COMMAND} -->`,
  end: "<!-- /snapshot-fields -->",
} as const;

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
};

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The object schemas a field's value may be, through lists and nulls. */
function objectsWithin(schema: z.ZodType): {
  objects: z.ZodType[];
  list: boolean;
} {
  const def = defOf(schema);
  switch (def.type) {
    case "object":
      return { objects: [schema], list: false };
    case "nullable":
    case "optional":
      return objectsWithin(def.innerType!);
    case "array": {
      const inner = objectsWithin(def.element!);
      return { objects: inner.objects, list: inner.objects.length > 0 };
    }
    case "union":
      return {
        objects: def.options!.flatMap((option) =>
          objectsWithin(option).objects
        ),
        list: false,
      };
    default:
      return { objects: [], list: false };
  }
}

/**
 * Lists every documented field of the snapshot, in file order; a field that
 * several object variants share is listed once.
 *
 * @returns The fields.
 */
export function snapshotFields(): SnapshotField[] {
  const fields: SnapshotField[] = [];
  const seen = new Set<string>();
  const visit = (schema: z.ZodType, prefix: string) => {
    for (const object of objectsWithin(schema).objects) {
      for (const [name, field] of Object.entries(defOf(object).shape!)) {
        const { objects, list } = objectsWithin(field);
        const path = `${prefix}${name}${list ? "[]" : ""}`;
        const doc = snapshotDocs.get(field);
        if (doc !== undefined && !seen.has(path)) {
          seen.add(path);
          fields.push({ path, ...doc });
        }
        if (objects.length > 0) visit(field, `${path}.`);
      }
    }
  };
  visit(snapshotSchema, "");
  return fields;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/**
 * The Markdown table of the snapshot's fields (unpadded: `deno fmt` aligns
 * it).
 *
 * @returns The table, LF-terminated.
 */
export function snapshotFieldTable(): string {
  const rows = snapshotFields().map((field) =>
    `| \`${field.path}\` | ${cell(field.type)} | ${cell(field.from)} | ${
      cell(field.meaning)
    } |`
  );
  return [
    "| field | type | from | meaning |",
    "| --- | --- | --- | --- |",
    ...rows,
  ]
    .join("\n") + "\n";
}
