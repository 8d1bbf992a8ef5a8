/**
 * Bucket prerequisite checks: read a bucket (or a saved snapshot) and check a
 * manifest against it — CORS for the declared origins, bound domains and
 * certificates, objects and styles — with the CORS model of the Fetch
 * standard. Reading a live bucket loads ali-oss on demand.
 *
 * @example Is a request header CORS-safelisted?
 * ```ts
 * import { isSafelistedRequestHeader } from "@osslinks/osslinks/check";
 *
 * // A single byte range needs no AllowedHeader in the bucket's CORS rule.
 * if (!isSafelistedRequestHeader({ name: "Range", value: "bytes=0-1023" })) {
 *   throw new Error("Range with one byte range is safelisted");
 * }
 * if (isSafelistedRequestHeader({ name: "Range", value: "bytes=-500" })) {
 *   throw new Error("a suffix range is not");
 * }
 * ```
 *
 * @module
 */
export {
  formatSnapshot,
  parseSnapshot,
  SnapshotFormatError,
  sortSnapshot,
} from "./src/check/snapshot.ts";
export { SNAPSHOT_VERSION } from "./src/check/snapshot_schema.ts";
export type {
  BucketSnapshot,
  RawImageProcessing,
  SnapshotAcl,
  SnapshotBucketInfo,
  SnapshotCertificate,
  SnapshotCname,
  SnapshotCors,
  SnapshotCorsRule,
  SnapshotFoundObject,
  SnapshotMissingObject,
  SnapshotObject,
  SnapshotPrefix,
  SnapshotReferer,
} from "./src/check/snapshot_schema.ts";
export {
  checkBucket,
  SnapshotMismatchError,
} from "./src/check/check_bucket.ts";
export type {
  CheckBucketOptions,
  CheckBucketResult,
} from "./src/check/check_bucket.ts";
export {
  BucketReadError,
  DEFAULT_CONCURRENCY,
  listPrefixes,
  prefixLister,
  readBucket,
} from "./src/check/read_bucket.ts";
export type {
  ListPrefixesResult,
  PrefixLister,
  ReadBucketOptions,
  ReadBucketResult,
  ReadStats,
} from "./src/check/read_bucket.ts";
export { createAliOssBucketApi } from "./src/check/ali_oss_api.ts";
export type { AliOssBucketApiOptions } from "./src/check/ali_oss_api.ts";
export { BucketRequestError } from "./src/check/bucket_api.ts";
export type {
  BucketApi,
  BucketRequestFailure,
  HeadFacts,
  HeadOptions,
  ListPage,
} from "./src/check/bucket_api.ts";
export {
  assumedRequestHeaderValue,
  corsUnsafeRequestHeaderNames,
  corsVerdict,
  isForbiddenRequestHeader,
  isSafelistedRequestHeader,
  SAFELISTED_RESPONSE_HEADERS,
} from "./src/check/cors_verdict.ts";
export type {
  CorsDenial,
  CorsQuestion,
  CorsRequestHeader,
  CorsVerdict,
} from "./src/check/cors_verdict.ts";
export type { RetryOptions } from "./src/check/retry.ts";
export type { CheckContext, CheckedLink, CheckRule } from "./src/check/rule.ts";
export type { RuleOf } from "./src/rules/rule.ts";
export type { CheckLink } from "./src/check/links.ts";
export { CHECK_RULES } from "./src/check/rules/mod.ts";
