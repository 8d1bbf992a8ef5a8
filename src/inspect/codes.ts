/**
 * Every code `osslinks inspect` can emit: the codes of its findings and of
 * the causes it ranks. The finding and cause types take their codes from
 * these lists, so the compiler refuses a code missing here, and the rule
 * catalogue documents each one.
 *
 * @module
 */

/** The codes of the findings `decodeSignedUrl` reports. */
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

/** Every code inspect can emit, findings then causes. */
export const INSPECT_CODES: readonly (InspectFindingCode | InspectCauseCode)[] =
  [...INSPECT_FINDING_CODES, ...INSPECT_CAUSE_CODES];
