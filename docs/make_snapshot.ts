/**
 * Rewrites the field table of `docs/snapshot.md` from the snapshot schema
 * (`deno task docs:snapshot`, which then runs `deno fmt` on it);
 * `tests/check/check_snapshot_test.ts` fails when the file and the schema differ.
 *
 * @module
 */
import {
  SNAPSHOT_TABLE_MARKERS,
  snapshotFieldTable,
} from "../src/check/snapshot_fields.ts";

if (import.meta.main) {
  const file = new URL("./snapshot.md", import.meta.url);
  const text = await Deno.readTextFile(file);
  const start = text.indexOf(SNAPSHOT_TABLE_MARKERS.start);
  const end = text.indexOf(SNAPSHOT_TABLE_MARKERS.end);
  if (start < 0 || end < start) {
    throw new Error("docs/snapshot.md has lost its snapshot-fields markers");
  }
  await Deno.writeTextFile(
    file,
    `${
      text.slice(0, start)
    }${SNAPSHOT_TABLE_MARKERS.start}\n\n${snapshotFieldTable()}\n${
      text.slice(end)
    }`,
  );
}
