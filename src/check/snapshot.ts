/**
 * The bucket-state snapshot: exactly the facts the prerequisite checks read,
 * saved by `osslinks snapshot` and read back by `osslinks check --snapshot`
 * so that CI can check without credentials. The format is versioned and
 * documented in `docs/snapshot.md`; it is JSON (YAML is accepted on input).
 *
 * @module
 */
import { CORE_SCHEMA, load } from "npm:js-yaml@5.5.0";
import { z } from "npm:zod@4.6.7";

/** The snapshot format version this code writes and reads. */
export const SNAPSHOT_VERSION = 1;

/** A bucket's ACL, from GetBucketInfo. */
export type SnapshotAcl = "private" | "public-read" | "public-read-write";

/** GetBucketInfo facts. */
export interface SnapshotBucketInfo {
  /** When the bucket was created, ISO 8601 (forced-download cutoff). */
  readonly creationDate: string;
  /** The region, in OSS's `oss-<region>` form. */
  readonly location: string;
  /** The bucket ACL. */
  readonly acl: SnapshotAcl;
}

/** One CORS rule, in the bucket's order. */
export interface SnapshotCorsRule {
  /** `AllowedOrigin` patterns (at most one `*` each). */
  readonly allowedOrigins: readonly string[];
  /** `AllowedMethod` values, upper case. */
  readonly allowedMethods: readonly string[];
  /** `AllowedHeader` patterns (at most one `*` each, case-insensitive). */
  readonly allowedHeaders: readonly string[];
  /** `ExposeHeader` names. */
  readonly exposeHeaders: readonly string[];
  /** `MaxAgeSeconds`, when set. */
  readonly maxAgeSeconds?: number | undefined;
}

/** GetBucketCors facts. */
export interface SnapshotCors {
  /** `ResponseVary`: whether every response carries `Vary: Origin`. */
  readonly responseVary: boolean;
  /** The rules; the first that matches a request wins. */
  readonly rules: readonly SnapshotCorsRule[];
}

/** The HTTPS certificate of a bound domain (ListCname). */
export interface SnapshotCertificate {
  /** `CAS` or `Upload`. */
  readonly type: string;
  /** The certificate id. */
  readonly certId: string;
  /** `Enabled` or `Disabled`. */
  readonly status: string;
  /** `ValidStartDate` as ISO 8601, or `null` when OSS gave none. */
  readonly validStartDate: string | null;
  /** `ValidEndDate` as ISO 8601, or `null` when OSS gave none. */
  readonly validEndDate: string | null;
}

/** A custom domain bound to the bucket (ListCname). */
export interface SnapshotCname {
  /** The domain, lower case. */
  readonly domain: string;
  /** `Enabled` or `Disabled`. */
  readonly status: string;
  /** The HTTPS certificate, or `null` when none is bound. */
  readonly certificate: SnapshotCertificate | null;
}

/** GetBucketReferer facts (hotlink protection). */
export interface SnapshotReferer {
  /** Whether a request without a Referer is allowed. */
  readonly allowEmptyReferer: boolean;
  /** Whether the query string is cut off the Referer before matching. */
  readonly allowTruncateQueryString: boolean;
  /** Whether the path is cut off the Referer before matching. */
  readonly truncatePath: boolean;
  /** The whitelist (`*` and `?` wildcards); empty allows every Referer. */
  readonly refererList: readonly string[];
  /** The blacklist, checked first. */
  readonly refererBlacklist: readonly string[];
}

/** HeadObject facts about an object that exists. */
export interface SnapshotFoundObject {
  /** The key. */
  readonly key: string;
  /** The version the manifest asks for, or `null` for the current one. */
  readonly version: string | null;
  /** Found. */
  readonly status: "found";
  /** The stored `Content-Type`, or `null`. */
  readonly contentType: string | null;
  /** The stored `Content-Disposition`, or `null`. */
  readonly contentDisposition: string | null;
  /**
   * `true` when OSS forced a download on every HeadObject, so the stored
   * `Content-Disposition` could not be read (`contentDisposition` is then
   * `null`). Absent otherwise.
   */
  readonly contentDispositionHidden?: true | undefined;
  /** The size in bytes, or `null` when OSS did not say. */
  readonly size: number | null;
  /** `x-oss-version-id`, or `null` for an unversioned object. */
  readonly versionId: string | null;
}

/** HeadObject facts about an object or version that does not exist. */
export interface SnapshotMissingObject {
  /** The key. */
  readonly key: string;
  /** The version the manifest asks for, or `null` for the current one. */
  readonly version: string | null;
  /** `no-such-key`, or `no-such-version` when the key exists but not that version. */
  readonly status: "no-such-key" | "no-such-version";
}

/** What HeadObject said about one (key, version) the manifest names. */
export type SnapshotObject = SnapshotFoundObject | SnapshotMissingObject;

/** The keys under one `prefix:` entry (ListObjectsV2). */
export interface SnapshotPrefix {
  /** The prefix. */
  readonly prefix: string;
  /** Every key under it, in listing (UTF-8 byte) order. */
  readonly keys: readonly string[];
}

/**
 * Whether the bucket refuses raw `image/…` processing (source-image
 * protection: only styles), learned by a probe; `unknown` when no entry uses
 * raw processing or the probe's answer said neither.
 */
export type RawImageProcessing = "refused" | "allowed" | "unknown";

/** A bucket's state as the prerequisite checks need it. */
export interface BucketSnapshot {
  /** The format version, {@linkcode SNAPSHOT_VERSION}. */
  readonly osslinksSnapshot: 1;
  /** The bucket name. */
  readonly bucket: string;
  /** When the snapshot was taken, ISO 8601. */
  readonly takenAt: string;
  /** GetBucketInfo. */
  readonly info: SnapshotBucketInfo;
  /** GetBucketCors, or `"none"` when the bucket has no CORS configuration. */
  readonly cors: SnapshotCors | "none";
  /** ListCname. */
  readonly cnames: readonly SnapshotCname[];
  /** The names of the bucket's image styles (ListStyle). */
  readonly styles: readonly string[];
  /** GetBucketReferer, or `null` when the bucket returned none. */
  readonly referer: SnapshotReferer | null;
  /** HeadObject per (key, version) the manifest names, sorted. */
  readonly objects: readonly SnapshotObject[];
  /** ListObjectsV2 per `prefix:` entry, sorted by prefix. */
  readonly prefixes: readonly SnapshotPrefix[];
  /** Whether raw `image/…` processing is refused. */
  readonly rawImageProcessing: RawImageProcessing;
}

const isoDate = z.string().refine(
  (text) => /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text)),
  "Expected an ISO 8601 time",
);

const corsRuleSchema = z.strictObject({
  allowedOrigins: z.array(z.string()),
  allowedMethods: z.array(z.string()),
  allowedHeaders: z.array(z.string()),
  exposeHeaders: z.array(z.string()),
  maxAgeSeconds: z.number().int().min(0).optional(),
});

const certificateSchema = z.strictObject({
  type: z.string(),
  certId: z.string(),
  status: z.string(),
  validStartDate: isoDate.nullable(),
  validEndDate: isoDate.nullable(),
});

const objectSchema = z.discriminatedUnion("status", [
  z.strictObject({
    key: z.string().min(1),
    version: z.string().nullable(),
    status: z.literal("found"),
    contentType: z.string().nullable(),
    contentDisposition: z.string().nullable(),
    contentDispositionHidden: z.literal(true).optional(),
    size: z.number().int().min(0).nullable(),
    versionId: z.string().nullable(),
  }),
  z.strictObject({
    key: z.string().min(1),
    version: z.string().nullable(),
    status: z.enum(["no-such-key", "no-such-version"]),
  }),
]);

/** The zod schema of a snapshot; {@linkcode parseSnapshot} applies it. */
const snapshotSchema: z.ZodType<BucketSnapshot> = z.strictObject({
  osslinksSnapshot: z.literal(SNAPSHOT_VERSION),
  bucket: z.string().min(1),
  takenAt: isoDate,
  info: z.strictObject({
    creationDate: isoDate,
    location: z.string(),
    acl: z.enum(["private", "public-read", "public-read-write"]),
  }),
  cors: z.union([
    z.literal("none"),
    z.strictObject({
      responseVary: z.boolean(),
      rules: z.array(corsRuleSchema),
    }),
  ]),
  cnames: z.array(z.strictObject({
    domain: z.string().min(1),
    status: z.string(),
    certificate: certificateSchema.nullable(),
  })),
  styles: z.array(z.string()),
  referer: z.strictObject({
    allowEmptyReferer: z.boolean(),
    allowTruncateQueryString: z.boolean(),
    truncatePath: z.boolean(),
    refererList: z.array(z.string()),
    refererBlacklist: z.array(z.string()),
  }).nullable(),
  objects: z.array(objectSchema),
  prefixes: z.array(z.strictObject({
    prefix: z.string(),
    keys: z.array(z.string()),
  })),
  rawImageProcessing: z.enum(["refused", "allowed", "unknown"]),
});

/** A snapshot file that cannot be read: bad JSON/YAML, version or shape. */
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
 * ```ts ignore
 * import { parseSnapshot } from "./snapshot.ts";
 * const snapshot = parseSnapshot(await Deno.readTextFile("bucket.snapshot.json"));
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

function canonicalCors(cors: SnapshotCors | "none"): SnapshotCors | "none" {
  if (cors === "none") return cors;
  return {
    responseVary: cors.responseVary,
    rules: cors.rules.map((rule) => ({
      allowedOrigins: rule.allowedOrigins,
      allowedMethods: rule.allowedMethods,
      allowedHeaders: rule.allowedHeaders,
      exposeHeaders: rule.exposeHeaders,
      ...(rule.maxAgeSeconds !== undefined
        ? { maxAgeSeconds: rule.maxAgeSeconds }
        : {}),
    })),
  };
}

function canonicalObject(object: SnapshotObject): SnapshotObject {
  if (object.status !== "found") {
    return { key: object.key, version: object.version, status: object.status };
  }
  return {
    key: object.key,
    version: object.version,
    status: object.status,
    contentType: object.contentType,
    contentDisposition: object.contentDisposition,
    ...(object.contentDispositionHidden === true
      ? { contentDispositionHidden: true as const }
      : {}),
    size: object.size,
    versionId: object.versionId,
  };
}

/**
 * Writes a snapshot as JSON: the documented key order, sorted lists, two
 * spaces of indentation, LF-terminated. The same facts give the same bytes.
 *
 * @param snapshot The snapshot.
 * @returns The file's text.
 */
export function formatSnapshot(snapshot: BucketSnapshot): string {
  const sorted = sortSnapshot(snapshot);
  const ordered: BucketSnapshot = {
    osslinksSnapshot: SNAPSHOT_VERSION,
    bucket: sorted.bucket,
    takenAt: sorted.takenAt,
    info: {
      creationDate: sorted.info.creationDate,
      location: sorted.info.location,
      acl: sorted.info.acl,
    },
    cors: canonicalCors(sorted.cors),
    cnames: sorted.cnames.map((cname) => ({
      domain: cname.domain,
      status: cname.status,
      certificate: cname.certificate === null ? null : {
        type: cname.certificate.type,
        certId: cname.certificate.certId,
        status: cname.certificate.status,
        validStartDate: cname.certificate.validStartDate,
        validEndDate: cname.certificate.validEndDate,
      },
    })),
    styles: sorted.styles,
    referer: sorted.referer === null ? null : {
      allowEmptyReferer: sorted.referer.allowEmptyReferer,
      allowTruncateQueryString: sorted.referer.allowTruncateQueryString,
      truncatePath: sorted.referer.truncatePath,
      refererList: sorted.referer.refererList,
      refererBlacklist: sorted.referer.refererBlacklist,
    },
    objects: sorted.objects.map(canonicalObject),
    prefixes: sorted.prefixes.map((entry) => ({
      prefix: entry.prefix,
      keys: entry.keys,
    })),
    rawImageProcessing: sorted.rawImageProcessing,
  };
  return JSON.stringify(ordered, null, 2) + "\n";
}
