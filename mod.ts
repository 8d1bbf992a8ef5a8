/**
 * osslinks: Alibaba Cloud OSS signed links from a YAML manifest.
 *
 * This entry is the common path — validate a manifest, sign it in one call
 * ({@linkcode signManifest}), write the links (`writeJson`, `writeNdjson`,
 * `writeCsv`), presign single URLs ({@linkcode presignUrl}) — and loads
 * neither ali-oss nor the emulator's server. The rest is in sub-paths:
 * `@osslinks/osslinks/sign` (the signing pipeline's parts),
 * `/check` (bucket prerequisites, snapshots), `/inspect` (explain a signed
 * URL), `/output` (every format, the HTML page), `/report` (pretty, GitHub,
 * JSON and SARIF reports, the rule catalogue, waivers) and `/emulator` (the
 * local OSS emulator).
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
  MANIFEST_SCHEMA_ID,
  manifestJsonSchema,
  manifestJsonSchemaText,
} from "./src/catalogue/json_schema.ts";
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
export { validateManifest } from "./src/pipeline/validate.ts";
export type {
  ValidateOptions,
  ValidationResult,
} from "./src/pipeline/validate.ts";
export { LineIndex } from "./src/yaml/line_index.ts";
export type {
  Locate,
  YamlComment,
  YamlDocument,
  YamlPath,
} from "./src/yaml/load_yaml.ts";
export type { RuleFinding } from "./src/rules/structure.ts";
export type { Finding, OptionSource } from "./src/rules/rule.ts";
export { ManifestError, signManifest } from "./src/pipeline/sign_manifest.ts";
export type { SignManifestOptions } from "./src/pipeline/sign_manifest.ts";
export { presignUrl } from "./src/sign/presign.ts";
export type {
  Credentials,
  PresignRequest,
  SignatureVersion,
  SigningInput,
} from "./src/sign/presign.ts";
export { writeCsv, writeJson, writeNdjson } from "./src/output/write_links.ts";
export type { LinkSource, WriteText } from "./src/output/write_links.ts";
export type {
  CollectWaiversOptions,
  RuleSetting,
  Waivers,
} from "./src/pipeline/waivers.ts";
