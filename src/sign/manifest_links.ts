/**
 * A manifest's links as a stream: entries expanded (`list:` files read line
 * by line, `prefix:` listings), checked in one streaming pass (list lines,
 * duplicate ids) and then planned and signed in a second, so that memory does
 * not grow with the number of links. Links come in manifest order: entries in
 * order, each `list:` file in file order, each listing in key order.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostic.ts";
import { effectiveOptions } from "../rules/effective.ts";
import {
  isNdjsonList,
  type ListedObject,
  parseListLine,
} from "../rules/list_file.ts";
import type { RuleFinding } from "../rules/structure.ts";
import type { LinkOptions, Manifest } from "../manifest/types.ts";
import type { SignedLink } from "../link.ts";
import { missingPermissionOf } from "../io/missing_permission.ts";
import { textLineBatches } from "../io/text_lines.ts";
import { fingerprint, IdFingerprints } from "./id_set.ts";
import { type LinkPlan, planOne } from "./plan.ts";
import { signingTime } from "../oss/signing_time.ts";
import { signLinkBatches, type SignLinksOptions } from "./sign_links.ts";

/** The most links a batch of a `prefix:` listing holds. */
const BATCH = 4096;

/** Reads a `list:` file's bytes, by the path the manifest writes. */
export type ListReader = (
  path: string,
) => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Where the links of a manifest come from besides the manifest. */
export interface ManifestLinkSources {
  /** Reads `list:` files. Without it, a `list:` entry is a finding. */
  readonly readList?: ListReader;
  /**
   * The message of the `list-unreadable` finding for a list file `readList`
   * could not read. @default {`Cannot read list file "<path>": <error message>`}
   */
  readonly describeListError?: (path: string, error: unknown) => string;
  /** Each `prefix:`'s keys from a bucket listing, by prefix. */
  readonly prefixes?: ReadonlyMap<string, readonly string[]>;
  /**
   * Lists a `prefix:` page by page, in key order, for a prefix not in
   * `prefixes`; called again on each pass (the scan, then the signing), so
   * that no listing is held whole.
   */
  readonly listPrefix?: (prefix: string) => AsyncIterable<readonly string[]>;
}

/** A part of a batch: the `index`-th of `count` (1-based), see {@linkcode shardRange}. */
export interface Shard {
  /** Which part, from 1 to `count`. */
  readonly index: number;
  /** How many parts. */
  readonly count: number;
}

/** Options of {@linkcode scanManifestLinks}. */
export interface ScanOptions extends ManifestLinkSources {
  /** The most list-file problems reported one by one. @default {100} */
  readonly maxListProblems?: number;
}

/** The outcome of {@linkcode scanManifestLinks}. */
export interface ScanResult {
  /** How many links the manifest gives. */
  readonly total: number;
  /** Problems at manifest paths (duplicate ids, unread lists, prefixes). */
  readonly findings: readonly RuleFinding[];
  /** Problems at lines of list files. */
  readonly listProblems: readonly Diagnostic[];
  /** List-file problems beyond `maxListProblems`, counted, not listed. */
  readonly omittedListProblems: number;
  /** How many of the omitted problems are errors (the rest are warnings). */
  readonly omittedListErrors: number;
}

/** One link of a manifest before planning: what {@linkcode planOne} takes. */
export interface LinkEntry {
  readonly index: number;
  readonly idField: string;
  readonly key: string;
  readonly id: string;
  readonly options: LinkOptions;
}

/**
 * What a pass over the entries reports besides the entries. Without
 * `finding`, a list that cannot be read throws (the signing pass: what the
 * scan read must still be there).
 */
interface EntryEvents {
  listProblem?(diagnostic: Diagnostic): void;
  finding?(finding: RuleFinding): void;
}

function describeListError(path: string, error: unknown): string {
  return `Cannot read list file "${path}": ${
    error instanceof Error ? error.message : String(error)
  }`;
}

async function* listObjects(
  read: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  file: string,
  onProblem: (diagnostic: Diagnostic) => void,
): AsyncGenerator<ListedObject[]> {
  let ndjson: boolean | undefined;
  for await (const lines of textLineBatches(read())) {
    const objects: ListedObject[] = [];
    for (const line of lines) {
      if (ndjson === undefined) {
        if (line.text.trim() === "") continue;
        ndjson = isNdjsonList(line.text);
      }
      const parsed = parseListLine(line.text, ndjson, {
        file,
        line: line.number,
        offset: line.offset,
      });
      if (parsed.kind === "object") {
        objects.push(parsed.object);
        if (parsed.warning !== undefined) onProblem(parsed.warning);
      } else if (parsed.kind === "problem") onProblem(parsed.diagnostic);
    }
    if (objects.length > 0) yield objects;
  }
}

/**
 * The manifest's links before planning, in order, a batch at a time (a
 * `list:` file's lines come a read chunk at a time).
 */
async function* entries(
  manifest: Manifest,
  sources: ManifestLinkSources,
  events: EntryEvents,
): AsyncGenerator<LinkEntry[]> {
  for (const [index, entry] of manifest.objects.entries()) {
    const options = effectiveOptions(manifest, index);
    if (entry.key !== undefined) {
      yield [{
        index,
        idField: entry.id !== undefined ? "id" : "key",
        key: entry.key,
        id: entry.id ?? entry.key,
        options,
      }];
    } else if (entry.list !== undefined) {
      if (sources.readList === undefined) {
        events.finding?.({
          rule: "list-unreadable",
          path: ["objects", index, "list"],
          message: `List file "${entry.list}" was not read`,
        });
        continue;
      }
      const { readList } = sources;
      const list = entry.list;
      const objects = listObjects(
        () => readList(list),
        entry.list,
        (diagnostic) => events.listProblem?.(diagnostic),
      );
      for (;;) {
        let next: IteratorResult<ListedObject[]>;
        try {
          next = await objects.next();
        } catch (error) {
          // A refused permission is the run's problem, not the manifest's.
          const missing = missingPermissionOf(error);
          if (missing !== undefined) throw missing;
          if (events.finding === undefined) throw error;
          events.finding({
            rule: "list-unreadable",
            path: ["objects", index, "list"],
            message: (sources.describeListError ?? describeListError)(
              entry.list,
              error,
            ),
          });
          break;
        }
        if (next.done) break;
        yield next.value.map((object) => ({
          index,
          idField: "list",
          key: object.key,
          id: object.id ?? object.key,
          options: object.filename === undefined &&
              object.disposition === undefined
            ? options
            : {
              ...options,
              ...(object.filename !== undefined
                ? { filename: object.filename }
                : {}),
              ...(object.disposition !== undefined
                ? { disposition: object.disposition }
                : {}),
            },
        }));
      }
    } else if (entry.prefix !== undefined) {
      const keys = sources.prefixes?.get(entry.prefix);
      const pages = keys === undefined
        ? sources.listPrefix?.(entry.prefix)
        : [keys];
      if (pages === undefined) {
        events.finding?.({
          rule: "prefix-needs-listing",
          path: ["objects", index, "prefix"],
          message: `Prefix "${entry.prefix}" needs a bucket listing to expand`,
          hint:
            "sign with --live to list the bucket, or name the keys with key: or list:",
        });
        continue;
      }
      for await (const page of pages) {
        for (let at = 0; at < page.length; at += BATCH) {
          yield page.slice(at, at + BATCH).map((key) => ({
            index,
            idField: "prefix",
            key,
            id: key,
            options,
          }));
        }
      }
    }
  }
}

/**
 * Checks what only the expanded links show, streaming: every `list:` line,
 * unreadable lists, unlisted prefixes and duplicate ids. Memory stays flat:
 * ids are held as 8-byte fingerprints, and only ids whose fingerprint repeats
 * are compared exactly, in a second pass that runs only then.
 *
 * @example Usage
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { scanManifestLinks } from "@osslinks/osslinks/sign";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\n" +
 *   "objects: [{key: a.txt}, {list: keys.txt}]\n";
 * const { manifest } = validateManifest(new TextEncoder().encode(text), { now });
 * if (manifest === undefined) throw new Error("the manifest is valid");
 * const readList = () => [new TextEncoder().encode("b.txt\na.txt\n")];
 * const scan = await scanManifestLinks(manifest, { readList });
 * if (scan.total !== 3 || scan.findings[0]?.rule !== "duplicate-id") {
 *   throw new Error("3 links, and a.txt twice");
 * }
 * ```
 *
 * @param manifest The validated manifest.
 * @param options How to read lists and listings; how many list problems to
 *   report one by one.
 * @returns The number of links and the problems found.
 * @throws {MissingPermissionError} When reading a list file is refused (an
 *   unreadable or non-UTF-8 list is a `list-unreadable` finding instead).
 */
export async function scanManifestLinks(
  manifest: Manifest,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const maxListProblems = options.maxListProblems ?? 100;
  const findings: RuleFinding[] = [];
  const listProblems: Diagnostic[] = [];
  let omitted = 0;
  let omittedErrors = 0;
  const fingerprints = new IdFingerprints();
  let total = 0;
  const events: EntryEvents = {
    listProblem: (diagnostic) => {
      if (listProblems.length < maxListProblems) listProblems.push(diagnostic);
      else {
        omitted++;
        if (diagnostic.severity === "error") omittedErrors++;
      }
    },
    finding: (finding) => findings.push(finding),
  };
  for await (const batch of entries(manifest, options, events)) {
    total += batch.length;
    for (const entry of batch) fingerprints.add(entry.id);
  }
  const repeated = fingerprints.repeated();
  if (repeated.size > 0) {
    findings.push(...await duplicateIds(manifest, options, repeated));
  }
  return {
    total,
    findings,
    listProblems,
    omittedListProblems: omitted,
    omittedListErrors: omittedErrors,
  };
}

/** The exact duplicate-id findings among the ids whose fingerprints repeat. */
async function duplicateIds(
  manifest: Manifest,
  sources: ManifestLinkSources,
  repeated: ReadonlySet<number>,
): Promise<RuleFinding[]> {
  const first = new Map<string, number>();
  const findings: RuleFinding[] = [];
  // The scan has reported what cannot be read; here it is only skipped.
  const skip: EntryEvents = { finding: () => {} };
  for await (const batch of entries(manifest, sources, skip)) {
    for (const entry of batch) {
      if (!repeated.has(fingerprint(entry.id))) continue;
      const earlier = first.get(entry.id);
      if (earlier === undefined) {
        first.set(entry.id, entry.index);
        continue;
      }
      findings.push({
        rule: "duplicate-id",
        path: ["objects", entry.index, entry.idField],
        message:
          `Duplicate link id "${entry.id}": objects[${earlier}] has it too`,
      });
    }
  }
  return findings;
}

/**
 * The links of part `shard.index` of `shard.count` of a batch of `total`:
 * contiguous, in order, and together exactly the whole batch, so that the
 * parts' NDJSON concatenated in part order is the whole batch's byte for
 * byte. The same manifest, lists and listing give the same parts on every
 * machine.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { shardRange } from "@osslinks/osslinks/sign";
 *
 * assert.deepEqual(shardRange(10, { index: 1, count: 3 }), { start: 0, end: 3 });
 * assert.deepEqual(shardRange(10, { index: 3, count: 3 }), { start: 6, end: 10 });
 * ```
 *
 * @param total How many links the whole batch has.
 * @param shard Which part.
 * @returns The 0-based range `[start, end)` of the part's links.
 */
export function shardRange(
  total: number,
  shard: Shard,
): { start: number; end: number } {
  return {
    start: Math.floor(((shard.index - 1) * total) / shard.count),
    end: Math.floor((shard.index * total) / shard.count),
  };
}

/** Options of {@linkcode manifestLinks}. */
export interface ManifestLinksOptions
  extends ManifestLinkSources, Omit<SignLinksOptions, "bucket"> {
  /** Sign only this part; needs `total`. */
  readonly shard?: Shard | undefined;
  /** The number of links {@linkcode scanManifestLinks} counted (for `shard`). */
  readonly total?: number | undefined;
}

/**
 * A checked manifest's links before planning, a batch at a time, in
 * manifest order, only those of `options.shard` when it is set: what the
 * signing pass plans and signs (here, or in workers).
 *
 * @param manifest The validated manifest.
 * @param options Sources, and the shard with the scan's total.
 * @returns The entries, in batches.
 */
export async function* linkEntryBatches(
  manifest: Manifest,
  options: ManifestLinkSources & {
    readonly shard?: Shard | undefined;
    readonly total?: number | undefined;
  },
): AsyncGenerator<LinkEntry[]> {
  const range = options.shard === undefined
    ? { start: 0, end: Infinity }
    : shardRange(options.total ?? 0, options.shard);
  let position = 0;
  for await (const batch of entries(manifest, options, {})) {
    const from = Math.max(0, range.start - position);
    const to = Math.min(batch.length, range.end - position);
    position += batch.length;
    if (from < to) {
      yield from === 0 && to === batch.length ? batch : batch.slice(from, to);
    }
    if (position >= range.end) return;
  }
}

/**
 * Plans a batch of entries.
 *
 * @param batch The entries.
 * @param now The signing time.
 * @returns The plans, in order.
 */
export function planEntries(
  batch: readonly LinkEntry[],
  now: Date,
): LinkPlan[] {
  const at = signingTime(now);
  return batch.map((entry) => planOne(entry.key, entry.id, entry.options, at));
}

async function* planBatches(
  manifest: Manifest,
  options: ManifestLinksOptions,
): AsyncGenerator<LinkPlan[]> {
  for await (const batch of linkEntryBatches(manifest, options)) {
    yield planEntries(batch, options.signedAt);
  }
}

/**
 * Signs a checked manifest's links a batch at a time, in manifest order (see
 * the module doc), reading `list:` files again as it goes: nothing holds
 * every link. Run {@linkcode scanManifestLinks} first; this pass skips what
 * that one reports.
 *
 * @example Usage
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { manifestLinkBatches } from "@osslinks/osslinks/sign";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\n" +
 *   "objects: [{key: a.txt}, {list: keys.txt}]\n";
 * const { manifest } = validateManifest(new TextEncoder().encode(text), { now });
 * if (manifest === undefined) throw new Error("the manifest is valid");
 * const credentials = { accessKeyId: "AKID", accessKeySecret: "secret" };
 * const readList = () => [new TextEncoder().encode("b.txt\nc.txt\n")];
 * const ids: string[][] = [];
 * const options = { readList, credentials, signedAt: now };
 * for await (const links of manifestLinkBatches(manifest, options)) {
 *   ids.push(links.map((link) => link.id));
 * }
 * if (JSON.stringify(ids) !== '[["a.txt"],["b.txt","c.txt"]]') {
 *   throw new Error(JSON.stringify(ids));
 * }
 * ```
 *
 * @param manifest The validated manifest.
 * @param options Credentials, signing time, signer, sources and shard.
 * @returns The signed links, in batches of up to a read chunk's lines.
 */
export function manifestLinkBatches(
  manifest: Manifest,
  options: ManifestLinksOptions,
): AsyncGenerator<SignedLink[]> {
  return signLinkBatches(planBatches(manifest, options), {
    ...options,
    bucket: manifest.bucket,
  });
}

/**
 * Signs a checked manifest's links one by one: {@linkcode manifestLinkBatches}
 * a link at a time.
 *
 * @example Sign the second of two shards
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { manifestLinks, scanManifestLinks } from "@osslinks/osslinks/sign";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\n" +
 *   "objects: [{key: a.txt}, {list: keys.txt}]\n";
 * const { manifest } = validateManifest(new TextEncoder().encode(text), { now });
 * if (manifest === undefined) throw new Error("the manifest is valid");
 * const credentials = { accessKeyId: "AKID", accessKeySecret: "secret" };
 * const readList = () => [new TextEncoder().encode("b.txt\nc.txt\n")];
 * const { total } = await scanManifestLinks(manifest, { readList });
 * const shard = { index: 2, count: 2 };
 * const options = { readList, credentials, signedAt: now, shard, total };
 * const ids: string[] = [];
 * for await (const link of manifestLinks(manifest, options)) {
 *   ids.push(link.id);
 * }
 * if (ids.join() !== "b.txt,c.txt") throw new Error(ids.join());
 * ```
 *
 * @param manifest The validated manifest.
 * @param options Credentials, signing time, signer, sources and shard.
 * @returns The signed links.
 */
export async function* manifestLinks(
  manifest: Manifest,
  options: ManifestLinksOptions,
): AsyncGenerator<SignedLink> {
  for await (const batch of manifestLinkBatches(manifest, options)) {
    yield* batch;
  }
}
