/**
 * The data `osslinks inspect` works with: a decoded signed URL, its findings
 * and the verdict of verifying it.
 *
 * @module
 */
import type { AddressingKind } from "../oss/addressing.ts";
import type { InspectCauseCode, InspectFindingCode } from "./codes.ts";

export type { AddressingKind } from "../oss/addressing.ts";
export type { InspectCauseCode, InspectFindingCode } from "./codes.ts";

/** The signature a URL carries. `mixed` is both V1 and V4 parameters. */
export type SignatureKind = "v1" | "v4" | "unsigned" | "mixed";

/** How bad a finding is: `error` findings fail `osslinks inspect`. */
export type FindingSeverity = "error" | "warning" | "info";

/** One thing spotted in a URL. */
export interface InspectFinding {
  /** A stable kebab-case code, for example `expired`. */
  readonly code: InspectFindingCode;
  /** How bad it is. */
  readonly severity: FindingSeverity;
  /** What is wrong, in sentence case without a final period. */
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string | undefined;
}

/** What a query parameter (other than the signature's own) is for. */
export type ParamKind =
  | "response-override"
  | "process"
  | "version"
  | "traffic-limit"
  | "sub-resource"
  | "oss"
  | "other";

/** One query parameter other than the signature's own. */
export interface DecodedParam {
  /** The name, decoded. */
  readonly name: string;
  /** The value, decoded once. */
  readonly value: string;
  /** What it is for. */
  readonly kind: ParamKind;
  /** Whether the signature covers it (V4: all; V1: sub-resources, `x-oss-*`). */
  readonly signed: boolean;
  /** It repeats an earlier name; OSS uses the first value. */
  readonly duplicate: boolean;
}

/** The V4 credential scope and the other V4 parameters. */
export interface DecodedV4 {
  /** The `yyyymmdd` date of the scope. */
  readonly date: string | undefined;
  /** The scope's region. */
  readonly region: string | undefined;
  /** The scope's product, `oss` unless CloudBox. */
  readonly product: string | undefined;
  /** The whole scope, `<date>/<region>/<product>/aliyun_v4_request`. */
  readonly scope: string | undefined;
  /** `x-oss-date` as written. */
  readonly dateTime: string | undefined;
  /** `x-oss-expires`, in seconds after `x-oss-date`. */
  readonly expiresSeconds: number | undefined;
  /** `x-oss-additional-headers`: headers the client must send as signed. */
  readonly additionalHeaders: readonly string[];
}

/** Whether a URL carries an STS token. The token itself is never kept apart. */
export interface TokenPresence {
  /** A token parameter is present. */
  readonly present: boolean;
  /** Its length in characters, decoded. */
  readonly length: number;
}

/** Everything {@linkcode decodeSignedUrl} reads from a URL. */
export interface DecodedSignedUrl {
  /**
   * The URL as parsed. It carries the STS token: the formatters never print
   * it; {@linkcode verifySignedUrl} reads it.
   */
  readonly href: string;
  /** `http` or `https`. */
  readonly scheme: "http" | "https";
  /** The host, with the port when there is one. */
  readonly host: string;
  /** The host name, lower case. */
  readonly hostname: string;
  /** The path as written (percent-encoded). */
  readonly path: string;
  /** How the host addresses the bucket. */
  readonly addressing: AddressingKind;
  /** The region the host names, without `oss-`. */
  readonly hostRegion: string | undefined;
  /** The bucket, when the host, the path or `--bucket` tells it. */
  readonly bucket: string | undefined;
  /** Where the bucket name came from. */
  readonly bucketSource: "host" | "path" | "flag" | undefined;
  /** The bucket's region, from the host or `--region`. */
  readonly region: string | undefined;
  /** The object key, decoded once; `""` for the bucket itself. */
  readonly key: string;
  /** The path has a malformed percent-escape; `key` is then as written. */
  readonly keyMalformed: boolean;
  /** The signature version. */
  readonly signature: SignatureKind;
  /** The AccessKey ID that signed (`STS.…` for temporary credentials). */
  readonly accessKeyId: string | undefined;
  /** The signature value, decoded. */
  readonly signatureValue: string | undefined;
  /** Whether an STS token is present, and its length. */
  readonly securityToken: TokenPresence;
  /** The V4 scope and parameters; `undefined` unless V4. */
  readonly v4: DecodedV4 | undefined;
  /** The time expiry is measured against. */
  readonly now: Date;
  /** When the URL was signed (V4 `x-oss-date`; V1 does not say). */
  readonly signedAt: Date | undefined;
  /** When the URL stops working (V1 `Expires`; V4 `x-oss-date + x-oss-expires`). */
  readonly expiresAt: Date | undefined;
  /** How long the URL lives after signing, in seconds (V4 only). */
  readonly lifetimeSeconds: number | undefined;
  /** Whole seconds from `now` to `expiresAt`; negative once expired. */
  readonly secondsLeft: number | undefined;
  /** Whether `now` is after `expiresAt`. */
  readonly expired: boolean;
  /** Every query parameter other than the signature's own, in URL order. */
  readonly parameters: readonly DecodedParam[];
  /** What looks wrong, errors first. */
  readonly findings: readonly InspectFinding[];
}

/** Options of {@linkcode decodeSignedUrl}. */
export interface DecodeOptions {
  /** The real bucket name, for a custom domain (the host does not say it). */
  readonly bucket?: string | undefined;
  /** The bucket's region, to check the V4 scope where the host does not say it. */
  readonly region?: string | undefined;
  /**
   * The time to measure expiry against.
   *
   * @default {new Date()}
   */
  readonly now?: Date | undefined;
}

/** Options of {@linkcode verifySignedUrl}. */
export interface VerifyOptions {
  /**
   * The HTTP method the URL is used with.
   *
   * @default {"GET"}
   */
  readonly method?: string | undefined;
  /**
   * Headers the client sends: `Content-Type` for an upload, `x-oss-*`, V4
   * additional headers. `Host` defaults to the URL's host.
   */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * The time to verify at.
   *
   * @default {the decoded URL's `now`}
   */
  readonly now?: Date | undefined;
  /** When the credentials' STS token expires, if known. */
  readonly tokenExpiresAt?: Date | undefined;
}

/**
 * The verdict: `valid`; `expired` (the signature matches but the URL is past
 * its expiry); `invalid`; or `not-verified` (unsigned, or the bucket is
 * unknown).
 */
export type VerifyStatus = "valid" | "expired" | "invalid" | "not-verified";

/** The error OSS answers, as the emulator's verifier gives it. */
export interface OssErrorInfo {
  /** The HTTP status. */
  readonly status: number;
  /** The OSS error code, for example `SignatureDoesNotMatch`. */
  readonly code: string;
  /** The OSS error message. */
  readonly message: string;
  /** The fine-grained error code (`x-oss-ec`), when OSS documents one. */
  readonly ec: string | undefined;
  /** Extra elements of the error body (STS token redacted). */
  readonly details: readonly (readonly [string, string])[];
}

/**
 * How firmly evidence supports a cause: `verified` (with the given secret,
 * the signature matches once the cause is undone, or OSS's own check
 * fails for it), `strong` (the URL shows it), `weak` (nothing rules it out).
 */
export type EvidenceStrength = "verified" | "strong" | "weak";

/** One piece of evidence for a cause. */
export interface CauseEvidence {
  /** How firmly it supports the cause. */
  readonly strength: EvidenceStrength;
  /** What was seen or tried, in sentence case without a final period. */
  readonly text: string;
}

/** One likely cause of a failure, with the evidence for it. */
export interface InspectCause {
  /** A stable kebab-case code, for example `cause-truncated-url`. */
  readonly code: InspectCauseCode;
  /** What happened and what to do, in one sentence. */
  readonly summary: string;
  /** Why inspect thinks so, strongest first. */
  readonly evidence: readonly CauseEvidence[];
}

/** What {@linkcode verifySignedUrl} found. */
export interface Verification {
  /** The verdict. */
  readonly status: VerifyStatus;
  /** Why the URL was not verified (`not-verified` only). */
  readonly reason: string | undefined;
  /** The method the URL was verified for. */
  readonly method: string;
  /** What OSS would answer; `undefined` when valid or not verified. */
  readonly error: OssErrorInfo | undefined;
  /**
   * Whether the signature itself matches (checked at a time the URL was
   * valid, with its own scope and token); `undefined` when not reached.
   */
  readonly signatureMatches: boolean | undefined;
  /** Our StringToSign (STS token redacted). */
  readonly stringToSign: string | undefined;
  /** Our V4 canonical request (STS token redacted). */
  readonly canonicalRequest: string | undefined;
  /** The summaries of {@linkcode Verification.rankedCauses}, in rank order. */
  readonly causes: readonly string[];
  /**
   * The likely causes of a failure with their evidence, ranked: the
   * strongest evidence first (a cause a repair verified leads), ties in a
   * fixed order (a truncated URL first, a wrong secret late).
   */
  readonly rankedCauses: readonly InspectCause[];
  /** Repairs tried that did not make the signature match. */
  readonly ruledOut: readonly string[];
  /** Other remarks. */
  readonly notes: readonly string[];
}
