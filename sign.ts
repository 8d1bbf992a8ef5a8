/**
 * Signing: presigned URLs (V4 and V1, STS tokens), signed request headers,
 * `Content-Disposition` values, and the streaming pipeline from a manifest's
 * entries (inline, `list:` files, shards) to signed links.
 *
 * @example Presign a V4 download link
 * ```ts
 * import { presignUrl } from "@osslinks/osslinks/sign";
 *
 * const url = presignUrl({
 *   signature: "v4",
 *   method: "GET",
 *   bucket: "examplebucket",
 *   key: "reports/q3.pdf",
 *   region: "cn-hangzhou",
 *   credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
 *   signedAt: new Date("2026-11-28T09:00:00Z"),
 *   expires: 1800,
 *   query: { "response-content-disposition": "attachment" },
 * });
 * if (!url.startsWith("https://examplebucket.oss-cn-hangzhou.aliyuncs.com/reports/q3.pdf?")) {
 *   throw new Error(url);
 * }
 * ```
 *
 * @module
 */
export {
  resolveExpires,
  V4_MAX_EXPIRES_SECONDS,
} from "./src/manifest/expires.ts";
export type {
  ResolvedExpiry,
  ResolveExpiresResult,
} from "./src/manifest/expires.ts";
export { ManifestError, signManifest } from "./src/pipeline/sign_manifest.ts";
export type { SignManifestOptions } from "./src/pipeline/sign_manifest.ts";
export {
  manifestLinkBatches,
  manifestLinks,
  scanManifestLinks,
  shardRange,
} from "./src/sign/manifest_links.ts";
export type {
  ListReader,
  ManifestLinksOptions,
  ManifestLinkSources,
  ScanOptions,
  ScanResult,
  Shard,
} from "./src/sign/manifest_links.ts";
export { contentDisposition } from "./src/sign/content_disposition.ts";
export { authorizeRequest } from "./src/sign/authorization.ts";
export type {
  AuthorizationRequest,
  AuthorizedRequest,
} from "./src/sign/authorization.ts";
export { type LinkPlan, planLinks } from "./src/sign/plan.ts";
export type { PlanOptions, PlanResult } from "./src/sign/plan.ts";
export {
  isNdjsonList,
  parseListFile,
  parseListLine,
} from "./src/rules/list_file.ts";
export type {
  ListedObject,
  ListFileResult,
  ListLine,
  ListLinePlace,
} from "./src/rules/list_file.ts";
export {
  NotUtf8Error,
  textLineBatches,
  textLines,
} from "./src/io/text_lines.ts";
export type { TextLine } from "./src/io/text_lines.ts";
export {
  signBatch,
  signLinkBatches,
  signLinks,
} from "./src/sign/sign_links.ts";
export { signingTime } from "./src/oss/signing_time.ts";
export type { Presigner, SignLinksOptions } from "./src/sign/sign_links.ts";
export { presignUrl } from "./src/sign/presign.ts";
export type {
  Credentials,
  PresignRequest,
  SignatureVersion,
  SigningInput,
} from "./src/sign/presign.ts";
