/**
 * `readBucket`: reads, through a {@linkcode BucketApi}, exactly the bucket
 * state the checks need, as a {@linkcode BucketSnapshot}: the bucket
 * configuration, a listing of each `prefix:`, HeadObject for every (key,
 * version) the links name (bounded concurrency; a second one where OSS's
 * forced download may hide the stored Content-Disposition), and a probe of
 * source-image protection when a link uses raw `image/` processing.
 * Transient failures are retried with backoff; a request that still fails
 * ends the read with a {@linkcode BucketReadError} naming it.
 *
 * @module
 */
import type { ListFileResult } from "../rules/list_file.ts";
import type { Manifest } from "../manifest/types.ts";
import { isForcedDownloadType } from "../oss/default_domain.ts";
import {
  type BucketApi,
  BucketRequestError,
  type HeadFacts,
} from "./bucket_api.ts";
import { type CheckLink, manifestLinks } from "./links.ts";
import { mapBounded } from "./pool.ts";
import { type RetryOptions, withRetry } from "./retry.ts";
import { sortSnapshot } from "./snapshot.ts";
import {
  type BucketSnapshot,
  type RawImageProcessing,
  SNAPSHOT_VERSION,
  type SnapshotObject,
} from "./snapshot_schema.ts";

/**
 * The default number of requests in flight.
 *
 * @example Usage
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { type BucketApi, DEFAULT_CONCURRENCY, listPrefixes } from "@osslinks/osslinks/check";
 *
 * // 20 prefixes to list, without a concurrency option: DEFAULT_CONCURRENCY run at once.
 * const entries = Array.from({ length: 20 }, (_, i) => `{prefix: p${i}/}`).join(", ");
 * const text = `version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [${entries}]\n`;
 * const { manifest } = validateManifest(new TextEncoder().encode(text), { now: new Date("2026-11-28T09:00:00Z") });
 * const running = { current: 0, most: 0 };
 * const unused = () => Promise.reject(new Error("not asked"));
 * const api: BucketApi = {
 *   bucketInfo: unused, cors: unused, cnames: unused, styles: unused, referer: unused, head: unused, probeRawProcessing: unused,
 *   listPage: async () => {
 *     running.most = Math.max(running.most, ++running.current);
 *     await new Promise((resolve) => setTimeout(resolve, 1));
 *     running.current--;
 *     return { keys: [], next: undefined };
 *   },
 * };
 * await listPrefixes(manifest!, api);
 * if (running.most !== DEFAULT_CONCURRENCY) throw new Error(`${running.most} listings at once`);
 * ```
 */
export const DEFAULT_CONCURRENCY = 8;

/** The most pages one prefix listing may take (10 million keys). */
const MAX_PAGES = 10_000;

/** Options of {@linkcode readBucket} and {@linkcode listPrefixes}. */
export interface ReadBucketOptions {
  /** The time recorded as `takenAt`, and the signing time for planning. */
  readonly now: Date;
  /** Each `list:` file's content, by the path written in the manifest. */
  readonly lists?: ReadonlyMap<string, ListFileResult> | undefined;
  /** The most requests in flight. @default {8} */
  readonly concurrency?: number | undefined;
  /** Retry attempts, backoff, sleep and randomness. */
  readonly retry?: RetryOptions | undefined;
}

/** What reading the bucket took. */
export interface ReadStats {
  /** Requests sent, retries included. */
  readonly requests: number;
  /** Retries after transient failures. */
  readonly retries: number;
}

/** The outcome of {@linkcode readBucket}. */
export interface ReadBucketResult {
  /** The bucket's state. */
  readonly snapshot: BucketSnapshot;
  /** Requests and retries. */
  readonly stats: ReadStats;
}

/** The outcome of {@linkcode listPrefixes}. */
export interface ListPrefixesResult {
  /** Each `prefix:`'s keys, by prefix. */
  readonly prefixes: ReadonlyMap<string, readonly string[]>;
  /** Requests and retries. */
  readonly stats: ReadStats;
}

/**
 * The bucket could not be read: a request failed for good.
 *
 * @example Usage
 * ```ts
 * import { BucketReadError, BucketRequestError, prefixLister } from "@osslinks/osslinks/check";
 * import type { BucketApi } from "@osslinks/osslinks/check";
 *
 * const denied = () => Promise.reject(new BucketRequestError("oss", "Access denied", { status: 403, code: "AccessDenied" }));
 * const api: BucketApi = {
 *   bucketInfo: denied, cors: denied, cnames: denied, styles: denied, referer: denied, head: denied,
 *   probeRawProcessing: denied, listPage: denied,
 * };
 * try {
 *   for await (const _page of prefixLister("examplebucket", api).list("photos/")) continue;
 *   throw new Error("the listing was read");
 * } catch (error) {
 *   if (!(error instanceof BucketReadError)) throw error;
 *   // A 403 is not retried: one attempt, and the message names the request.
 *   if (error.attempts !== 1 || !error.request.includes("photos/")) throw error;
 * }
 * ```
 */
export class BucketReadError extends Error {
  /** The bucket. */
  readonly bucket: string;
  /** The failed request, for example `GET ?cors` or `HEAD "a.txt"`. */
  readonly request: string;
  /** How many times it was tried. */
  readonly attempts: number;

  /**
   * Creates the error.
   *
   * @param bucket The bucket.
   * @param request The failed request.
   * @param attempts How many times it was tried.
   * @param cause The last failure.
   */
  constructor(
    bucket: string,
    request: string,
    attempts: number,
    cause: unknown,
  ) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      `Cannot read bucket "${bucket}": ${request} failed${
        attempts > 1 ? ` after ${attempts} attempts` : ""
      }: ${detail}`,
      { cause },
    );
    this.name = "BucketReadError";
    this.bucket = bucket;
    this.request = request;
    this.attempts = attempts;
  }
}

function isRetryable(error: unknown): boolean {
  return error instanceof BucketRequestError && error.retryable;
}

/** Sends requests with retries, counting them. */
class Requester {
  readonly bucket: string;
  readonly #retry: RetryOptions;
  requests = 0;
  retries = 0;

  constructor(bucket: string, retry: RetryOptions) {
    this.bucket = bucket;
    this.#retry = retry;
  }

  async send<T>(request: string, run: () => Promise<T>): Promise<T> {
    let attempts = 0;
    try {
      return await withRetry(() => {
        attempts++;
        this.requests++;
        return run();
      }, {
        ...this.#retry,
        retryable: isRetryable,
        onRetry: () => {
          this.retries++;
        },
      });
    } catch (error) {
      throw new BucketReadError(this.bucket, request, attempts, error);
    }
  }

  get stats(): ReadStats {
    return { requests: this.requests, retries: this.retries };
  }
}

function manifestPrefixes(manifest: Manifest): string[] {
  return [
    ...new Set(
      manifest.objects.flatMap((entry) =>
        entry.prefix === undefined ? [] : [entry.prefix]
      ),
    ),
  ];
}

/**
 * One `prefix:` listing, a page (up to 1,000 keys) at a time, following
 * continuation tokens; the next page is asked for while the caller takes
 * this one.
 */
async function* listPrefixPages(
  api: BucketApi,
  requester: Requester,
  prefix: string,
): AsyncGenerator<readonly string[]> {
  const seen = new Set<string>();
  const fetchPage = (page: number, token: string | undefined) => {
    const request = `GET ?list-type=2 prefix "${prefix}"${
      page > 1 ? ` page ${page}` : ""
    }`;
    const result = page > MAX_PAGES
      ? Promise.reject(
        new BucketReadError(
          requester.bucket,
          request,
          1,
          new Error(`more than ${MAX_PAGES} pages`),
        ),
      )
      : requester.send(request, () => api.listPage(prefix, token));
    // A page asked for ahead and then not wanted fails unheard.
    result.catch(() => {});
    return { request, result };
  };
  let page = 1;
  let pending = fetchPage(page, undefined);
  for (;;) {
    const result = await pending.result;
    if (result.next !== undefined) {
      if (seen.has(result.next)) {
        throw new BucketReadError(
          requester.bucket,
          pending.request,
          1,
          new Error("the listing repeats a continuation token"),
        );
      }
      seen.add(result.next);
      pending = fetchPage(++page, result.next);
    }
    yield result.keys;
    if (result.next === undefined) return;
  }
}

async function listPrefix(
  api: BucketApi,
  requester: Requester,
  prefix: string,
): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of listPrefixPages(api, requester, prefix)) {
    keys.push(...page);
  }
  return keys;
}

/** Lists `prefix:` entries page by page: see {@linkcode prefixLister}. */
export interface PrefixLister {
  /**
   * Lists one prefix, a page of keys (up to 1,000, in key order) at a
   * time; each call lists it again.
   *
   * @throws {BucketReadError} When a listing request fails for good.
   */
  list(prefix: string): AsyncIterable<readonly string[]>;
  /** The requests and retries so far. */
  stats(): ReadStats;
}

/**
 * Lists `prefix:` entries page by page (ListObjectsV2 with continuation
 * tokens) as they are consumed, for `sign --live`: no listing is held
 * whole, so memory does not grow with the number of keys. Each page is
 * retried as {@linkcode readBucket}'s requests are, and the next page is
 * asked for while the current one is used.
 *
 * @example Usage
 * ```ts
 * import { type BucketApi, prefixLister } from "@osslinks/osslinks/check";
 *
 * // Two pages: a.jpg, then b.jpg after the continuation token "t1".
 * const unused = () => Promise.reject(new Error("not asked"));
 * const api: BucketApi = {
 *   bucketInfo: unused, cors: unused, cnames: unused, styles: unused, referer: unused, head: unused,
 *   probeRawProcessing: unused,
 *   listPage: (prefix, token) =>
 *     Promise.resolve(token === undefined ? { keys: [`${prefix}a.jpg`], next: "t1" } : { keys: [`${prefix}b.jpg`], next: undefined }),
 * };
 * const lister = prefixLister("examplebucket", api);
 * const pages: string[][] = [];
 * for await (const page of lister.list("photos/")) pages.push([...page]);
 * if (pages.length !== 2 || pages[1]![0] !== "photos/b.jpg" || lister.stats().requests !== 2) {
 *   throw new Error(JSON.stringify(pages));
 * }
 * ```
 *
 * @param bucket The bucket's name, for error messages.
 * @param api The bucket.
 * @param options Retries.
 * @returns The lister.
 */
export function prefixLister(
  bucket: string,
  api: BucketApi,
  options: { readonly retry?: RetryOptions | undefined } = {},
): PrefixLister {
  const requester = new Requester(bucket, options.retry ?? {});
  return {
    list: (prefix) => listPrefixPages(api, requester, prefix),
    stats: () => requester.stats,
  };
}

function describeHead(key: string, version: string | null): string {
  return `HEAD "${key}"${version === null ? "" : ` versionId "${version}"`}`;
}

/**
 * The type the second HEAD asks OSS to answer with: one it does not force
 * to download, so that the stored `Content-Disposition` shows.
 */
const UNFORCED_TYPE = "application/octet-stream";

function isAttachment(disposition: string | null): boolean {
  return /^\s*attachment\b/i.test(disposition ?? "");
}

/**
 * Whether a HEAD answer may carry the attachment OSS forces on its default
 * domain rather than the stored disposition: it says so
 * (`x-oss-force-download`), or it is an attachment of a type OSS forces
 * (in case OSS forces HEAD answers without saying so).
 */
function mayBeForced(facts: HeadFacts): boolean {
  return facts.forcedDownload === true ||
    (isAttachment(facts.contentDisposition) &&
      isForcedDownloadType(facts.contentType ?? "", true));
}

/**
 * HEADs one object and finds its stored `Content-Disposition`. On its
 * default domain OSS replaces the stored disposition of the types it
 * forces to download (images, web pages) with `attachment`; a second HEAD
 * with a signed `response-content-type` of a type it does not force shows
 * the stored one. This assumes OSS decides the forced download on the
 * response's type, after the override, as the emulator does (UNCONFIRMED).
 * When OSS still forces it, a disposition other than the bare `attachment`
 * OSS forces is the stored one; a bare `attachment` is recorded as hidden.
 */
async function headObject(
  api: BucketApi,
  requester: Requester,
  key: string,
  version: string | null,
): Promise<SnapshotObject | "not-found"> {
  const facts = await requester.send(
    describeHead(key, version),
    () => api.head(key, version),
  );
  if (facts === "not-found") return facts;
  const found = {
    key,
    version,
    status: "found" as const,
    contentType: facts.contentType,
    size: facts.size,
    versionId: facts.versionId,
  };
  if (!mayBeForced(facts)) {
    return { ...found, contentDisposition: facts.contentDisposition };
  }
  const unforced = await requester.send(
    `${describeHead(key, version)} response-content-type=${UNFORCED_TYPE}`,
    () => api.head(key, version, { responseContentType: UNFORCED_TYPE }),
  );
  if (unforced !== "not-found" && unforced.forcedDownload !== true) {
    return { ...found, contentDisposition: unforced.contentDisposition };
  }
  const shown = facts.contentDisposition;
  return shown !== null && !/^\s*attachment\s*;?\s*$/i.test(shown)
    ? { ...found, contentDisposition: shown }
    : { ...found, contentDisposition: null, contentDispositionHidden: true };
}

/** Picks the object to probe source-image protection with, if any link needs it. */
function probeTarget(
  links: readonly CheckLink[],
  found: ReadonlyMap<string, SnapshotObject>,
): string | undefined {
  const raw = links.filter((link) =>
    link.plan.process?.startsWith("image/") === true
  );
  if (raw.length === 0) return undefined;
  const exists = (link: CheckLink) =>
    found.get(`${link.plan.key}\u0000${link.version ?? ""}`)?.status ===
      "found";
  const candidates = raw.filter(exists);
  const image = candidates.find((link) => {
    const object = found.get(`${link.plan.key}\u0000${link.version ?? ""}`);
    return object?.status === "found" &&
      (object.contentType ?? "").startsWith("image/");
  });
  return (image ?? candidates[0])?.plan.key;
}

/**
 * Lists every `prefix:` entry of a manifest (for `sign --live`).
 *
 * @example Usage
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { type BucketApi, listPrefixes } from "@osslinks/osslinks/check";
 *
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{prefix: photos/}]\n";
 * const { manifest } = validateManifest(new TextEncoder().encode(text), { now: new Date("2026-11-28T09:00:00Z") });
 * const keys = new Map([["photos/", ["photos/a.jpg", "photos/b.jpg"]]]);
 * const unused = () => Promise.reject(new Error("not asked"));
 * const api: BucketApi = {
 *   bucketInfo: unused, cors: unused, cnames: unused, styles: unused, referer: unused, head: unused,
 *   probeRawProcessing: unused,
 *   listPage: (prefix) => Promise.resolve({ keys: keys.get(prefix) ?? [], next: undefined }),
 * };
 * const { prefixes, stats } = await listPrefixes(manifest!, api);
 * if (prefixes.get("photos/")?.length !== 2 || stats.requests !== 1) {
 *   throw new Error(JSON.stringify([...prefixes]));
 * }
 * ```
 *
 * @param manifest The validated manifest.
 * @param api The bucket.
 * @param options Concurrency and retries.
 * @returns The keys under each prefix.
 * @throws {BucketReadError} When a listing request fails for good.
 */
export async function listPrefixes(
  manifest: Manifest,
  api: BucketApi,
  options: Omit<ReadBucketOptions, "now" | "lists"> = {},
): Promise<ListPrefixesResult> {
  const requester = new Requester(manifest.bucket.name, options.retry ?? {});
  const prefixes = manifestPrefixes(manifest);
  const listed = await mapBounded(
    prefixes,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    (prefix) => listPrefix(api, requester, prefix),
  );
  return {
    prefixes: new Map(prefixes.map((prefix, i) => [prefix, listed[i]!])),
    stats: requester.stats,
  };
}

/**
 * Reads a bucket's state for a manifest's checks.
 *
 * @example Usage
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { createAliOssBucketApi, readBucket } from "@osslinks/osslinks/check";
 * import {
 *   parseEmulatorConfig,
 *   startEmulator,
 * } from "@osslinks/osslinks/emulator";
 *
 * const credentials = { accessKeyId: "LTAI5tExample", accessKeySecret: "example-secret" };
 * const config = await parseEmulatorConfig({
 *   buckets: [{
 *     name: "examplebucket",
 *     region: "cn-hangzhou",
 *     credentials: [credentials],
 *     objects: [{ key: "a.txt", content: "hello" }],
 *   }],
 * });
 * await using emulator = await startEmulator({ config });
 * const { manifest } = validateManifest(
 *   new TextEncoder().encode(
 *     "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt}]\n",
 *   ),
 * );
 * const api = await createAliOssBucketApi({
 *   bucket: manifest!.bucket,
 *   credentials,
 *   endpoint: emulator.origin,
 * });
 * const { snapshot } = await readBucket(manifest!, api, { now: new Date() });
 * if (snapshot.objects[0]?.status !== "found") throw new Error("a.txt is there");
 * ```
 *
 * @param manifest The validated manifest.
 * @param api The bucket.
 * @param options The time, list files, concurrency and retries.
 * @returns The snapshot and the request counts.
 * @throws {BucketReadError} When a request fails for good.
 */
export async function readBucket(
  manifest: Manifest,
  api: BucketApi,
  options: ReadBucketOptions,
): Promise<ReadBucketResult> {
  const bucket = manifest.bucket.name;
  const requester = new Requester(bucket, options.retry ?? {});
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const config: {
    -readonly [K in "info" | "cors" | "cnames" | "styles" | "referer"]?:
      BucketSnapshot[K];
  } = {};
  const prefixNames = manifestPrefixes(manifest);
  const prefixes = new Map<string, readonly string[]>();
  const tasks: (() => Promise<void>)[] = [
    async () => {
      config.info = await requester.send(
        "GET ?bucketInfo",
        () => api.bucketInfo(),
      );
    },
    async () => {
      config.cors = await requester.send("GET ?cors", () => api.cors());
    },
    async () => {
      config.cnames = await requester.send("GET ?cname", () => api.cnames());
    },
    async () => {
      config.styles = await requester.send("GET ?style", () => api.styles());
    },
    async () => {
      config.referer = await requester.send(
        "GET ?referer",
        () => api.referer(),
      );
    },
    ...prefixNames.map((prefix) => async () => {
      prefixes.set(prefix, await listPrefix(api, requester, prefix));
    }),
  ];
  await mapBounded(tasks, concurrency, (task) => task());
  const { links } = manifestLinks(manifest, {
    now: options.now,
    lists: options.lists,
    prefixes,
  });
  const pairs = new Map<string, { key: string; version: string | null }>();
  for (const link of links) {
    pairs.set(`${link.plan.key}\u0000${link.version ?? ""}`, {
      key: link.plan.key,
      version: link.version,
    });
  }
  const heads = await mapBounded(
    [...pairs.values()],
    concurrency,
    async ({ key, version }): Promise<SnapshotObject> => {
      const object = await headObject(api, requester, key, version);
      if (object !== "not-found") return object;
      if (version === null) return { key, version, status: "no-such-key" };
      const current = await requester.send(
        describeHead(key, null),
        () => api.head(key, null),
      );
      return {
        key,
        version,
        status: current === "not-found" ? "no-such-key" : "no-such-version",
      };
    },
  );
  const objects = new Map(
    heads.map((object) => [
      `${object.key}\u0000${object.version ?? ""}`,
      object,
    ]),
  );
  const target = probeTarget(links, objects);
  const rawImageProcessing: RawImageProcessing = target === undefined
    ? "unknown"
    : await requester.send(
      `GET "${target}" x-oss-process=image/info`,
      () => api.probeRawProcessing(target),
    );
  const snapshot = sortSnapshot({
    osslinksSnapshot: SNAPSHOT_VERSION,
    bucket,
    takenAt: options.now.toISOString(),
    info: config.info!,
    cors: config.cors!,
    cnames: config.cnames!,
    styles: config.styles!,
    referer: config.referer ?? null,
    objects: heads,
    prefixes: prefixNames.map((prefix) => ({
      prefix,
      keys: prefixes.get(prefix) ?? [],
    })),
    rawImageProcessing,
  });
  return { snapshot, stats: requester.stats };
}
