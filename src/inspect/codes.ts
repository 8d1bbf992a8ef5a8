/**
 * Every code `osslinks inspect` can emit: the codes of its findings and of
 * the causes it ranks. The finding and cause types take their codes from
 * these lists, so the compiler refuses a code missing here, and the rule
 * catalogue documents each one.
 *
 * @module
 */

/**
 * The codes of the findings `decodeSignedUrl` reports.
 *
 * @example Usage
 * ```ts
 * import { decodeSignedUrl, INSPECT_FINDING_CODES } from "@osslinks/osslinks/inspect";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const url = "http://examplebucket.oss-cn-hangzhou.aliyuncs.com/a.txt";
 * const { findings } = decodeSignedUrl(url, { now });
 * const codes = findings.map((finding) => finding.code);
 * const known = codes.every((code) => INSPECT_FINDING_CODES.includes(code));
 * if (!codes.includes("unsigned") || !known) {
 *   throw new Error(codes.join());
 * }
 * ```
 */
export const INSPECT_FINDING_CODES = [
  "bucket-flag-ignored",
  "bucket-unknown",
  "disposition-syntax",
  "duplicate-param",
  "expired",
  "expires-out-of-range",
  "expires-too-long",
  "http-scheme",
  "inline-on-default-domain",
  "internal-domain",
  "key-double-encoded",
  "key-leading-slash",
  "key-malformed",
  "key-plus",
  "key-whitespace",
  "malformed-param",
  "missing-param",
  "mixed-signature",
  "no-key",
  "param-malformed",
  "path-normalized",
  "path-style-forbidden",
  "plus-in-query",
  "product-unsupported",
  "region-flag-ignored",
  "region-mismatch",
  "region-unchecked",
  "scope-date-mismatch",
  "scope-region-prefix",
  "signature-malformed",
  "signed-headers",
  "signed-in-future",
  "token-empty",
  "traffic-limit-range",
  "unknown-override",
  "unsigned",
  "url-fragment",
  "url-truncated",
  "url-whitespace",
  "v1-deprecated",
  "v1-unsigned-params",
  "v4-all-params-signed",
] as const;

/** A code of a finding of `decodeSignedUrl`. */
export type InspectFindingCode = typeof INSPECT_FINDING_CODES[number];

/**
 * The codes of the causes inspect ranks for a URL that fails, in the order
 * that breaks ties between causes with evidence of equal strength.
 *
 * @example Usage
 * ```ts
 * import { presignUrl } from "@osslinks/osslinks";
 * import {
 *   decodeSignedUrl,
 *   INSPECT_CAUSE_CODES,
 *   verifySignedUrl,
 * } from "@osslinks/osslinks/inspect";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const url = presignUrl({
 *   signature: "v4", method: "GET", bucket: "examplebucket", key: "a.txt",
 *   region: "cn-hangzhou", credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
 *   signedAt: now, expires: 1800,
 * });
 * const wrongSecret = { accessKeyId: "AKID", accessKeySecret: "not-the-secret" };
 * const { rankedCauses } = verifySignedUrl(decodeSignedUrl(url, { now }), wrongSecret, { now });
 * const codes = rankedCauses.map((cause) => cause.code);
 * const known = codes.every((code) => INSPECT_CAUSE_CODES.includes(code));
 * if (codes[0] !== "cause-wrong-secret" || !known) {
 *   throw new Error(codes.join());
 * }
 * ```
 */
export const INSPECT_CAUSE_CODES = [
  "cause-truncated-url",
  "cause-wrong-signature-version",
  "cause-wrong-host",
  "cause-clock-skew",
  "cause-expired",
  "cause-wrong-method",
  "cause-sts-token",
  "cause-wrong-access-key-id",
  "cause-wrong-secret",
  "cause-modified-url",
  "cause-signed-headers",
  "cause-rejected-parameters",
] as const;

/** A code of a cause inspect ranks. */
export type InspectCauseCode = typeof INSPECT_CAUSE_CODES[number];

/**
 * Every code inspect can emit, findings then causes.
 *
 * @example Usage
 * ```ts
 * import { INSPECT_CODES } from "@osslinks/osslinks/inspect";
 *
 * const known = (code: string) => (INSPECT_CODES as readonly string[]).includes(code);
 * if (!known("expired") || !known("cause-expired") || known("no-such-code")) {
 *   throw new Error("expired is a finding, cause-expired a cause");
 * }
 * ```
 */
export const INSPECT_CODES: readonly (InspectFindingCode | InspectCauseCode)[] =
  [...INSPECT_FINDING_CODES, ...INSPECT_CAUSE_CODES];
