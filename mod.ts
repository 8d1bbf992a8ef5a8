/**
 * osslinks: Alibaba Cloud OSS signed links from a YAML manifest.
 *
 * Validate a manifest offline, and presign URLs with V4 (default) or V1:
 *
 * ```ts
 * import { presignUrl, validateManifest } from "@osslinks/osslinks";
 *
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt}]\n";
 * const { diagnostics } = validateManifest(new TextEncoder().encode(text), {
 *   now: new Date("2026-11-28T09:00:00Z"),
 * });
 * console.log(diagnostics.length); // 0
 *
 * const url = presignUrl({
 *   signature: "v4",
 *   method: "GET",
 *   bucket: "examplebucket",
 *   key: "a.txt",
 *   region: "cn-hangzhou",
 *   credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
 *   signedAt: new Date("2026-11-28T09:00:00Z"),
 *   expires: 1800,
 * });
 * ```
 *
 * @module
 */
export {
  compareDiagnostics,
  countBySeverity,
  fails,
  isAtLeast,
} from "./src/diagnostic.ts";
export type {
  Diagnostic,
  Position,
  Range,
  Severity,
  SeverityCounts,
  Suppression,
} from "./src/diagnostic.ts";
export type { Disposition, SignedBatch, SignedLink } from "./src/link.ts";
export {
  resolveExpires,
  V4_MAX_EXPIRES_SECONDS,
} from "./src/manifest/expires.ts";
export type {
  ResolvedExpiry,
  ResolveExpiresResult,
} from "./src/manifest/expires.ts";
export {
  MANIFEST_SCHEMA_ID,
  manifestJsonSchema,
  manifestJsonSchemaText,
} from "./src/manifest/json_schema.ts";
export type {
  AccessConfig,
  BucketConfig,
  LinkDefaults,
  LinkOptionName,
  LinkOptions,
  Manifest,
  ObjectEntry,
  ResponseOverrideMap,
} from "./src/manifest/types.ts";
export { startEmulator } from "./src/emulator/server.ts";
export type {
  EmulatorHandle,
  StartEmulatorOptions,
} from "./src/emulator/server.ts";
export {
  EmulatorConfigError,
  loadEmulatorConfig,
  parseEmulatorConfig,
} from "./src/emulator/config.ts";
export type {
  ConfigIssue,
  LoadEmulatorConfigOptions,
} from "./src/emulator/config.ts";
export type {
  BoundDomain,
  BucketAcl,
  CorsConfiguration,
  CorsRule,
  DomainCertificate,
  EmulatorBucket,
  EmulatorConfig,
  EmulatorCredential,
  EmulatorObject,
  ImageStyle,
  ObjectVersion,
  RefererConfiguration,
} from "./src/emulator/model.ts";
export type {
  EmulatorFaults,
  FaultRule,
  InjectedFault,
} from "./src/emulator/faults.ts";
export type { EmulatorRequestRecord } from "./src/emulator/handler.ts";
export {
  formatSnapshot,
  parseSnapshot,
  SNAPSHOT_VERSION,
  SnapshotFormatError,
  sortSnapshot,
} from "./src/check/snapshot.ts";
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
} from "./src/check/snapshot.ts";
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
export type { CheckLink } from "./src/check/links.ts";
export { CHECK_RULES } from "./src/check/rules/mod.ts";
export { decodeSignedUrl } from "./src/inspect/decode.ts";
export { notVerified, verifySignedUrl } from "./src/inspect/verify.ts";
export {
  formatInspectJson,
  formatInspectText,
  inspectReport,
} from "./src/inspect/report.ts";
export type { InspectReport } from "./src/inspect/report.ts";
export { signedStrings } from "./src/inspect/signed_strings.ts";
export type {
  SignedStrings,
  SignedStringsOptions,
} from "./src/inspect/signed_strings.ts";
export type {
  AddressingKind,
  DecodedParam,
  DecodedSignedUrl,
  DecodedV4,
  DecodeOptions,
  FindingSeverity,
  InspectFinding,
  OssErrorInfo,
  ParamKind,
  SignatureKind,
  TokenPresence,
  Verification,
  VerifyOptions,
  VerifyStatus,
} from "./src/inspect/types.ts";
export { formatCsv } from "./src/output/csv.ts";
export type { CsvOptions } from "./src/output/csv.ts";
export { formatHtml } from "./src/output/html.ts";
export type { HtmlOptions } from "./src/output/html.ts";
export { HTML_PAGE_SIZE, writeHtmlPages } from "./src/output/html_pages.ts";
export type { HtmlPagesOptions, WriteFile } from "./src/output/html_pages.ts";
export { formatJson } from "./src/output/json.ts";
export { formatNdjson, formatNdjsonLink } from "./src/output/ndjson.ts";
export { formatJsonLink, jsonHead, jsonTail } from "./src/output/json.ts";
export type { JsonHead } from "./src/output/json.ts";
export { linkTextMaker } from "./src/output/link_text.ts";
export type { StreamFormat } from "./src/output/link_text.ts";
export { csvHeader, formatCsvLink } from "./src/output/csv.ts";
export { writeCsv, writeJson, writeNdjson } from "./src/output/write_links.ts";
export type { LinkSource, WriteText } from "./src/output/write_links.ts";
export { ManifestError, signManifest } from "./src/sign/sign_manifest.ts";
export type { SignManifestOptions } from "./src/sign/sign_manifest.ts";
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
export { formatGithub } from "./src/report/github.ts";
export { formatJsonReport } from "./src/report/json.ts";
export { formatPretty } from "./src/report/pretty.ts";
export type { PrettyOptions } from "./src/report/pretty.ts";
export { FINGERPRINT_KEY, formatSarif, SRCROOT } from "./src/report/sarif.ts";
export type { SarifOptions } from "./src/report/sarif.ts";
export { RULE_CATALOGUE, RULES_DOC_URL } from "./src/rules/catalogue.ts";
export type { ReportingCommand, RuleInfo } from "./src/rules/catalogue.ts";
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
} from "./src/manifest/list_file.ts";
export type {
  ListedObject,
  ListFileResult,
  ListLine,
  ListLinePlace,
} from "./src/manifest/list_file.ts";
export {
  NotUtf8Error,
  textLineBatches,
  textLines,
} from "./src/io/text_lines.ts";
export type { TextLine } from "./src/io/text_lines.ts";
export {
  signBatch,
  signingTime,
  signLinkBatches,
  signLinks,
} from "./src/sign/sign_links.ts";
export type { Presigner, SignLinksOptions } from "./src/sign/sign_links.ts";
export { presignUrl } from "./src/sign/presign.ts";
export type {
  Credentials,
  PresignRequest,
  SignatureVersion,
  SigningInput,
} from "./src/sign/presign.ts";
export { validateManifest } from "./src/validate.ts";
export type { ValidateOptions, ValidationResult } from "./src/validate.ts";
export {
  collectWaivers,
  RULE_SETTINGS,
  WAIVER_MARKER,
  Waivers,
} from "./src/waivers.ts";
export type { CollectWaiversOptions, RuleSetting } from "./src/waivers.ts";
export { LineIndex } from "./src/yaml/line_index.ts";
export type {
  Locate,
  YamlComment,
  YamlDocument,
  YamlPath,
} from "./src/yaml/load_yaml.ts";
export type { RuleFinding } from "./src/manifest/structure.ts";
export type { Finding, OptionSource } from "./src/rules/rule.ts";
