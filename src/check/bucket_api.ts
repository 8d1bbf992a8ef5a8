/**
 * What the live checks ask a bucket, one method per OSS request, and the
 * error a failed request raises. `createAliOssBucketApi` implements it over
 * ali-oss; tests can implement it directly.
 *
 * @module
 */
import type {
  RawImageProcessing,
  SnapshotBucketInfo,
  SnapshotCname,
  SnapshotCors,
  SnapshotReferer,
} from "./snapshot_schema.ts";

/** HeadObject facts of an object that exists. */
export interface HeadFacts {
  /** `Content-Type`, or `null`. */
  readonly contentType: string | null;
  /**
   * `Content-Disposition` as OSS sent it, or `null`: the stored one, or the
   * `attachment` OSS forces on its default domain when `forcedDownload`.
   */
  readonly contentDisposition: string | null;
  /**
   * Whether OSS sent `x-oss-force-download: true` (a forced attachment on
   * its default domain). Absent means `false`.
   */
  readonly forcedDownload?: boolean | undefined;
  /** `Content-Length`, or `null`. */
  readonly size: number | null;
  /** `x-oss-version-id`, or `null`. */
  readonly versionId: string | null;
}

/** Options of {@linkcode BucketApi.head}. */
export interface HeadOptions {
  /** A `response-content-type` override to sign into the request. */
  readonly responseContentType?: string | undefined;
}

/** One page of ListObjectsV2. */
export interface ListPage {
  /** The keys, decoded. */
  readonly keys: readonly string[];
  /** The token of the next page, or `undefined` on the last page. */
  readonly next: string | undefined;
}

/** The bucket requests the live checks make. */
export interface BucketApi {
  /** GetBucketInfo (`GET /?bucketInfo`). */
  bucketInfo(): Promise<SnapshotBucketInfo>;
  /** GetBucketCors (`GET /?cors`); `"none"` for 404 NoSuchCORSConfiguration. */
  cors(): Promise<SnapshotCors | "none">;
  /** ListCname (`GET /?cname`). */
  cnames(): Promise<SnapshotCname[]>;
  /** ListStyle (`GET /?style`): the style names. */
  styles(): Promise<string[]>;
  /** GetBucketReferer (`GET /?referer`). */
  referer(): Promise<SnapshotReferer | null>;
  /**
   * HeadObject (`HEAD /<key>[?versionId=]`).
   *
   * @param key The key.
   * @param version The version, or `null` for the current one.
   * @param options `responseContentType`: a signed `response-content-type`
   *   override (so that OSS's forced download, decided on the response's
   *   type, lets the stored `Content-Disposition` through).
   * @returns The facts, or `"not-found"` for a 404.
   */
  head(
    key: string,
    version: string | null,
    options?: HeadOptions,
  ): Promise<HeadFacts | "not-found">;
  /** One page of ListObjectsV2 under a prefix (`GET /?list-type=2`). */
  listPage(prefix: string, token: string | undefined): Promise<ListPage>;
  /**
   * Probes source-image protection: a signed `GET /<key>?x-oss-process=image/info`
   * with `Range: bytes=0-0`.
   *
   * @returns `refused` for the "only accessed using style" AccessDenied,
   *   `allowed` for a success, `unknown` for any other answer.
   */
  probeRawProcessing(key: string): Promise<RawImageProcessing>;
}

/** How a bucket request failed. */
export type BucketRequestFailure =
  /** OSS answered with an error (status and code). */
  | "oss"
  /** The connection failed or broke. */
  | "network"
  /** No complete answer within the timeout. */
  | "timeout"
  /** The answer could not be understood (malformed XML, missing fields). */
  | "malformed";

/**
 * A bucket request that failed, described without URLs or secrets.
 *
 * @example Usage
 * ```ts
 * import { BucketRequestError } from "@osslinks/osslinks/check";
 *
 * // What a BucketApi throws; overload and network failures are retried, a denial is not.
 * const slowDown = new BucketRequestError("oss", "Please reduce your request rate", { status: 503, code: "SlowDown" });
 * const denied = new BucketRequestError("oss", "Access denied", { status: 403, code: "AccessDenied" });
 * const reset = new BucketRequestError("network", "Connection reset");
 * if (!slowDown.retryable || denied.retryable || !reset.retryable) {
 *   throw new Error("503 and network failures are transient, 403 is not");
 * }
 * ```
 */
export class BucketRequestError extends Error {
  /** How it failed. */
  readonly failure: BucketRequestFailure;
  /** The HTTP status, for `oss` failures. */
  readonly status: number | undefined;
  /** The OSS error code, for `oss` failures. */
  readonly code: string | undefined;

  /**
   * Creates the error.
   *
   * @param failure How it failed.
   * @param message What went wrong, without URLs or secrets.
   * @param details The status and OSS error code, and the cause.
   */
  constructor(
    failure: BucketRequestFailure,
    message: string,
    details: {
      readonly status?: number | undefined;
      readonly code?: string | undefined;
      readonly cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? {} : { cause: details.cause });
    this.name = "BucketRequestError";
    this.failure = failure;
    this.status = details.status;
    this.code = details.code;
  }

  /**
   * Whether trying again may help: network failures, timeouts, 5xx and 429.
   *
   * @returns `true` for transient failures.
   */
  get retryable(): boolean {
    if (this.failure === "network" || this.failure === "timeout") return true;
    return this.failure === "oss" && this.status !== undefined &&
      (this.status >= 500 || this.status === 429);
  }
}
