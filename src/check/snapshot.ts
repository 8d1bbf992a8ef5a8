/**
 * The bucket-state snapshot: exactly the facts the prerequisite checks read,
 * saved by `osslinks snapshot` and read back by `osslinks check --snapshot`
 * so that CI can check without credentials. The format is versioned and
 * documented in `docs/snapshot.md`; it is JSON (YAML is accepted on input).
 *
 * @module
 */
import { CORE_SCHEMA, load } from "npm:js-yaml@5.5.0";
import {
  type BucketSnapshot,
  SNAPSHOT_VERSION,
  snapshotSchema,
} from "./snapshot_schema.ts";

/**
 * A snapshot file that cannot be read: bad JSON/YAML, version or shape.
 *
 * @example Usage
 * ```ts
 * import { parseSnapshot, SnapshotFormatError } from "@osslinks/osslinks/check";
 *
 * try {
 *   parseSnapshot('{"bucket": "examplebucket"}');
 *   throw new Error("a file without a format version was read");
 * } catch (error) {
 *   if (!(error instanceof SnapshotFormatError)) throw error;
 *   if (!error.message.includes("osslinksSnapshot")) throw new Error(error.message);
 * }
 * ```
 */
export class SnapshotFormatError extends SyntaxError {
  /**
   * Creates the error.
   *
   * @param message What is wrong.
   * @param options The underlying error.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SnapshotFormatError";
  }
}

function pathText(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    text += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
  }
  return text === "" ? "the snapshot" : `"${text.slice(1)}"`;
}

/**
 * Reads a snapshot from its text: JSON, or YAML with the same shape.
 *
 * @example Usage
 * ```ts
 * import { parseSnapshot } from "@osslinks/osslinks/check";
 *
 * // What `osslinks snapshot --out` wrote (JSON; YAML of the same shape works too):
 * const snapshotText = JSON.stringify({
 *   osslinksSnapshot: 1,
 *   bucket: "examplebucket",
 *   takenAt: "2026-11-28T09:00:00.000Z",
 *   info: {
 *     creationDate: "2024-03-01T00:00:00.000Z",
 *     location: "oss-cn-hangzhou",
 *     acl: "private",
 *   },
 *   cors: "none",
 *   cnames: [],
 *   styles: [],
 *   referer: null,
 *   objects: [{ key: "a.txt", version: null, status: "no-such-key" }],
 *   prefixes: [],
 *   rawImageProcessing: "unknown",
 * });
 * const snapshot = parseSnapshot(snapshotText);
 * if (snapshot.objects[0]?.status !== "no-such-key") throw new Error("read");
 * ```
 *
 * @param text The file's text.
 * @returns The snapshot.
 * @throws {SnapshotFormatError} When the text is not JSON/YAML, is of another
 *   format version, or does not have the documented shape.
 */
export function parseSnapshot(text: string): BucketSnapshot {
  let value: unknown;
  try {
    value = load(text, { schema: CORE_SCHEMA });
  } catch (error) {
    const detail = error instanceof Error
      ? error.message.split("\n")[0]
      : String(error);
    throw new SnapshotFormatError(`Not JSON or YAML: ${detail}`, {
      cause: error,
    });
  }
  const version = (value as { osslinksSnapshot?: unknown } | null)
    ?.osslinksSnapshot;
  if (
    typeof value !== "object" || value === null || Array.isArray(value) ||
    version === undefined
  ) {
    throw new SnapshotFormatError(
      'Not an osslinks snapshot: no "osslinksSnapshot" field',
    );
  }
  if (version !== SNAPSHOT_VERSION) {
    throw new SnapshotFormatError(
      `Unsupported snapshot version "${
        String(version)
      }": this osslinks reads version ${SNAPSHOT_VERSION}`,
    );
  }
  const parsed = snapshotSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SnapshotFormatError(
      `Invalid snapshot: ${pathText(issue.path)}: ${issue.message}`,
    );
  }
  return parsed.data;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Puts a snapshot's lists in their canonical order (objects by key then
 * version, prefixes by prefix) so that the same bucket gives the same file.
 *
 * @example Usage
 * ```ts
 * import { type BucketSnapshot, sortSnapshot } from "@osslinks/osslinks/check";
 *
 * const snapshot: BucketSnapshot = {
 *   osslinksSnapshot: 1, bucket: "examplebucket", takenAt: "2026-11-28T09:00:00.000Z",
 *   info: { creationDate: "2020-01-01T00:00:00.000Z", location: "oss-cn-hangzhou", acl: "private" },
 *   cors: "none", cnames: [], styles: [], referer: null, rawImageProcessing: "unknown",
 *   objects: [
 *     { key: "b.txt", version: null, status: "no-such-key" },
 *     { key: "a.txt", version: null, status: "no-such-key" },
 *   ],
 *   prefixes: [{ prefix: "photos/", keys: [] }, { prefix: "docs/", keys: [] }],
 * };
 * const sorted = sortSnapshot(snapshot);
 * if (sorted.objects[0]!.key !== "a.txt" || sorted.prefixes[0]!.prefix !== "docs/") {
 *   throw new Error("objects sort by key, prefixes by prefix");
 * }
 * ```
 *
 * @param snapshot The snapshot.
 * @returns The same facts, sorted.
 */
export function sortSnapshot(snapshot: BucketSnapshot): BucketSnapshot {
  return {
    ...snapshot,
    objects: [...snapshot.objects].sort((a, b) =>
      compareText(a.key, b.key) ||
      (a.version === null ? 0 : 1) - (b.version === null ? 0 : 1) ||
      compareText(a.version ?? "", b.version ?? "")
    ),
    prefixes: [...snapshot.prefixes].sort((a, b) =>
      compareText(a.prefix, b.prefix)
    ),
  };
}

/**
 * Writes a snapshot as JSON: the documented key order, sorted lists, two
 * spaces of indentation, LF-terminated. The same facts give the same bytes.
 *
 * @example Usage
 * ```ts
 * import { type BucketSnapshot, formatSnapshot, parseSnapshot } from "@osslinks/osslinks/check";
 *
 * const snapshot: BucketSnapshot = {
 *   osslinksSnapshot: 1, bucket: "examplebucket", takenAt: "2026-11-28T09:00:00.000Z",
 *   info: { creationDate: "2020-01-01T00:00:00.000Z", location: "oss-cn-hangzhou", acl: "private" },
 *   cors: "none", cnames: [], styles: [], referer: null, rawImageProcessing: "unknown",
 *   objects: [], prefixes: [{ prefix: "photos/", keys: ["photos/a.jpg"] }],
 * };
 * const text = formatSnapshot(snapshot);
 * // What `osslinks snapshot` saves, `osslinks check --snapshot` reads back.
 * if (formatSnapshot(parseSnapshot(text)) !== text || !text.endsWith("}\n")) {
 *   throw new Error("a formatted snapshot reads back to the same bytes");
 * }
 * ```
 *
 * @param snapshot The snapshot.
 * @returns The file's text.
 */
export function formatSnapshot(snapshot: BucketSnapshot): string {
  // The schema's output lists each object's fields in the schema's order.
  return JSON.stringify(snapshotSchema.parse(sortSnapshot(snapshot)), null, 2) +
    "\n";
}
