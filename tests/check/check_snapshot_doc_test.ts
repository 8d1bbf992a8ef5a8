/**
 * The snapshot format is written once, in `src/check/snapshot_schema.ts`:
 * `docs/snapshot.md`'s field table is made from it, and every field a
 * snapshot file can hold is documented there.
 */
import assert from "node:assert/strict";
import {
  SNAPSHOT_DOC_COMMAND,
  SNAPSHOT_TABLE_MARKERS,
  snapshotFields,
} from "../../src/check/snapshot_fields.ts";
import { formatSnapshot } from "../../src/check/snapshot.ts";
import type { BucketSnapshot } from "../../src/check/snapshot_schema.ts";

const DOC = new URL("../../docs/snapshot.md", import.meta.url);

/** The rows of the table between the markers, cells unescaped. */
function documentedRows(text: string): string[][] {
  const start = text.indexOf(SNAPSHOT_TABLE_MARKERS.start);
  const end = text.indexOf(SNAPSHOT_TABLE_MARKERS.end);
  assert.ok(start >= 0 && end > start, "the markers are in docs/snapshot.md");
  return text.slice(start, end).split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) =>
      line.slice(1, -1).split(/(?<!\\)\|/).map((cell) =>
        cell.trim().replaceAll("\\|", "|")
      )
    );
}

Deno.test("docs/snapshot.md's field table is the snapshot schema's", async () => {
  const rows = documentedRows(await Deno.readTextFile(DOC));
  const fields = snapshotFields().map((field) => [
    `\`${field.path}\``,
    field.type,
    field.from,
    field.meaning,
  ]);
  assert.deepEqual(
    rows,
    fields,
    `docs/snapshot.md is out of date: run ${SNAPSHOT_DOC_COMMAND}`,
  );
});

Deno.test("every field of a written snapshot is documented", () => {
  const snapshot: BucketSnapshot = {
    osslinksSnapshot: 1,
    bucket: "examplebucket",
    takenAt: "2026-11-28T09:00:00.000Z",
    info: {
      creationDate: "2024-03-01T00:00:00.000Z",
      location: "oss-cn-hangzhou",
      acl: "private",
    },
    cors: {
      responseVary: true,
      rules: [{
        allowedOrigins: ["https://app.example.com"],
        allowedMethods: ["GET"],
        allowedHeaders: [],
        exposeHeaders: [],
        maxAgeSeconds: 600,
      }],
    },
    cnames: [{
      domain: "static.example.com",
      status: "Enabled",
      certificate: {
        type: "CAS",
        certId: "493****-cn-hangzhou",
        status: "Enabled",
        validStartDate: "2026-01-01T00:00:00.000Z",
        validEndDate: null,
      },
    }],
    styles: ["thumb"],
    referer: {
      allowEmptyReferer: true,
      allowTruncateQueryString: true,
      truncatePath: false,
      refererList: [],
      refererBlacklist: [],
    },
    objects: [{
      key: "a.png",
      version: null,
      status: "found",
      contentType: "image/png",
      contentDisposition: null,
      contentDispositionHidden: true,
      size: 1,
      versionId: null,
    }, { key: "b.txt", version: null, status: "no-such-key" }],
    prefixes: [{ prefix: "p/", keys: ["p/a"] }],
    rawImageProcessing: "unknown",
  };
  const written = new Set<string>();
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === "object" && item !== null) walk(item, `${path}[].`);
      }
      return;
    }
    for (const [name, child] of Object.entries(value as object)) {
      const listOfObjects = Array.isArray(child) &&
        typeof child[0] === "object";
      written.add(`${path}${name}${listOfObjects ? "[]" : ""}`);
      if (typeof child === "object" && child !== null) {
        walk(
          child,
          Array.isArray(child) ? `${path}${name}` : `${path}${name}.`,
        );
      }
    }
  };
  walk(JSON.parse(formatSnapshot(snapshot)), "");
  const documented = new Set(snapshotFields().map((field) => field.path));
  // "info" holds fields only: the table documents them one by one.
  assert.deepEqual([...written].filter((path) => !documented.has(path)), [
    "info",
  ]);
  assert.deepEqual([...documented].filter((path) => !written.has(path)), []);
});
