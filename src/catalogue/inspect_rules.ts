/**
 * The rules of `osslinks inspect`: every finding and cause code it can
 * emit (`INSPECT_CODES`), described for the catalogue, `docs/rules.md` and
 * SARIF. The record is keyed by code, so a code without an entry here does
 * not compile.
 *
 * @module
 */
import type { InspectCauseCode, InspectFindingCode } from "../inspect/codes.ts";
import type { RuleDoc } from "./rule_doc.ts";
import type { RuleInfo } from "./rule_info.ts";

/** Inspect codes that are also manifest rules, documented with those. */
export const SHARED_INSPECT_CODES = [
  "expires-too-long",
  "traffic-limit-range",
] as const;

type OwnInspectCode = Exclude<
  InspectFindingCode | InspectCauseCode,
  typeof SHARED_INSPECT_CODES[number]
>;

interface InspectRuleText extends RuleDoc {
  readonly severity: RuleInfo["severity"];
  readonly description: string;
}

const CUT =
  "Copy the whole URL again and quote it in the shell (an unquoted `&` ends the command and drops the rest).";
const SIGN_AGAIN = "Sign the URL again with one signer and use it unchanged.";

const TEXT: Readonly<Record<OwnInspectCode, InspectRuleText>> = {
  "bucket-flag-ignored": {
    severity: "warning",
    description: "--bucket agrees with the bucket the URL's host or path names",
    why:
      "The URL's own bucket wins, so a --bucket that differs is ignored and may hide a URL pasted for the wrong bucket.",
    fix: "Drop --bucket, or inspect the URL of the bucket you meant.",
    tags: ["inspect", "bucket"],
  },
  "bucket-unknown": {
    severity: "warning",
    description:
      "The bucket is known: the host or path names it, or --bucket gives it",
    why:
      "The signature covers the real bucket name even on a custom domain; without it the signature cannot be checked.",
    fix: "Pass --bucket with the bucket the custom domain is bound to.",
    tags: ["inspect", "bucket"],
  },
  "disposition-syntax": {
    severity: "warning",
    description:
      'response-content-disposition says filename="…", not filename:',
    why:
      "Browsers ignore a filename written with a colon and save the object under its key.",
    fix:
      "Write `attachment; filename=\"name\"` (plus `filename*=UTF-8''…` for non-ASCII names) and sign again.",
    tags: ["inspect", "disposition"],
  },
  "duplicate-param": {
    severity: "error",
    description: "No query parameter appears twice",
    why:
      "OSS reads the first value of a repeated parameter; a second one was added after signing and either breaks a V4 signature or is silently ignored.",
    fix: "Keep one occurrence: the one the URL was signed with.",
    tags: ["inspect", "url"],
  },
  expired: {
    severity: "error",
    description: "The URL has not expired at the time it is checked (--now)",
    why:
      'OSS answers 403 AccessDenied "Request has expired." once the signed expiry has passed.',
    fix:
      "Sign a new URL; the expiry is signed, so editing it breaks the signature.",
    tags: ["inspect", "expiry"],
  },
  "expires-out-of-range": {
    severity: "warning",
    description: "A V1 Expires is a Unix time in seconds that a date can hold",
    why:
      "An Expires past year 275760 is almost always milliseconds written where V1 wants seconds.",
    fix: "Sign with Expires in seconds since 1970.",
    tags: ["inspect", "expiry", "signature"],
  },
  "http-scheme": {
    severity: "warning",
    description: "The URL uses https",
    why:
      "An http URL travels in clear text, so anyone on the path can read and replay it until it expires, and https pages block it as mixed content.",
    fix: "Sign with https (ali-oss in Node needs `secure: true`).",
    tags: ["inspect", "security"],
    securitySeverity: 5.3,
  },
  "inline-on-default-domain": {
    severity: "info",
    description:
      "An inline preview is served from a custom domain, not an OSS domain",
    why:
      "On its `*.aliyuncs.com` domains OSS forces a download of images and web pages for most buckets, whatever response-content-disposition says.",
    fix: "Serve previews through a custom domain bound to the bucket.",
    tags: ["inspect", "preview", "domain"],
  },
  "internal-domain": {
    severity: "info",
    description: "The URL's host is not an internal (VPC) endpoint",
    why:
      "An internal endpoint resolves only from ECS or VPC in the same region; anyone else cannot open the URL.",
    fix: "Sign for the public endpoint when the URL leaves the VPC.",
    tags: ["inspect", "domain"],
  },
  "key-double-encoded": {
    severity: "warning",
    description: "The key holds no percent-escape after decoding the path once",
    why:
      "A key still holding `%XX` after decoding was most likely encoded twice, so the URL names another object than the one signed.",
    fix:
      "Encode the raw key once; ignore the finding if the object's name really contains the text.",
    tags: ["inspect", "key"],
  },
  "key-leading-slash": {
    severity: "warning",
    description: 'The key does not start with "/" or "\\"',
    why:
      'Object names cannot start with "/"; a doubled slash in the path means the URL names another key than the one signed (ali-oss strips a leading "/").',
    fix: 'Drop the extra "/" from the path.',
    tags: ["inspect", "key"],
  },
  "key-malformed": {
    severity: "error",
    description: "The path's percent-escapes are well formed",
    why: "OSS rejects a path with a lone `%` or a cut escape (InvalidURI).",
    fix: "Write a `%` in a key as `%25`; copy the URL whole.",
    tags: ["inspect", "key"],
  },
  "key-plus": {
    severity: "info",
    description: 'The path has no literal "+"',
    why:
      'OSS reads "+" in a path as a plus sign; tools that meant a space get another object.',
    fix: "Write a space in a key as `%20`, a plus as `%2B`.",
    tags: ["inspect", "key"],
  },
  "key-whitespace": {
    severity: "warning",
    description: "The key does not start or end with a space",
    why:
      "Copies and editors add or drop leading and trailing spaces, so such keys are easily lost.",
    fix: "Check that the object's name really has the space.",
    tags: ["inspect", "key"],
  },
  "malformed-param": {
    severity: "error",
    description:
      "The signature parameters have their documented form (x-oss-credential, x-oss-date, x-oss-expires, Expires, x-oss-additional-headers)",
    why:
      "OSS rejects a malformed signature parameter before it checks the signature.",
    fix: SIGN_AGAIN,
    tags: ["inspect", "signature"],
  },
  "missing-param": {
    severity: "error",
    description: "Every parameter the URL's signature version needs is there",
    why:
      "A URL with some but not all signature parameters was cut, most often at an `&` by a shell or a chat tool; OSS rejects it.",
    fix: CUT,
    tags: ["inspect", "signature"],
  },
  "mixed-signature": {
    severity: "error",
    description: "The URL carries V1 or V4 signature parameters, not both",
    why: "OSS answers InvalidArgument to a URL with both.",
    fix: SIGN_AGAIN,
    tags: ["inspect", "signature"],
  },
  "no-key": {
    severity: "info",
    description: "The URL names an object",
    why:
      "A URL without a key addresses the bucket itself, which is rarely what a shared link means.",
    fix: "Check that the key was not lost when the URL was built or copied.",
    tags: ["inspect", "key"],
  },
  "param-malformed": {
    severity: "error",
    description: "Query parameters have well-formed percent-escapes",
    why: "OSS rejects a query with a lone `%` or a cut escape (InvalidURI).",
    fix: "Write a `%` in a value as `%25`; copy the URL whole.",
    tags: ["inspect", "url"],
  },
  "path-normalized": {
    severity: "warning",
    description: 'URL parsers keep the path as written (no ".", ".." or "\\")',
    why:
      "Browsers and HTTP clients rewrite such paths before sending them, so they request another key than the one signed.",
    fix: 'Avoid ".", ".." segments and backslashes in keys.',
    tags: ["inspect", "key"],
  },
  "path-style-forbidden": {
    severity: "error",
    description:
      "The URL does not put the bucket in the path of an OSS region endpoint",
    why: "OSS answers SecondLevelDomainForbidden to path-style requests.",
    fix: "Use the virtual-hosted form `<bucket>.oss-<region>.aliyuncs.com`.",
    tags: ["inspect", "domain"],
  },
  "plus-in-query": {
    severity: "error",
    description:
      'Query values have no literal "+" (an error in the signature, the AccessKey or the STS token)',
    why:
      'OSS reads "+" in a query as a space; in a signature or token it means the URL lost its encoding and fails.',
    fix: 'Encode "+" as `%2B`; copy the URL from its source again.',
    tags: ["inspect", "url"],
  },
  "product-unsupported": {
    severity: "warning",
    description: 'The V4 scope\'s product is "oss"',
    why:
      "osslinks verifies OSS scopes only; a CloudBox (`oss-cloudbox`) URL is decoded but not verified.",
    fix: "Verify CloudBox URLs against CloudBox.",
    tags: ["inspect", "signature"],
  },
  "region-flag-ignored": {
    severity: "warning",
    description: "--region agrees with the region the URL's host names",
    why:
      "The host's region wins, so a --region that differs is ignored and may hide a mistake.",
    fix: "Drop --region, or inspect the URL of the region you meant.",
    tags: ["inspect", "region"],
  },
  "region-mismatch": {
    severity: "error",
    description:
      "The V4 scope's region is the host's region (or --region on a custom domain)",
    why:
      "OSS refuses a V4 URL whose scope names another region (EC 0002-00000226 or 0002-00000228); ali-oss signs for cn-hangzhou when only an endpoint is set.",
    fix: "Sign with the bucket's region.",
    tags: ["inspect", "region"],
  },
  "region-unchecked": {
    severity: "info",
    description:
      "The V4 scope's region can be checked: the host names a region, or --region gives it",
    why:
      "On a custom domain the host does not say the bucket's region, so a scope for another region goes unnoticed until OSS refuses it.",
    fix: "Pass --region with the bucket's region.",
    tags: ["inspect", "region"],
  },
  "scope-date-mismatch": {
    severity: "error",
    description: "The V4 scope's date is the date of x-oss-date",
    why:
      "Both come from one signing time; when they differ, one was edited and OSS refuses the URL.",
    fix: SIGN_AGAIN,
    tags: ["inspect", "signature"],
  },
  "scope-region-prefix": {
    severity: "error",
    description: 'The V4 scope\'s region has no "oss-" prefix',
    why:
      'V4 scopes use the region id ("cn-hangzhou"); OSS refuses "oss-cn-hangzhou" (EC 0002-00000226).',
    fix: 'Sign with the region id without "oss-".',
    tags: ["inspect", "region", "signature"],
  },
  "signature-malformed": {
    severity: "error",
    description:
      "The signature has its version's form: V1 28 base64 characters, V4 64 lower-case hex digits",
    why:
      "A signature of another length or alphabet was cut, upper-cased or altered after signing, or belongs to the other version.",
    fix: CUT,
    tags: ["inspect", "signature"],
  },
  "signed-headers": {
    severity: "info",
    description: "Headers a V4 URL signs (x-oss-additional-headers) are noted",
    why:
      "A client that does not send those headers with the signed values gets SignatureDoesNotMatch.",
    fix: "Send the headers, and pass them to inspect with --header.",
    tags: ["inspect", "signature"],
  },
  "signed-in-future": {
    severity: "warning",
    description:
      "The URL was not signed more than 15 min after the time it is checked at",
    why:
      "A signer whose clock is ahead makes URLs that OSS may refuse (RequestTimeTooSkewed) until the clocks agree.",
    fix: "Sync the signer's clock (NTP), or check --now.",
    tags: ["inspect", "expiry"],
  },
  "token-empty": {
    severity: "error",
    description: "An STS token parameter, when present, is not empty",
    why: "OSS rejects an empty token (InvalidSecurityToken).",
    fix:
      "Sign with the session's token, or drop the parameter for a permanent AccessKey.",
    tags: ["inspect", "sts"],
  },
  "unknown-override": {
    severity: "warning",
    description: "response-* parameters are overrides OSS knows",
    why:
      "OSS ignores an unknown response-* name, so the header it was meant to set keeps the object's value.",
    fix:
      "Use response-content-type, -content-language, -expires, -cache-control, -content-disposition or -content-encoding.",
    tags: ["inspect", "url"],
  },
  unsigned: {
    severity: "error",
    description: "The URL carries a V1 or V4 signature",
    why: "Without a signature only public-read objects open.",
    fix: "Sign the URL, or make sure the object is meant to be public.",
    tags: ["inspect", "signature"],
  },
  "url-fragment": {
    severity: "warning",
    description: "The URL has no #fragment",
    why:
      'Clients never send the fragment; a bare "#" in a key cuts the path there and drops everything after it.',
    fix: 'Write "#" in a key as `%23`.',
    tags: ["inspect", "url"],
  },
  "url-truncated": {
    severity: "error",
    description:
      "A URL without a signature does not carry what only signed URLs carry (signing parameters, response-* overrides, a signature after #)",
    why:
      "Such a URL had a signature and lost it: it was cut at an `&` (shell, chat tool) or at a bare `#` in the key, so OSS sees an anonymous request and refuses it.",
    fix: CUT,
    tags: ["inspect", "url"],
  },
  "url-whitespace": {
    severity: "warning",
    description: "The URL as given has no spaces or line breaks",
    why:
      "A wrapped or hand-edited copy gains whitespace; parsers drop line breaks and encode spaces, which changes what is signed.",
    fix: "Copy the URL again from its source, on one line.",
    tags: ["inspect", "url"],
  },
  "v1-deprecated": {
    severity: "info",
    description: "The URL is signed with V4, not V1",
    why: "OSS no longer offers V1 to new accounts and buckets.",
    fix: "Sign with V4 (the default of `osslinks sign`).",
    tags: ["inspect", "signature"],
  },
  "v1-unsigned-params": {
    severity: "info",
    description: "Every query parameter of a V1 URL is signed",
    why:
      "V1 signs only sub-resources and x-oss-* parameters; anyone may change or drop the others without breaking the URL.",
    fix: "Sign with V4, which signs every parameter.",
    tags: ["inspect", "signature"],
  },
  "v4-all-params-signed": {
    severity: "info",
    description:
      "A V4 URL is used with exactly the parameters it was signed with",
    why:
      "V4 signs every query parameter: one added (a tracking tag), removed or changed after signing breaks the URL.",
    fix: "Add parameters before signing, never after.",
    tags: ["inspect", "signature"],
  },
  "cause-truncated-url": {
    severity: "error",
    description:
      "Cause: the URL was cut (at an &, a #, whitespace; missing signature parts; a short signature)",
    why:
      "A cut URL lacks what its signature needs. Evidence: missing or short signature parameters, leftovers of a signed URL, whitespace; verified when the signature is the start of the one the secret gives.",
    fix: CUT,
    tags: ["inspect", "cause"],
  },
  "cause-wrong-signature-version": {
    severity: "error",
    description:
      "Cause: V1 and V4 were mixed up (parameters or values of one where the other is expected)",
    why:
      "A V1 Expires written as a duration, an x-oss-expires written as a Unix time, a signature of the other version's form, or both versions' parameters make OSS refuse the URL.",
    fix: SIGN_AGAIN,
    tags: ["inspect", "cause"],
  },
  "cause-wrong-host": {
    severity: "error",
    description:
      "Cause: the URL is used on another host, bucket or region than it was signed for",
    why:
      "The V4 scope names a region, a signed Host header names a host, and every signature covers the bucket. Evidence: the scope's region against the host's, the bucket in the path; verified when the signature matches for the other host or bucket.",
    fix: "Use the URL on the host it was signed for, or sign it for this one.",
    tags: ["inspect", "cause"],
  },
  "cause-clock-skew": {
    severity: "error",
    description: "Cause: the signer's clock is off",
    why:
      "A clock ahead makes URLs OSS refuses as signed in the future (RequestTimeTooSkewed); a clock behind makes URLs that are born expired.",
    fix: "Sync the signer's clock (NTP), or check --now.",
    tags: ["inspect", "cause"],
  },
  "cause-expired": {
    severity: "error",
    description: "Cause: the URL expired",
    why:
      "OSS refuses a URL past its signed expiry; verified when the signature itself still matches.",
    fix: "Sign a new URL.",
    tags: ["inspect", "cause"],
  },
  "cause-wrong-method": {
    severity: "error",
    description:
      "Cause: the URL is used with another HTTP method than it was signed for",
    why:
      "The method is signed: a GET URL fails for HEAD. Verified when the signature matches for another method.",
    fix:
      "Use the method the URL was signed for (--method to verify), or sign one for this method.",
    tags: ["inspect", "cause"],
  },
  "cause-sts-token": {
    severity: "error",
    description:
      "Cause: the STS token is missing, empty, of another session or expired",
    why:
      "A URL signed with temporary credentials works only with that session's token, and only until the token expires.",
    fix: "Sign with the current session's key and token.",
    tags: ["inspect", "cause", "sts"],
  },
  "cause-wrong-access-key-id": {
    severity: "error",
    description:
      "Cause: the URL names another AccessKey ID than the credentials",
    why:
      "OSS looks the secret up by the URL's AccessKey ID. Verified when the given secret makes the signature under the URL's ID: then the credentials pair the secret with another ID.",
    fix:
      "Verify (or sign) with the AccessKey ID and secret that belong together.",
    tags: ["inspect", "cause"],
  },
  "cause-wrong-secret": {
    severity: "error",
    description: "Cause: the secret is not the one of the URL's AccessKey ID",
    why:
      "With another secret no signature matches. Inspect ranks this cause when no repair verifies and the URL shows no damage.",
    fix: "Check OSS_ACCESS_KEY_SECRET (or ALIBABA_CLOUD_ACCESS_KEY_SECRET).",
    tags: ["inspect", "cause"],
  },
  "cause-modified-url": {
    severity: "error",
    description:
      "Cause: the key or the query changed after signing (re-encoded, added, removed or changed parameters)",
    why:
      "Proxies, CDNs, chat tools and copies re-encode keys and values, add tracking parameters or change case. Verified when the signature matches once the change is undone (the path re-encoded, a parameter dropped…).",
    fix: "Use the URL exactly as signed; add parameters before signing.",
    tags: ["inspect", "cause"],
  },
  "cause-signed-headers": {
    severity: "error",
    description:
      "Cause: the URL was signed with headers the request does not send",
    why:
      "Content-Type, Content-MD5 and x-oss-* headers given when signing (uploads) must be sent with the same values.",
    fix: "Send the same headers; pass them to inspect with --header.",
    tags: ["inspect", "cause"],
  },
  "cause-rejected-parameters": {
    severity: "error",
    description: "Cause: OSS rejects a parameter before checking the signature",
    why:
      "A malformed or out-of-range parameter (an x-oss-expires beyond 7 days, a bad credential) fails whatever the signature.",
    fix: SIGN_AGAIN,
    tags: ["inspect", "cause"],
  },
};

/** The rules of inspect's own codes, for the catalogue. */
export const INSPECT_RULES: readonly RuleInfo[] = Object.entries(TEXT).map((
  [id, { severity, description }],
) => ({
  id,
  severity,
  description,
  commands: ["inspect"] as const,
  waivable: false,
}));

/** The documentation of inspect's own codes, for `RULE_DOCS`. */
export const INSPECT_RULE_DOCS: Readonly<Record<string, RuleDoc>> = Object
  .fromEntries(
    Object.entries(TEXT).map((
      [id, { why, fix, tags, securitySeverity }],
    ) => [
      id,
      securitySeverity === undefined
        ? { why, fix, tags }
        : { why, fix, tags, securitySeverity },
    ]),
  );
