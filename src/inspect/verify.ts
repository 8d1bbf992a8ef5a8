/**
 * `verifySignedUrl`: checks a decoded signed URL with credentials, through
 * the emulator's verifier (the OSS checks, in OSS's order, with OSS's error
 * codes), and explains a failure.
 *
 * @module
 */
import { MAX_SKEW_MS } from "../oss/credentials.ts";
import { OssError } from "../oss/errors.ts";
import { parseQuery } from "../oss/request.ts";
import type { Credentials } from "../sign/presign.ts";
import { attempt, type AttemptInput } from "./_attempt.ts";
import {
  cause,
  evidence,
  findingCauses,
  rankCauses,
  seenCauses,
} from "./_causes.ts";
import { errorCauses, type MismatchProbe, probeMismatch } from "./_explain.ts";
import {
  redactTokens,
  requestHeaders,
  type SignedStrings,
  signedStrings,
  tokenOf,
} from "./signed_strings.ts";
import type {
  DecodedSignedUrl,
  InspectCause,
  OssErrorInfo,
  Verification,
  VerifyOptions,
  VerifyStatus,
} from "./types.ts";

/** The EC code of an expired URL. */
const EXPIRED_EC = "0002-00000069";

/** A time at which the URL has not expired and was already signed. */
function timeWithinValidity(decoded: DecodedSignedUrl, now: Date): Date {
  const { signedAt, expiresAt } = decoded;
  if (signedAt !== undefined) {
    const early = signedAt.getTime() > now.getTime() + MAX_SKEW_MS;
    const late = expiresAt !== undefined &&
      now.getTime() > expiresAt.getTime();
    return early || late ? signedAt : now;
  }
  return expiresAt !== undefined && now.getTime() > expiresAt.getTime()
    ? expiresAt
    : now;
}

function errorInfo(
  error: OssError,
  query: Readonly<Record<string, string>>,
): OssErrorInfo {
  return {
    status: error.status,
    code: error.code,
    message: error.message,
    ec: error.ec,
    details: error.details.map(([name, value]) => [
      name,
      redactTokens(value, query),
    ]),
  };
}

function result(
  status: VerifyStatus,
  fields: Partial<Omit<Verification, "status" | "causes">> & {
    readonly method: string;
    readonly strings: SignedStrings | undefined;
  },
): Verification {
  const ranked = fields.rankedCauses ?? [];
  return {
    status,
    reason: fields.reason,
    method: fields.method,
    error: fields.error,
    signatureMatches: fields.signatureMatches,
    stringToSign: fields.strings?.stringToSign,
    canonicalRequest: fields.strings?.canonicalRequest,
    causes: ranked.map((item) => item.summary),
    rankedCauses: ranked,
    ruledOut: fields.ruledOut ?? [],
    notes: fields.notes ?? [],
  };
}

function malformed(
  decoded: DecodedSignedUrl,
  error: OssError,
  method: string,
  strings: SignedStrings | undefined,
): Verification {
  return result("invalid", {
    method,
    strings,
    error: errorInfo(error, {}),
    rankedCauses: rankCauses([
      cause(
        "cause-modified-url",
        "A percent-escape is malformed (a lone % or a cut escape): the URL was cut or edited, or a % in the key or a value was not written %25",
        evidence(
          "verified",
          `OSS's check fails: ${error.code}, ${error.message}`,
        ),
      ),
    ], findingCauses(decoded)),
  });
}

function notVerifiedReason(decoded: DecodedSignedUrl): string | undefined {
  if (decoded.signature === "unsigned") return "unsigned URL";
  if (decoded.bucket === undefined) {
    return "the bucket is unknown: pass --bucket";
  }
  const product = decoded.v4?.product;
  if (product !== undefined && product !== "oss") {
    return `the scope product "${product}" is not supported`;
  }
  return undefined;
}

/**
 * The verification of a URL that could not be verified (no credentials, for
 * example), with the strings its signature covers, for comparing with those
 * of an OSS error.
 *
 * @example Usage
 * ```ts
 * import { presignUrl } from "@osslinks/osslinks";
 * import { decodeSignedUrl, notVerified } from "@osslinks/osslinks/inspect";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const url = presignUrl({
 *   signature: "v4", method: "GET", bucket: "examplebucket", key: "a.txt",
 *   region: "cn-hangzhou", credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
 *   signedAt: now, expires: 1800,
 * });
 * const verification = notVerified(decodeSignedUrl(url, { now }), "no credentials");
 * if (!verification.stringToSign?.startsWith("OSS4-HMAC-SHA256\n")) {
 *   throw new Error(JSON.stringify(verification));
 * }
 * ```
 *
 * @param decoded The decoded URL.
 * @param reason Why it was not verified, for example "no credentials".
 * @param options The method and headers the strings are built for.
 * @returns A `not-verified` verification.
 */
export function notVerified(
  decoded: DecodedSignedUrl,
  reason: string,
  options: Pick<VerifyOptions, "method" | "headers"> = {},
): Verification {
  const method = (options.method ?? "GET").toUpperCase();
  return result("not-verified", {
    reason,
    method,
    strings: signedStrings(decoded, { method, headers: options.headers }),
    rankedCauses: seenCauses(decoded),
  });
}

/**
 * Verifies a decoded signed URL with credentials, as OSS would at `now`:
 * the parameters, the V4 scope against the host's (or `--region`) region,
 * expiry, the AccessKey and STS token, then the signature. On a failure it
 * also checks the signature alone (at a time within validity, with the
 * URL's own token and scope) and, for a mismatch, tries the usual repairs
 * (another method, a parameter added after signing, a `+` read as a space,
 * a key encoded twice…) to say what most likely happened.
 *
 * The secret never appears in the result; the STS token is redacted from
 * the strings and error details.
 *
 * @example Usage
 * ```ts
 * import { decodeSignedUrl } from "@osslinks/osslinks/inspect";
 * import { verifySignedUrl } from "@osslinks/osslinks/inspect";
 * import { presignUrl } from "@osslinks/osslinks";
 * const credentials = { accessKeyId: "AKID", accessKeySecret: "secret" };
 * const signedAt = new Date("2026-11-28T09:00:00Z");
 * const url = presignUrl({
 *   signature: "v4", method: "GET", bucket: "examplebucket", key: "a.txt",
 *   region: "cn-hangzhou", credentials, signedAt, expires: 1800,
 * });
 * const verdict = verifySignedUrl(decodeSignedUrl(url, { now: signedAt }), credentials);
 * console.log(verdict.status); // valid
 * ```
 *
 * @param decoded The output of `decodeSignedUrl`.
 * @param credentials The AccessKey (and STS token) to verify with.
 * @param options The method, headers, time and STS token expiry.
 * @returns The verdict: `valid`, `expired` (the signature itself matches),
 * `invalid` (with OSS's error and the likely causes) or `not-verified`.
 */
export function verifySignedUrl(
  decoded: DecodedSignedUrl,
  credentials: Credentials,
  options: VerifyOptions = {},
): Verification {
  const method = (options.method ?? "GET").toUpperCase();
  const headers = requestHeaders(decoded, options.headers);
  const strings = signedStrings(decoded, { method, headers });
  const reason = notVerifiedReason(decoded);
  if (reason !== undefined) {
    return result("not-verified", {
      reason,
      method,
      strings,
      rankedCauses: seenCauses(decoded),
    });
  }
  let query: Record<string, string>;
  try {
    query = parseQuery(new URL(decoded.href).search);
  } catch (error) {
    if (!(error instanceof OssError)) throw error;
    return malformed(decoded, error, method, strings);
  }
  if (decoded.keyMalformed) {
    return malformed(
      decoded,
      new OssError(
        400,
        "InvalidURI",
        "Couldn't parse the specified URI: malformed path.",
      ),
      method,
      strings,
    );
  }
  const token = tokenOf(query);
  const envToken = credentials.securityToken || undefined;
  const now = options.now ?? decoded.now;
  const scopeRegion = decoded.v4?.region;
  const strict: AttemptInput = {
    method,
    query,
    key: decoded.key,
    headers,
    now,
    hostRegion: decoded.hostRegion,
    bucketRegion: decoded.region ?? scopeRegion ?? "",
    token: envToken ?? token,
    tokenExpiresAt: envToken === undefined ? undefined : options.tokenExpiresAt,
  };
  const notes: string[] = [];
  if (token && envToken === undefined) {
    notes.push(
      "The STS token was not compared: the credentials have none (set OSS_SESSION_TOKEN)",
    );
  }
  const strictError = attempt(decoded, credentials, strict);
  if (strictError === undefined) {
    return result("valid", {
      method,
      strings,
      signatureMatches: true,
      notes,
      rankedCauses: seenCauses(decoded),
    });
  }
  const relaxed: AttemptInput = {
    ...strict,
    now: timeWithinValidity(decoded, now),
    hostRegion: undefined,
    bucketRegion: scopeRegion ?? strict.bucketRegion,
    token,
    tokenExpiresAt: undefined,
  };
  const relaxedError = attempt(decoded, credentials, relaxed);
  const signatureMatches = relaxedError === undefined
    ? true
    : relaxedError.code === "SignatureDoesNotMatch"
    ? false
    : undefined;
  const context = {
    decoded,
    credentials,
    method,
    now,
    token,
    relaxed,
    signatureMatches,
  };
  const causes: InspectCause[] = errorCauses(strictError, context);
  let probe: MismatchProbe = { confirmed: [], ruledOut: [], generic: [] };
  if (signatureMatches === false) {
    probe = probeMismatch(decoded, credentials, relaxed, relaxedError);
    const mismatch = strictError.code === "SignatureDoesNotMatch";
    causes.push(
      ...(probe.confirmed.length > 0 ? probe.confirmed : probe.generic),
    );
    if (!mismatch) {
      notes.push(
        "Besides, the signature does not match even with the URL's own scope and token at a time it was valid",
      );
    }
  } else if (signatureMatches && strictError.code !== "SignatureDoesNotMatch") {
    notes.push(
      "The signature itself matches: only the check above fails",
    );
    const [first] = causes;
    if (first !== undefined) {
      causes[0] = {
        ...first,
        evidence: [
          evidence(
            "verified",
            "The signature verifies with the given secret at a time the URL was valid, with its own scope and token: only this check fails",
          ),
          ...first.evidence,
        ],
      };
    }
  }
  const status: VerifyStatus =
    strictError.ec === EXPIRED_EC && signatureMatches !== false
      ? "expired"
      : "invalid";
  return result(status, {
    method,
    strings,
    error: errorInfo(strictError, query),
    signatureMatches,
    rankedCauses: rankCauses(causes, findingCauses(decoded)),
    ruledOut: probe.ruledOut,
    notes,
  });
}
