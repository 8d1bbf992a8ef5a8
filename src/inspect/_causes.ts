/**
 * The causes of a failing URL, ranked: the causes its findings point to
 * (no secret needed), merged with those the verifier and its repairs
 * found, strongest evidence first.
 *
 * @module
 */
import { MAX_SKEW_MS } from "../oss/credentials.ts";
import { INSPECT_CAUSE_CODES, type InspectCauseCode } from "./codes.ts";
import { formatDuration } from "../manifest/duration.ts";
import type {
  CauseEvidence,
  DecodedSignedUrl,
  EvidenceStrength,
  InspectCause,
} from "./types.ts";

/** A V1 `Expires` below this (2001-09-09) was written as a duration. */
const V1_DURATION_LIMIT = 1_000_000_000;

const STRENGTH_RANK: Readonly<Record<EvidenceStrength, number>> = {
  verified: 0,
  strong: 1,
  weak: 2,
};

/**
 * Builds a cause.
 *
 * @param code The cause's code.
 * @param summary What happened and what to do.
 * @param evidence Why inspect thinks so.
 * @returns The cause.
 */
export function cause(
  code: InspectCauseCode,
  summary: string,
  ...evidence: CauseEvidence[]
): InspectCause {
  return { code, summary, evidence };
}

/**
 * Builds one piece of evidence.
 *
 * @param strength How firmly it supports the cause.
 * @param text What was seen or tried.
 * @returns The evidence.
 */
export function evidence(
  strength: EvidenceStrength,
  text: string,
): CauseEvidence {
  return { strength, text };
}

function strongest(item: InspectCause): number {
  return Math.min(...item.evidence.map((e) => STRENGTH_RANK[e.strength]), 3);
}

function sortedEvidence(items: readonly CauseEvidence[]): CauseEvidence[] {
  const unique = items.filter((item, index) =>
    items.findIndex((other) => other.text === item.text) === index
  );
  return unique.sort((a, b) =>
    STRENGTH_RANK[a.strength] - STRENGTH_RANK[b.strength]
  );
}

/**
 * Ranks causes: those of one code from the URL's findings join the first
 * cause of that code the verifier gave (their evidence adds up), then the
 * causes sort by their strongest evidence, ties in the order of
 * `INSPECT_CAUSE_CODES`, then as given.
 *
 * @param verified The causes from the verifier and its repairs.
 * @param seen The causes the URL's findings point to.
 * @returns The ranked causes, each with its evidence strongest first.
 */
export function rankCauses(
  verified: readonly InspectCause[],
  seen: readonly InspectCause[],
): InspectCause[] {
  const merged = verified.map((item) => ({
    ...item,
    evidence: [...item.evidence],
  }));
  for (const item of seen) {
    const same = merged.find((other) => other.code === item.code);
    if (same === undefined) {
      merged.push({ ...item, evidence: [...item.evidence] });
    } else same.evidence.push(...item.evidence);
  }
  return merged
    .map((item) => ({ ...item, evidence: sortedEvidence(item.evidence) }))
    .map((item, index) => ({ item, index }))
    .sort((a, b) =>
      strongest(a.item) - strongest(b.item) ||
      INSPECT_CAUSE_CODES.indexOf(a.item.code) -
        INSPECT_CAUSE_CODES.indexOf(b.item.code) ||
      a.index - b.index
    )
    .map(({ item }) => item);
}

const CUT_SUMMARY =
  "The URL was cut: copy it whole, and quote it in the shell (an unquoted & drops the rest)";

function truncationCauses(decoded: DecodedSignedUrl): InspectCause[] {
  const out: InspectCause[] = [];
  for (const finding of decoded.findings) {
    if (finding.code === "url-truncated" || finding.code === "missing-param") {
      out.push(cause(
        "cause-truncated-url",
        CUT_SUMMARY,
        evidence("strong", finding.message),
      ));
    }
    if (finding.code === "url-whitespace") {
      out.push(cause(
        "cause-truncated-url",
        CUT_SUMMARY,
        evidence(
          "strong",
          "The URL as given contains whitespace: a copy that wrapped or stopped at a space",
        ),
      ));
    }
  }
  const signature = decoded.signatureValue;
  const full = decoded.signature === "v4" ? 64 : 28;
  if (
    signature !== undefined &&
    (decoded.signature === "v4"
      ? /^[0-9a-f]{1,63}$/.test(signature)
      : decoded.signature === "v1" && /^[A-Za-z0-9+/]{1,27}$/.test(signature))
  ) {
    out.push(cause(
      "cause-truncated-url",
      CUT_SUMMARY,
      evidence(
        "strong",
        `The signature has ${signature.length} of the ${full} characters a ${decoded.signature.toUpperCase()} signature has`,
      ),
    ));
  }
  return out;
}

const VERSION_SUMMARY =
  "The URL mixes V1 and V4 signing (parameters or values of one version where the other is expected): sign it again with one signer";

function versionCauses(decoded: DecodedSignedUrl): InspectCause[] {
  const out: InspectCause[] = [];
  const signature = decoded.signatureValue;
  const versionCause = (text: string) =>
    out.push(
      cause(
        "cause-wrong-signature-version",
        VERSION_SUMMARY,
        evidence("strong", text),
      ),
    );
  if (decoded.signature === "mixed") {
    versionCause(
      "The URL has both V1 (OSSAccessKeyId, Expires, Signature) and V4 (x-oss-*) signature parameters",
    );
  }
  if (
    decoded.signature === "v4" && signature !== undefined &&
    /^[A-Za-z0-9+/]{27}=$/.test(signature)
  ) {
    versionCause(
      "The x-oss-signature is 28 base64 characters, the form of a V1 (HMAC-SHA1) signature; V4 signatures are 64 hex digits",
    );
  }
  if (
    decoded.signature === "v1" && signature !== undefined &&
    /^[0-9a-f]{64}$/.test(signature)
  ) {
    versionCause(
      "The Signature is 64 hex digits, the form of a V4 (HMAC-SHA256) signature; V1 signatures are 28 base64 characters",
    );
  }
  const { expiresAt } = decoded;
  if (
    decoded.signature === "v1" && expiresAt !== undefined &&
    expiresAt.getTime() / 1000 < V1_DURATION_LIMIT
  ) {
    versionCause(
      `"Expires" is ${
        expiresAt.getTime() / 1000
      }, that is ${expiresAt.toISOString()}: a duration, as V4's x-oss-expires is, where V1 wants an absolute Unix time`,
    );
  }
  if (
    decoded.findings.some((finding) => finding.code === "expires-out-of-range")
  ) {
    versionCause(
      '"Expires" is past any real date: a time in milliseconds where V1 wants seconds',
    );
  }
  const lifetime = decoded.v4?.expiresSeconds;
  if (lifetime !== undefined && lifetime >= V1_DURATION_LIMIT) {
    versionCause(
      `"x-oss-expires" is ${lifetime}: an absolute Unix time, as V1's Expires is, where V4 wants seconds after x-oss-date`,
    );
  }
  return out;
}

function hostCauses(decoded: DecodedSignedUrl): InspectCause[] {
  const out: InspectCause[] = [];
  const region = decoded.v4?.region;
  for (const finding of decoded.findings) {
    if (finding.code === "region-mismatch" && region !== undefined) {
      const where = decoded.hostRegion === undefined
        ? `--region says ${decoded.region}`
        : `the host says ${decoded.hostRegion}`;
      out.push(cause(
        "cause-wrong-host",
        `The URL was signed for region ${region} but is used on a host of another region: sign it for the bucket's region, or use the host of ${region}`,
        evidence("strong", `The credential scope says ${region}, ${where}`),
      ));
    }
    if (finding.code === "scope-region-prefix") {
      out.push(cause(
        "cause-wrong-host",
        'The signer put the "oss-" prefix in the V4 scope\'s region: sign with the region id alone',
        evidence("strong", finding.message),
      ));
    }
    if (finding.code === "path-style-forbidden") {
      out.push(cause(
        "cause-wrong-host",
        `The bucket is in the path of an OSS endpoint, which OSS refuses: use the host ${decoded.bucket}.${decoded.hostname}`,
        evidence("strong", finding.message),
      ));
    }
  }
  return out;
}

function timeCauses(decoded: DecodedSignedUrl): InspectCause[] {
  const out: InspectCause[] = [];
  const { signedAt, expiresAt, now } = decoded;
  if (
    signedAt !== undefined && signedAt.getTime() > now.getTime() + MAX_SKEW_MS
  ) {
    out.push(cause(
      "cause-clock-skew",
      "The signer's clock is ahead (or --now is wrong): OSS refuses a URL signed more than 15 min in its future",
      evidence(
        "strong",
        `x-oss-date is ${signedAt.toISOString()}, ${
          formatDuration((signedAt.getTime() - now.getTime()) / 1000, {
            units: 2,
          })
        } after ${now.toISOString()}`,
      ),
    ));
  }
  if (expiresAt === undefined || !decoded.expired) return out;
  if (expiresAt.getTime() / 1000 >= V1_DURATION_LIMIT) {
    out.push(cause(
      "cause-expired",
      "The URL expired: sign a new one (the expiry is signed, so editing it breaks the signature)",
      evidence(
        "strong",
        `It expired at ${expiresAt.toISOString()}, ${
          formatDuration(
            Math.ceil((now.getTime() - expiresAt.getTime()) / 1000),
            { units: 2 },
          )
        } before ${now.toISOString()}`,
      ),
    ));
  }
  if (
    signedAt !== undefined &&
    now.getTime() - expiresAt.getTime() <= MAX_SKEW_MS
  ) {
    out.push(cause(
      "cause-clock-skew",
      "The signer's clock is behind: a URL signed just now can be born expired",
      evidence(
        "weak",
        `It expired only ${
          formatDuration(
            Math.ceil((now.getTime() - expiresAt.getTime()) / 1000),
            { units: 2 },
          )
        } ago: if it was signed moments ago, the signer's clock is behind`,
      ),
    ));
  }
  return out;
}

const MODIFIED_SUMMARY =
  "The URL changed after signing (a proxy, CDN, chat tool or copy re-encoded or edited it): use the URL exactly as signed";

/** Findings that show the URL was edited or re-encoded after signing. */
const MODIFIED_FINDINGS: ReadonlyMap<string, EvidenceStrength> = new Map([
  ["key-double-encoded", "strong"],
  ["key-malformed", "strong"],
  ["param-malformed", "strong"],
  ["path-normalized", "strong"],
  ["duplicate-param", "strong"],
  ["scope-date-mismatch", "strong"],
  ["key-whitespace", "weak"],
  ["key-leading-slash", "weak"],
  ["key-plus", "weak"],
]);

/**
 * Whether a malformed signature is explained otherwise: the start of one
 * (a cut) or the other version's form.
 */
function cutOrOtherVersion(decoded: DecodedSignedUrl): boolean {
  const signature = decoded.signatureValue ?? "";
  return decoded.signature === "v4"
    ? /^[0-9a-f]{1,63}$/.test(signature) ||
      /^[A-Za-z0-9+/]{27}=$/.test(signature)
    : /^[A-Za-z0-9+/]{1,27}$/.test(signature) ||
      /^[0-9a-f]{64}$/.test(signature);
}

function modifiedCauses(decoded: DecodedSignedUrl): InspectCause[] {
  const out: InspectCause[] = [];
  for (const finding of decoded.findings) {
    const strength = finding.code === "plus-in-query"
      ? (finding.severity === "error" ? "strong" : "weak")
      : MODIFIED_FINDINGS.get(finding.code);
    if (strength !== undefined) {
      out.push(
        cause(
          "cause-modified-url",
          MODIFIED_SUMMARY,
          evidence(strength, finding.message),
        ),
      );
    }
    if (finding.code === "signature-malformed" && !cutOrOtherVersion(decoded)) {
      out.push(
        cause(
          "cause-modified-url",
          MODIFIED_SUMMARY,
          evidence("strong", finding.message),
        ),
      );
    }
  }
  return out;
}

function otherCauses(decoded: DecodedSignedUrl): InspectCause[] {
  const out: InspectCause[] = [];
  for (const finding of decoded.findings) {
    if (finding.code === "token-empty") {
      out.push(cause(
        "cause-sts-token",
        "The STS token parameter is empty: sign with the session's token, or without the parameter for a permanent key",
        evidence("strong", finding.message),
      ));
    }
    if (finding.code === "malformed-param") {
      out.push(cause(
        "cause-rejected-parameters",
        "OSS rejects a signature parameter before it checks the signature: sign the URL again",
        evidence("strong", finding.message),
      ));
    }
    if (
      finding.code === "expires-too-long" &&
      (decoded.v4?.expiresSeconds ?? 0) < V1_DURATION_LIMIT
    ) {
      out.push(cause(
        "cause-rejected-parameters",
        "x-oss-expires is outside 1 to 604800 s (7 days): sign again with a shorter expiry",
        evidence("strong", finding.message),
      ));
    }
  }
  return out;
}

/**
 * The causes a decoded URL's findings point to, without a secret: a cut
 * (missing signature parts, a short signature, whitespace, parameters after
 * "#"), V1 and V4 mixed up, a scope for another region or a bucket in the
 * path, a skewed clock, expiry, changes after signing, a rejected
 * parameter.
 *
 * @param decoded The decoded URL.
 * @returns The causes, unranked.
 */
export function findingCauses(decoded: DecodedSignedUrl): InspectCause[] {
  return [
    ...truncationCauses(decoded),
    ...versionCauses(decoded),
    ...hostCauses(decoded),
    ...timeCauses(decoded),
    ...modifiedCauses(decoded),
    ...otherCauses(decoded),
  ];
}

/**
 * The causes of a URL whose signature verifies or was not checked: those
 * its findings point to, ranked, when it has an error finding; else none.
 *
 * @param decoded The decoded URL.
 * @returns The ranked causes.
 */
export function seenCauses(decoded: DecodedSignedUrl): InspectCause[] {
  return decoded.findings.some((finding) => finding.severity === "error")
    ? rankCauses([], findingCauses(decoded))
    : [];
}
