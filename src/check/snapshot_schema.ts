/**
 * The snapshot format, once: one zod schema gives the TypeScript types, the
 * validation `check --snapshot` applies, the key order `snapshot` writes and
 * the field table of `docs/snapshot.md` (each field's `type`, `from` and
 * `meaning` are its metadata; see `snapshot_fields.ts`).
 *
 * @module
 */
import { z } from "npm:zod@4.6.7";
import { BUCKET_ACLS, type BucketAcl } from "../oss/acl.ts";
import type { RefererConfiguration } from "../oss/referer.ts";

/**
 * The snapshot format version this code writes and reads.
 *
 * @example Usage
 * ```ts
 * import { parseSnapshot, SNAPSHOT_VERSION } from "@osslinks/osslinks/check";
 *
 * // A snapshot of another format version, say a later one, is refused.
 * const later = JSON.stringify({ osslinksSnapshot: SNAPSHOT_VERSION + 1 });
 * let refused = false;
 * try {
 *   parseSnapshot(later);
 * } catch {
 *   refused = true;
 * }
 * if (!refused) throw new Error("only version " + SNAPSHOT_VERSION + " is read");
 * ```
 */
export const SNAPSHOT_VERSION = 1;

/** How `docs/snapshot.md` describes a field. */
export interface SnapshotFieldDoc {
  /** The field's type, in words (Markdown). */
  readonly type: string;
  /** Where OSS gives the fact (Markdown), or `""`. */
  readonly from: string;
  /** What it means (Markdown), or `""`. */
  readonly meaning: string;
}

/** The registry that holds each snapshot field's documentation. */
export const snapshotDocs: z.core.$ZodRegistry<SnapshotFieldDoc> = z.registry<
  SnapshotFieldDoc
>();

function doc<T extends z.ZodType>(
  schema: T,
  type: string,
  from: string,
  meaning = "",
): T {
  snapshotDocs.add(schema as z.ZodType, { type, from, meaning });
  return schema;
}

/** A bucket's ACL, from GetBucketInfo. */
export type SnapshotAcl = BucketAcl;

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
export type SnapshotReferer = RefererConfiguration;

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

/** A new schema each time: documentation is kept per schema instance. */
const isoDate = () =>
  z.string().refine(
    (text) =>
      /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text)),
    "Expected an ISO 8601 time",
  );

const corsRuleSchema = z.strictObject({
  allowedOrigins: doc(
    z.array(z.string()),
    "string[]",
    "`AllowedOrigin`",
    "patterns, at most one `*` each",
  ),
  allowedMethods: doc(
    z.array(z.string()),
    "string[]",
    "`AllowedMethod`",
    "upper case",
  ),
  allowedHeaders: doc(
    z.array(z.string()),
    "string[]",
    "`AllowedHeader`",
    "patterns, case-insensitive",
  ),
  exposeHeaders: doc(z.array(z.string()), "string[]", "`ExposeHeader`"),
  maxAgeSeconds: doc(
    z.number().int().min(0).optional(),
    "integer, optional",
    "`MaxAgeSeconds`",
    "absent when not set",
  ),
});

const corsSchema = z.strictObject({
  responseVary: doc(
    z.boolean(),
    "boolean",
    "`ResponseVary`",
    "whether responses carry `Vary: Origin`",
  ),
  rules: doc(
    z.array(corsRuleSchema),
    "list, bucket order",
    "`CORSRule`",
    "the first rule that matches a request wins",
  ),
});

const certificateSchema = z.strictObject({
  type: doc(z.string(), "string", "`Type`", "`CAS` or `Upload`"),
  certId: doc(z.string(), "string", "`CertId`"),
  status: doc(z.string(), "string", "`Status`", "`Enabled` or `Disabled`"),
  validStartDate: doc(
    isoDate().nullable(),
    "ISO 8601 or `null`",
    "`ValidStartDate`",
    "converted from OSS's HTTP date",
  ),
  validEndDate: doc(
    isoDate().nullable(),
    "ISO 8601 or `null`",
    "`ValidEndDate`",
  ),
});

const cnameSchema = z.strictObject({
  domain: doc(z.string().min(1), "string", "`Domain`", "lower case"),
  status: doc(z.string(), "string", "`Status`", "`Enabled` or `Disabled`"),
  certificate: doc(
    certificateSchema.nullable(),
    "object or `null`",
    "`Certificate`",
    "`null` when no certificate is bound",
  ),
});

const refererSchema = z.strictObject({
  allowEmptyReferer: doc(z.boolean(), "boolean", "`AllowEmptyReferer`"),
  allowTruncateQueryString: doc(
    z.boolean(),
    "boolean",
    "`AllowTruncateQueryString`",
  ),
  truncatePath: doc(z.boolean(), "boolean", "`TruncatePath`"),
  refererList: doc(
    z.array(z.string()),
    "string[]",
    "`RefererList/Referer`",
    "whitelist; empty allows every Referer",
  ),
  refererBlacklist: doc(
    z.array(z.string()),
    "string[]",
    "`RefererBlacklist/Referer`",
    "checked first",
  ),
});

const objectKey = doc(z.string().min(1), "string", "");
const objectVersion = doc(
  z.string().nullable(),
  "string or `null`",
  "manifest `version`",
  "`null` for the current version",
);
const STATUS_DOC: SnapshotFieldDoc = {
  type: "`found` | `no-such-key` | `no-such-version`",
  from: "",
  meaning: "`no-such-version`: the key exists, the version does not",
};

const foundObjectSchema = z.strictObject({
  key: objectKey,
  version: objectVersion,
  status: doc(z.literal("found"), STATUS_DOC.type, "", STATUS_DOC.meaning),
  contentType: doc(
    z.string().nullable(),
    "string or `null`",
    "`Content-Type`",
    "`found` only",
  ),
  contentDisposition: doc(
    z.string().nullable(),
    "string or `null`",
    "`Content-Disposition`",
    "`found` only; the stored value. Where OSS forced a download (`x-oss-force-download`, or an image or web page answered `attachment`), a second HeadObject with a signed `response-content-type: application/octet-stream` reads it",
  ),
  contentDispositionHidden: doc(
    z.literal(true).optional(),
    "`true`, or absent",
    "",
    "`found` only; present when OSS forced the download on both HeadObjects, so the stored value could not be read (`contentDisposition` is then `null`)",
  ),
  size: doc(
    z.number().int().min(0).nullable(),
    "integer or `null`",
    "`Content-Length`",
    "`found` only",
  ),
  versionId: doc(
    z.string().nullable(),
    "string or `null`",
    "`x-oss-version-id`",
    "`found` only",
  ),
});

const missingObjectSchema = z.strictObject({
  key: objectKey,
  version: objectVersion,
  status: doc(
    z.enum(["no-such-key", "no-such-version"]),
    STATUS_DOC.type,
    "",
    STATUS_DOC.meaning,
  ),
});

const prefixSchema = z.strictObject({
  prefix: doc(z.string(), "string", ""),
  keys: doc(
    z.array(z.string()),
    "string[]",
    "`Contents/Key` (all pages)",
    "in listing order",
  ),
});

const rawImageProcessingSchema = doc(
  z.enum(["refused", "allowed", "unknown"]),
  "`refused` | `allowed` | `unknown`",
  "probe",
  "whether the bucket refuses raw `image/…` processing (source-image protection, only styles)",
);

/** The zod schema of a snapshot: its fields in the order files list them. */
export const snapshotSchema = z.strictObject({
  osslinksSnapshot: doc(
    z.literal(SNAPSHOT_VERSION),
    "`1`",
    "",
    "format version; a reader refuses other versions",
  ),
  bucket: doc(
    z.string().min(1),
    "string",
    "manifest",
    "the bucket name; must equal the manifest's `bucket.name`",
  ),
  takenAt: doc(
    isoDate(),
    "ISO 8601",
    "clock (`--now`)",
    "when the snapshot was taken",
  ),
  info: z.strictObject({
    creationDate: doc(
      isoDate(),
      "ISO 8601",
      "GetBucketInfo `CreationDate`",
      "decides forced download of images on the default domain (buckets created from 2019-09-24)",
    ),
    location: doc(
      z.string(),
      "string",
      "GetBucketInfo `Location`",
      "the region, `oss-cn-hangzhou` form",
    ),
    acl: doc(
      z.enum(BUCKET_ACLS),
      "`private` | `public-read` | `public-read-write`",
      "GetBucketInfo `AccessControlList/Grant`",
    ),
  }),
  cors: doc(
    z.union([z.literal("none"), corsSchema]),
    '`"none"` or object',
    "GetBucketCors (`GET /?cors`)",
    '`"none"` when OSS answers 404 NoSuchCORSConfiguration',
  ),
  cnames: doc(
    z.array(cnameSchema),
    "list",
    "ListCname (`GET /?cname`)",
    "every custom domain bound to the bucket",
  ),
  styles: doc(
    z.array(z.string()),
    "string[]",
    "ListStyle (`GET /?style`)",
    "the names of the bucket's image styles",
  ),
  referer: doc(
    refererSchema.nullable(),
    "object or `null`",
    "GetBucketReferer (`GET /?referer`)",
    "hotlink protection",
  ),
  objects: doc(
    z.array(z.discriminatedUnion("status", [
      foundObjectSchema,
      missingObjectSchema,
    ])),
    "list, sorted by key then version",
    "HeadObject",
    "one entry per (key, version) the manifest's links name, `list:` and `prefix:` expansions included",
  ),
  prefixes: doc(
    z.array(prefixSchema),
    "list, sorted by prefix",
    "ListObjectsV2",
    "one entry per `prefix:` of the manifest",
  ),
  rawImageProcessing: rawImageProcessingSchema,
});

/** A type with every property and array, at every depth, read-only. */
type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
  : T;

// The interfaces above are the documented public types; the compiler keeps
// them equal to the schema's output, both ways, so neither can drift.
// Every field made required first, so that an optional field on one side
// only is a difference too.
type DeepRequired<T> = T extends readonly (infer U)[] ? DeepRequired<U>[]
  : T extends object ? { [K in keyof T]-?: DeepRequired<T[K]> }
  : T;
type Same<A, B> = [DeepRequired<A>] extends [DeepRequired<B>]
  ? ([DeepRequired<B>] extends [DeepRequired<A>] ? true : false)
  : false;
const SCHEMA_IS_THE_TYPE: Same<
  BucketSnapshot,
  DeepReadonly<z.infer<typeof snapshotSchema>>
> = true;
void SCHEMA_IS_THE_TYPE;
