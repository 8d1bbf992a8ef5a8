/**
 * Inspect a signed OSS URL: decode its parameters, verify its signature with
 * a known secret, and explain why it fails.
 *
 * @example Decode and verify a link
 * ```ts
 * import { presignUrl } from "@osslinks/osslinks";
 * import { decodeSignedUrl, verifySignedUrl } from "@osslinks/osslinks/inspect";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const credentials = { accessKeyId: "AKID", accessKeySecret: "secret" };
 * const url = presignUrl({
 *   signature: "v4",
 *   method: "GET",
 *   bucket: "examplebucket",
 *   key: "a.txt",
 *   region: "cn-hangzhou",
 *   credentials,
 *   signedAt: now,
 *   expires: 1800,
 * });
 * const decoded = decodeSignedUrl(url, { now });
 * const verification = verifySignedUrl(decoded, credentials, { now });
 * if (verification.status !== "valid") throw new Error(verification.status);
 * ```
 *
 * @module
 */
export { decodeSignedUrl } from "./src/inspect/decode.ts";
export { notVerified, verifySignedUrl } from "./src/inspect/verify.ts";
export {
  formatInspectJson,
  formatInspectText,
  inspectReport,
} from "./src/inspect/report.ts";
export type { InspectReport } from "./src/inspect/report.ts";
export { signedStrings } from "./src/inspect/signed_strings.ts";
export {
  INSPECT_CAUSE_CODES,
  INSPECT_CODES,
  INSPECT_FINDING_CODES,
} from "./src/inspect/codes.ts";
export type {
  SignedStrings,
  SignedStringsOptions,
} from "./src/inspect/signed_strings.ts";
export type {
  AddressingKind,
  CauseEvidence,
  DecodedParam,
  DecodedSignedUrl,
  DecodedV4,
  DecodeOptions,
  EvidenceStrength,
  FindingSeverity,
  InspectCause,
  InspectCauseCode,
  InspectFinding,
  InspectFindingCode,
  OssErrorInfo,
  ParamKind,
  SignatureKind,
  TokenPresence,
  Verification,
  VerifyOptions,
  VerifyStatus,
} from "./src/inspect/types.ts";
