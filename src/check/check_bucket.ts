/**
 * `checkBucket`: the prerequisite checks of a manifest against a bucket's
 * snapshot, with every finding pointing at the manifest line that declared
 * what fails.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostic.ts";
import { optionLookup } from "../rules/effective.ts";
import type { ListFileResult } from "../rules/list_file.ts";
import type { Manifest } from "../manifest/types.ts";
import type { Finding } from "../rules/rule.ts";
import type { Locate } from "../yaml/load_yaml.ts";
import { type CheckLink, manifestLinks } from "./links.ts";
import type { CheckContext, CheckedLink, CheckRule } from "./rule.ts";
import { CHECK_RULES } from "./rules/mod.ts";
import type { BucketSnapshot, SnapshotObject } from "./snapshot_schema.ts";
import { FindingCollector } from "../rules/finding_collector.ts";

/** Options of {@linkcode checkBucket}. */
export interface CheckBucketOptions {
  /** The signing time. */
  readonly now: Date;
  /** Finds where a manifest path is written (from `validateManifest`). */
  readonly locate: Locate;
  /** The file name diagnostics carry. @default {"links.yaml"} */
  readonly file?: string;
  /** Each `list:` file's content, by the path written in the manifest. */
  readonly lists?: ReadonlyMap<string, ListFileResult> | undefined;
  /** The checks to run. @default {CHECK_RULES} */
  readonly rules?: readonly CheckRule[];
}

/** The outcome of {@linkcode checkBucket}. */
export interface CheckBucketResult {
  /** The findings, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  /** How many links the manifest makes. */
  readonly links: number;
  /** How many distinct objects (key and version) the links name. */
  readonly objects: number;
}

/**
 * A snapshot that does not hold the facts a manifest needs: another bucket,
 * or objects and prefixes added to the manifest after it was taken.
 *
 * @example Usage
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { checkBucket, parseSnapshot, SnapshotMismatchError } from "@osslinks/osslinks/check";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt}, {key: b.txt}]\n";
 * const { manifest, locate } = validateManifest(new TextEncoder().encode(text), { now });
 * // Saved before b.txt was added to the manifest.
 * const snapshot = parseSnapshot(JSON.stringify({
 *   osslinksSnapshot: 1, bucket: "examplebucket", takenAt: "2026-11-27T09:00:00Z",
 *   info: { creationDate: "2020-01-01T00:00:00Z", location: "oss-cn-hangzhou", acl: "private" },
 *   cors: "none", cnames: [], styles: [], referer: null, rawImageProcessing: "unknown",
 *   objects: [{ key: "a.txt", version: null, status: "no-such-key" }], prefixes: [],
 * }));
 * try {
 *   checkBucket(manifest!, snapshot, { now, locate: locate! });
 *   throw new Error("a snapshot without b.txt was used");
 * } catch (error) {
 *   if (!(error instanceof SnapshotMismatchError) || !error.message.includes("b.txt")) throw error;
 * }
 * ```
 */
export class SnapshotMismatchError extends Error {
  /**
   * Creates the error.
   *
   * @param message What the snapshot lacks.
   */
  constructor(message: string) {
    super(message);
    this.name = "SnapshotMismatchError";
  }
}

/**
 * The lookup key of a (key, version) pair in a snapshot.
 *
 * @param key The object key.
 * @param version The version id, or `null` for the current version.
 * @returns The key.
 */
function objectId(key: string, version: string | null): string {
  return `${key}\u0000${version ?? ""}\u0000${version === null ? 0 : 1}`;
}

function quoteSome(items: readonly string[]): string {
  const shown = items.slice(0, 3).map((item) => `"${item}"`).join(", ");
  return items.length > 3 ? `${shown} and ${items.length - 3} more` : shown;
}

function attach(
  manifest: Manifest,
  snapshot: BucketSnapshot,
  links: readonly CheckLink[],
): CheckedLink[] {
  if (snapshot.bucket !== manifest.bucket.name) {
    throw new SnapshotMismatchError(
      `The snapshot is of bucket "${snapshot.bucket}", the manifest of bucket "${manifest.bucket.name}"`,
    );
  }
  const listed = new Set(snapshot.prefixes.map((entry) => entry.prefix));
  const unlisted = [
    ...new Set(
      manifest.objects.flatMap((entry) =>
        entry.prefix !== undefined && !listed.has(entry.prefix)
          ? [entry.prefix]
          : []
      ),
    ),
  ];
  const objects = new Map<string, SnapshotObject>(
    snapshot.objects.map((object) => [
      objectId(object.key, object.version),
      object,
    ]),
  );
  const unknown: string[] = [];
  const checked: CheckedLink[] = [];
  for (const link of links) {
    const object = objects.get(objectId(link.plan.key, link.version));
    if (object === undefined) {
      unknown.push(
        link.version === null
          ? link.plan.key
          : `${link.plan.key}" version "${link.version}`,
      );
    } else checked.push({ ...link, object });
  }
  if (unlisted.length > 0 || unknown.length > 0) {
    const parts = [
      ...(unlisted.length > 0
        ? [`no listing of prefix ${quoteSome(unlisted)}`]
        : []),
      ...(unknown.length > 0
        ? [`no facts about object ${quoteSome([...new Set(unknown)])}`]
        : []),
    ];
    throw new SnapshotMismatchError(
      `The snapshot does not cover the manifest: ${parts.join("; ")}`,
    );
  }
  return checked;
}

/**
 * Runs the prerequisite checks of a manifest against a bucket snapshot.
 * The manifest must have passed `validateManifest` without errors.
 *
 * @example Usage
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { checkBucket, parseSnapshot } from "@osslinks/osslinks/check";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const validation = validateManifest(
 *   new TextEncoder().encode(
 *     "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt}]\n",
 *   ),
 *   { now },
 * );
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
 * const { diagnostics } = checkBucket(validation.manifest!, parseSnapshot(snapshotText), {
 *   now,
 *   locate: validation.locate!,
 * });
 * if (diagnostics[0]?.rule !== "object-missing") throw new Error("a.txt is missing");
 * ```
 *
 * @param manifest The validated manifest.
 * @param snapshot The bucket's state.
 * @param options The signing time, the manifest's positions, list files.
 * @returns The findings and how many links and objects were checked.
 * @throws {SnapshotMismatchError} When the snapshot is of another bucket or
 *   lacks facts about a link's object or a prefix.
 */
export function checkBucket(
  manifest: Manifest,
  snapshot: BucketSnapshot,
  options: CheckBucketOptions,
): CheckBucketResult {
  const file = options.file ?? "links.yaml";
  const prefixes = new Map(
    snapshot.prefixes.map((entry) => [entry.prefix, entry.keys]),
  );
  const planned = manifestLinks(manifest, {
    now: options.now,
    lists: options.lists,
    prefixes,
  });
  const links = attach(manifest, snapshot, planned.links);
  const collector = new FindingCollector({ file, locate: options.locate });
  const add = (
    rule: string,
    severity: Diagnostic["severity"],
    finding: Finding,
  ) => collector.add(rule, severity, finding);
  for (const finding of planned.findings) add(finding.rule, "error", finding);
  const lastExpiry = new Date(
    options.now.getTime() +
      1000 * links.reduce((most, link) => Math.max(most, link.plan.expires), 0),
  );
  for (const rule of options.rules ?? CHECK_RULES) {
    const context: CheckContext = {
      manifest,
      snapshot,
      now: options.now,
      links,
      lastExpiry,
      option: optionLookup(manifest),
      report: (finding) => add(rule.id, rule.severity, finding),
    };
    rule.check(context);
  }
  return {
    diagnostics: collector.sorted(),
    links: links.length,
    objects: new Set(links.map((link) => objectId(link.plan.key, link.version)))
      .size,
  };
}
