/**
 * The manifest's TypeScript types. They are written out (rather than
 * inferred from the zod schema) so that the published API has explicit
 * types; `tests/manifest/manifest_types_test.ts` proves at compile time that they are
 * exactly what the schema produces.
 *
 * @module
 */

/** Response headers OSS sends instead of the stored ones. */
export interface ResponseOverrideMap {
  /** `response-content-type`. */
  "content-type"?: string | undefined;
  /** `response-content-language`. */
  "content-language"?: string | undefined;
  /** `response-cache-control`. */
  "cache-control"?: string | undefined;
  /** `response-content-encoding`. */
  "content-encoding"?: string | undefined;
  /** `response-expires`. */
  "expires"?: string | undefined;
}

/** The per-link options, shared by `defaults` and each object entry. */
export interface LinkOptions {
  /** Preview (`inline`) or download (`attachment`). */
  disposition?: "inline" | "attachment" | undefined;
  /** The download filename. */
  filename?: string | undefined;
  /** An image style declared in `styles`. */
  style?: string | undefined;
  /** A raw `x-oss-process` value. */
  process?: string | undefined;
  /** Seconds, a duration or an ISO 8601 time. */
  expires?: string | number | undefined;
  /** Response header overrides. */
  response?: ResponseOverrideMap | undefined;
  /** The object version id. */
  version?: string | undefined;
  /** The bandwidth limit in bit/s. */
  trafficLimit?: number | undefined;
  /** The method the link is signed for. */
  method?: "GET" | "HEAD" | undefined;
}

/** The `defaults` block. */
export type LinkDefaults = LinkOptions;

/** One entry of `objects`: exactly one of `key`, `prefix` and `list`. */
export interface ObjectEntry extends LinkOptions {
  /** One object key. */
  key?: string | undefined;
  /** Every object under this prefix. */
  prefix?: string | undefined;
  /** A local file of keys or NDJSON entries. */
  list?: string | undefined;
  /** The link id; defaults to the key. */
  id?: string | undefined;
}

/** The `bucket` block. */
export interface BucketConfig {
  /** The bucket name. */
  name: string;
  /** The region id. */
  region: string;
  /** The custom domain bound to the bucket. */
  domain?: string | undefined;
  /** The API and URL host override. */
  endpoint?: string | undefined;
  /** Use https links (default true). */
  https?: boolean | undefined;
  /** The signature algorithm (default v4). */
  signature?: "v1" | "v4" | undefined;
}

/** The `access` block: who reads the links from web pages. */
export interface AccessConfig {
  /** The web origins. */
  origins: string[];
  /** The methods those pages use (default GET). */
  methods?: ("GET" | "HEAD")[] | undefined;
  /**
   * The request headers those pages send: a name (`Range`), a name and value
   * (`"Range: bytes=-500"`), or a mapping of names to values
   * (`{ Range: "bytes=-500" }`).
   */
  headers?: (string | Record<string, string>)[] | undefined;
  /** The response headers those pages read. */
  expose?: string[] | undefined;
}

/** A validated manifest, version 1. */
export interface Manifest {
  /** The format version. */
  version: 1;
  /** The bucket. */
  bucket: BucketConfig;
  /** The web origins' needs. */
  access?: AccessConfig | undefined;
  /** The image styles the bucket must define. */
  styles?: string[] | undefined;
  /** Options every entry inherits. */
  defaults?: LinkDefaults | undefined;
  /** The objects. */
  objects: ObjectEntry[];
  /**
   * Rule settings by rule id: `off` waives the rule's findings, `warning`
   * or `error` sets their severity.
   */
  rules?: Record<string, RuleSetting> | undefined;
}

/** What the `rules:` section sets a rule to. */
export type RuleSetting = "off" | "warning" | "error";

/** The names of the per-link options. */
export type LinkOptionName = keyof LinkOptions;
