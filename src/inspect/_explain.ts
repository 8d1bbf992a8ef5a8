/**
 * Why a signed URL fails: the likely causes of each OSS error, and for a
 * signature mismatch, the usual repairs tried one at a time with the
 * caller's secret, so that a cause can be confirmed rather than guessed.
 *
 * @module
 */
import type { OssError } from "../oss/errors.ts";
import type { Credentials } from "../sign/presign.ts";
import { v1Signature } from "../oss/v1.ts";
import { v4Signature, v4SigningKey } from "../oss/v4.ts";
import type { InspectCauseCode } from "./codes.ts";
import type { DecodedSignedUrl, InspectCause } from "./types.ts";
import { attempt, type AttemptInput } from "./_attempt.ts";
import { cause, evidence } from "./_causes.ts";
import { tokenOf } from "./signed_strings.ts";

/** What {@linkcode errorCauses} needs to word its explanations. */
export interface ExplainContext {
  /** The decoded URL. */
  readonly decoded: DecodedSignedUrl;
  /** The credentials verified with. */
  readonly credentials: Credentials;
  /** The method verified for. */
  readonly method: string;
  /** The time verified at. */
  readonly now: Date;
  /** The URL's STS token, if any. */
  readonly token: string | undefined;
  /** The verifier input at a time the URL was valid, with its own scope. */
  readonly relaxed: AttemptInput;
  /** Whether the signature matches with `relaxed`, when known. */
  readonly signatureMatches: boolean | undefined;
}

/** The outcome of {@linkcode probeMismatch}. */
export interface MismatchProbe {
  /** Causes a repair confirmed: with it, the signature matches. */
  readonly confirmed: InspectCause[];
  /** Repairs tried that did not help. */
  readonly ruledOut: string[];
  /** The causes left when no repair helps, most likely first. */
  readonly generic: InspectCause[];
}

const CUT =
  "the URL was cut or edited (quote it in the shell: an unquoted & drops the rest)";

function detail(error: OssError, name: string): string | undefined {
  return error.details.find(([key]) => key === name)?.[1];
}

/** Evidence that OSS's own check fails, as the verifier ran it. */
function ossSays(error: OssError) {
  return evidence(
    "verified",
    `OSS's check fails: ${error.code}${
      error.ec === undefined ? "" : ` (EC ${error.ec})`
    }, ${error.message}`,
  );
}

function regionCause(error: OssError, context: ExplainContext): InspectCause {
  const region = context.decoded.v4?.region ?? "?";
  if (error.ec === "0002-00000228") {
    return cause(
      "cause-wrong-host",
      `The scope region "${region}" is not the bucket's region "${context.decoded.region}": sign with the bucket's region`,
      ossSays(error),
      evidence(
        "strong",
        `The credential scope says ${region}, --region says ${context.decoded.region}`,
      ),
    );
  }
  const host = context.decoded.hostRegion;
  if (region.startsWith("oss-")) {
    return cause(
      "cause-wrong-host",
      `The scope region "${region}" has the "oss-" prefix: V4 scopes use "${
        region.slice(4)
      }"`,
      ossSays(error),
    );
  }
  return cause(
    "cause-wrong-host",
    `The scope region "${region}" is not the host's region "${host}": sign with "${host}" (ali-oss signs for cn-hangzhou when only an endpoint is set)${
      context.signatureMatches !== true
        ? ""
        : `, or use the URL on a host of ${region}${
          context.decoded.bucket === undefined
            ? ""
            : ` (${context.decoded.bucket}.oss-${region}.aliyuncs.com)`
        }`
    }`,
    ossSays(error),
    evidence(
      "strong",
      `The credential scope says ${region}, the host says ${host}`,
    ),
  );
}

function accessKeyCause(
  error: OssError,
  context: ExplainContext,
): InspectCause {
  const { decoded, credentials } = context;
  const sts = decoded.accessKeyId?.startsWith("STS.") ?? false;
  const found = [
    ossSays(error),
    evidence(
      "strong",
      `The URL names AccessKey ID "${decoded.accessKeyId}", the credentials "${credentials.accessKeyId}"`,
    ),
  ];
  const urlKey = decoded.accessKeyId;
  if (
    urlKey !== undefined && attempt(decoded, {
        accessKeyId: urlKey,
        accessKeySecret: credentials.accessKeySecret,
      }, { ...context.relaxed, token: context.token }) === undefined
  ) {
    found.unshift(evidence(
      "verified",
      `The signature verifies with the given secret under AccessKey ID "${urlKey}": the credentials pair that secret with another ID`,
    ));
  }
  return cause(
    "cause-wrong-access-key-id",
    `The URL was signed with AccessKey ID "${decoded.accessKeyId}", the credentials are for "${credentials.accessKeyId}": verify with the key that signed it${
      sts ? " (for an STS URL, that session's temporary key and token)" : ""
    }`,
    ...found,
  );
}

function tokenCause(error: OssError, summary: string) {
  return cause("cause-sts-token", summary, ossSays(error));
}

/**
 * Explains an OSS error other than a signature mismatch (whose causes come
 * from {@linkcode probeMismatch}).
 *
 * @param error The error the verifier gave.
 * @param context The URL, credentials, method and time.
 * @returns The likely causes, most likely first.
 */
export function errorCauses(
  error: OssError,
  context: ExplainContext,
): InspectCause[] {
  const { decoded } = context;
  switch (error.code) {
    case "SignatureDoesNotMatch":
      return [];
    case "InvalidAccessKeyId":
      return [accessKeyCause(error, context)];
    case "InvalidSecurityToken":
      return [tokenCause(
        error,
        context.token === ""
          ? "The URL's STS token is empty"
          : context.token === undefined
          ? "The credentials carry an STS token but the URL has none: a URL signed with STS credentials must carry security-token (V1) or x-oss-security-token (V4)"
          : "The URL carries an STS token but the credentials are permanent",
      )];
    case "AccessKeyIdAndSecurityTokenNotMatch":
      return [tokenCause(
        error,
        "The URL's STS token is not the credentials' token: the URL was signed in another STS session, or the token was altered (a + read as a space)",
      )];
    case "SecurityTokenExpired":
      return [tokenCause(
        error,
        `The STS token expired at ${
          detail(error, "Expiration")
        }: a URL signed with temporary credentials stops working with its token, whatever its own expiry`,
      )];
    case "RequestTimeTooSkewed":
      return [cause(
        "cause-clock-skew",
        `The URL was signed at ${decoded.signedAt?.toISOString()}, more than 15 min after ${context.now.toISOString()}: the signer's clock is ahead, or --now is wrong`,
        ossSays(error),
      )];
  }
  if (error.ec === "0002-00000069") {
    const expires = decoded.expiresAt?.getTime() ?? Infinity;
    return [cause(
      expires / 1000 < 1_000_000_000
        ? "cause-wrong-signature-version"
        : "cause-expired",
      `The URL expired at ${
        detail(error, "Expires")
      } (checked at ${context.now.toISOString()}): sign a new URL; the expiry is signed, so editing it breaks the signature`,
      ossSays(error),
    )];
  }
  if (error.ec === "0002-00000226" || error.ec === "0002-00000228") {
    return [regionCause(error, context)];
  }
  if (error.ec === "0002-00000232") {
    return [cause(
      (decoded.v4?.expiresSeconds ?? 0) >= 1_000_000_000
        ? "cause-wrong-signature-version"
        : "cause-rejected-parameters",
      "x-oss-expires is outside 1 to 604800 s (7 days): sign again with a shorter expiry",
      ossSays(error),
    )];
  }
  if (decoded.signature === "mixed") {
    return [cause(
      "cause-wrong-signature-version",
      "The URL has both V1 and V4 signature parameters: parameters of a second signing were added",
      ossSays(error),
    )];
  }
  const cut = decoded.findings.some((finding) =>
    finding.code === "missing-param"
  );
  return [cause(
    cut ? "cause-truncated-url" : "cause-rejected-parameters",
    `OSS rejects the URL's parameters (${error.message}): ${CUT}`,
    ossSays(error),
  )];
}

interface Repair {
  /** What was tried, for the "ruled out" list. */
  readonly label: string;
  /** The change to the verifier input. */
  readonly change: Partial<AttemptInput>;
  /** The cause the repair confirms. */
  readonly code: InspectCauseCode;
  /** Its summary. */
  readonly cause: string;
  /** The evidence, completing "the signature verifies with the given secret when …". */
  readonly when: string;
}

const METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"];

function decodeOnce(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The query decoded with `+` kept as a plus sign. */
function literalPlusQuery(search: string): Record<string, string> | undefined {
  const entries: [string, string][] = [];
  const seen = new Set<string>();
  for (const part of search.replace(/^\?/, "").split("&")) {
    if (part === "") continue;
    const at = part.indexOf("=");
    const name = decodeOnce(at === -1 ? part : part.slice(0, at));
    const value = decodeOnce(at === -1 ? "" : part.slice(at + 1));
    if (name === undefined || value === undefined) return undefined;
    if (!seen.has(name)) entries.push([name, value]);
    seen.add(name);
  }
  return Object.fromEntries(entries);
}

function without(
  query: Readonly<Record<string, string>>,
  names: readonly string[],
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).filter(([name]) => !names.includes(name)),
  );
}

/** A key as a path writes it: each byte but unreserved ones and "/" escaped. */
function pathOf(key: string): string {
  return `/${encodeURIComponent(key).replaceAll("%2F", "/")}`;
}

function methodRepairs(base: AttemptInput): Repair[] {
  return METHODS.filter((method) => method !== base.method).map((method) => ({
    label: "another HTTP method",
    change: { method },
    code: "cause-wrong-method",
    cause:
      `The URL was signed for ${method}, not ${base.method}: a signed URL works for one method only (a GET URL cannot be used for HEAD); verify with --method ${method}, or sign one for ${base.method}`,
    when: `it is used with ${method}`,
  }));
}

function paramRepairs(decoded: DecodedSignedUrl, base: AttemptInput): Repair[] {
  const repairs: Repair[] = [];
  const params = decoded.parameters.filter((param) => !param.duplicate);
  if (decoded.signature === "v4") {
    for (const param of params) {
      repairs.push({
        label: "one parameter added after signing",
        change: { query: without(base.query, [param.name]) },
        code: "cause-modified-url",
        cause:
          `Parameter "${param.name}" was added after signing: V4 signs every parameter; drop it, or sign the URL with it`,
        when: `"${param.name}" is dropped`,
      });
    }
    const others = params.filter((param) => param.kind === "other");
    if (others.length > 1) {
      const names = others.map((param) => param.name);
      const list = names.map((name) => `"${name}"`).join(", ");
      repairs.push({
        label: "parameters added after signing",
        change: { query: without(base.query, names) },
        code: "cause-modified-url",
        cause:
          `Parameters ${list} were added after signing: V4 signs every parameter`,
        when: `${list} are dropped`,
      });
    }
  }
  for (const param of params) {
    const value = base.query[param.name];
    if (value === undefined || !param.signed) continue;
    const once = /%[0-9A-Fa-f]{2}/.test(value) ? decodeOnce(value) : undefined;
    if (once !== undefined && once !== value) {
      repairs.push({
        label: "a parameter encoded twice",
        change: { query: { ...base.query, [param.name]: once } },
        code: "cause-modified-url",
        cause:
          `Parameter "${param.name}" was percent-encoded once more after signing (a proxy or a tool encoded the URL again)`,
        when: `"${param.name}" is decoded once more, to "${once}"`,
      });
    }
    // deno-lint-ignore no-control-regex
    const reencoded = value.replace(/[^\x00-\x7f]+/g, encodeURIComponent);
    if (reencoded !== value) {
      repairs.push({
        label: "a parameter decoded once too often",
        change: { query: { ...base.query, [param.name]: reencoded } },
        code: "cause-modified-url",
        cause:
          `Parameter "${param.name}" was decoded once too often after signing (a proxy turned %25XX into %XX): it was signed with percent-escapes in its value`,
        when: `"${param.name}" is encoded again, to "${reencoded}"`,
      });
    }
  }
  const lower = Object.fromEntries(
    Object.entries(base.query).map(([name, value]) => [
      /^(response-|x-oss-)/i.test(name) ? name.toLowerCase() : name,
      value,
    ]),
  );
  if (Object.keys(lower).some((name) => !Object.hasOwn(base.query, name))) {
    repairs.push({
      label: "parameter names in another case",
      change: { query: lower },
      code: "cause-modified-url",
      cause:
        "Parameter names changed case after signing: OSS signs them as written (response-*, x-oss-* in lower case)",
      when: "the response-* and x-oss-* names are in lower case",
    });
  }
  return repairs;
}

function keyRepairs(key: string): Repair[] {
  const repairs: Repair[] = [];
  const add = (label: string, candidate: string | undefined, cause: string) => {
    if (candidate !== undefined && candidate !== key) {
      repairs.push({
        label,
        change: { key: candidate },
        code: "cause-modified-url",
        cause,
        when: `the path is re-encoded as ${pathOf(candidate)}`,
      });
    }
  };
  add(
    "a key encoded twice",
    /%[0-9A-Fa-f]{2}/.test(key) ? decodeOnce(key) : undefined,
    `The key was percent-encoded twice: the URL was signed for "${
      decodeOnce(key)
    }", but its path decodes to "${key}"; encode the key once`,
  );
  add(
    "a key decoded once too often",
    /[^\x21-\x7e]|%/.test(key)
      ? key.replace(/[^A-Za-z0-9\-_.~/]/g, (char) => encodeURIComponent(char))
      : undefined,
    `The key was decoded once too often after signing: the URL was signed for a key with percent-escapes in its name; the path must say %25 for each "%"`,
  );
  add(
    "a space turned into +",
    key.includes("+") ? key.replaceAll("+", " ") : undefined,
    `A space in the key became "+" in the path: the URL was signed for "${
      key.replaceAll("+", " ")
    }"; the path must say %20`,
  );
  add(
    "a + turned into a space",
    key.includes(" ") ? key.replaceAll(" ", "+") : undefined,
    `A "+" in the key became a space (a form decoder read it as one): the URL was signed for "${
      key.replaceAll(" ", "+")
    }"; the path must say %2B`,
  );
  for (const form of ["NFC", "NFD"] as const) {
    add(
      "a key in another Unicode form",
      key.normalize(form),
      `The key was Unicode-normalized after signing: the URL was signed for its ${form} form`,
    );
  }
  add(
    "a leading slash",
    key.startsWith("/") ? key.replace(/^\/+/, "") : undefined,
    'The URL was signed for the key without its leading "/": the path has one "/" too many',
  );
  return repairs;
}

/** The bucket moved between host and path: `<b>.oss…/<b>/key` and kin. */
function bucketRepairs(
  decoded: DecodedSignedUrl,
  base: AttemptInput,
): Repair[] {
  const slash = base.key.indexOf("/");
  const first = slash === -1 ? "" : base.key.slice(0, slash);
  if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(first)) return [];
  const rest = base.key.slice(slash + 1);
  const same = first === decoded.bucket;
  return [{
    label: "the bucket in the path",
    change: { key: rest, bucket: first },
    code: "cause-wrong-host",
    cause: same
      ? `The path repeats the bucket "${first}" the host names: a path-style URL was turned into a virtual-hosted one; the key is "${rest}"`
      : `The URL was signed for bucket "${first}" (the first path segment) and key "${rest}", but the host names bucket "${decoded.bucket}": use ${first}'s own host`,
    when: `the bucket is "${first}" and the key "${rest}"`,
  }];
}

function hostCandidates(decoded: DecodedSignedUrl): string[] {
  const bucket = decoded.bucket;
  if (bucket === undefined) return [];
  const regions = [decoded.v4?.region, decoded.hostRegion, decoded.region]
    .filter((region): region is string => region !== undefined)
    .map((region) => region.replace(/^oss-/, ""));
  const hosts = [...new Set(regions)].flatMap((region) => [
    `${bucket}.oss-${region}.aliyuncs.com`,
    `${bucket}.oss-${region}-internal.aliyuncs.com`,
  ]);
  return hosts.filter((host) => host !== decoded.host);
}

function otherRepairs(
  decoded: DecodedSignedUrl,
  base: AttemptInput,
): Repair[] {
  const repairs: Repair[] = [];
  const search = new URL(decoded.href).search;
  if (search.includes("+")) {
    const query = literalPlusQuery(search);
    if (query !== undefined) {
      repairs.push({
        label: 'a "+" read as a space',
        change: { query },
        code: "cause-modified-url",
        cause:
          'The URL has a literal "+" where "%2B" was meant: OSS reads it as a space; the URL lost its encoding (a tool decoded it)',
        when: 'each "+" in the query is read as %2B',
      });
    }
  }
  const signature = base.query["x-oss-signature"];
  if (signature !== undefined && signature !== signature.toLowerCase()) {
    repairs.push({
      label: "an upper-cased signature",
      change: {
        query: { ...base.query, "x-oss-signature": signature.toLowerCase() },
      },
      code: "cause-modified-url",
      cause: "The signature was upper-cased after signing",
      when: "the signature is in lower case",
    });
  }
  const scope = decoded.v4;
  const credential = base.query["x-oss-credential"];
  if (
    scope?.region !== undefined && decoded.hostRegion !== undefined &&
    scope.region !== decoded.hostRegion && credential !== undefined
  ) {
    const region = decoded.hostRegion;
    repairs.push({
      label: "the host's region in the scope",
      change: {
        query: {
          ...base.query,
          "x-oss-credential": credential.replace(
            `/${scope.region}/`,
            `/${region}/`,
          ),
        },
        bucketRegion: region,
      },
      code: "cause-modified-url",
      cause:
        `The credential scope was edited after signing: the URL was signed for region ${region}, the host's, and its x-oss-credential now says ${scope.region}`,
      when: `the credential scope says ${region}, as the host does`,
    });
  }
  if (decoded.v4?.additionalHeaders.includes("host")) {
    for (const host of hostCandidates(decoded)) {
      repairs.push({
        label: "another Host",
        change: { headers: { ...base.headers, host } },
        code: "cause-wrong-host",
        cause:
          `The URL signs the Host header and was signed for "${host}": it works only on that host`,
        when: `the Host is "${host}"`,
      });
    }
  }
  return repairs;
}

/**
 * The evidence that a signature was cut: it is the start of the one the
 * secret gives for the URL as it is.
 */
function cutSignature(
  decoded: DecodedSignedUrl,
  credentials: Credentials,
  mismatch: OssError | undefined,
): InspectCause | undefined {
  const provided = decoded.signatureValue;
  const stringToSign = mismatch === undefined
    ? undefined
    : detail(mismatch, "StringToSign");
  if (provided === undefined || stringToSign === undefined) return undefined;
  const { v4 } = decoded;
  const expected = decoded.signature === "v1"
    ? v1Signature(credentials.accessKeySecret, stringToSign)
    : v4?.date !== undefined && v4.region !== undefined &&
        v4.product !== undefined
    ? v4Signature(
      v4SigningKey(credentials.accessKeySecret, v4.date, v4.region, v4.product),
      stringToSign,
    )
    : undefined;
  if (
    expected === undefined || provided.length >= expected.length ||
    !expected.startsWith(provided)
  ) {
    return undefined;
  }
  return cause(
    "cause-truncated-url",
    "The URL was cut inside its signature: copy it whole (a wrapped or shortened copy loses the end)",
    evidence(
      "verified",
      `The signature is the first ${provided.length} of the ${expected.length} characters the given secret makes for this URL: the rest was cut`,
    ),
  );
}

function genericCauses(
  decoded: DecodedSignedUrl,
  tried: readonly string[],
): InspectCause[] {
  const none = evidence(
    "weak",
    `No repair makes the signature verify (tried: ${tried.join(", ")})`,
  );
  const causes = [
    cause(
      "cause-wrong-secret",
      `The secret is not the one of AccessKey ID "${decoded.accessKeyId}" (a wrong or mistyped OSS_ACCESS_KEY_SECRET)`,
      none,
    ),
    cause(
      "cause-modified-url",
      "The URL changed after signing: a character of the key, of a signed parameter or of the signature itself (a proxy, CDN, chat tool or copy that re-encoded, cut or edited it)",
      none,
    ),
  ];
  if (decoded.bucketSource === "flag") {
    causes.push(cause(
      "cause-wrong-host",
      `The bucket: the signature covers the real bucket name, so --bucket "${decoded.bucket}" must be the bucket the URL was signed for`,
      evidence("weak", "The host does not name the bucket; --bucket does"),
    ));
  }
  causes.push(cause(
    "cause-signed-headers",
    "If the URL was signed with headers (Content-Type, Content-MD5 or x-oss-*, as uploads are), it verifies only with the same ones: pass them with --header",
    none,
  ));
  return causes;
}

/**
 * Looks for the cause of a signature mismatch: tries each usual repair
 * (another method; V4: without one parameter; a `+` read as a space; the
 * key or a value encoded twice or decoded once too often; another Unicode
 * form; the bucket in the path; parameter names in another case; an
 * upper-cased signature; another Host) and keeps those with which the
 * signature matches; checks whether the signature is the start of the
 * right one (a cut).
 *
 * @param decoded The decoded URL.
 * @param credentials The credentials.
 * @param base The verifier input with which the signature did not match.
 * @param mismatch The verifier's `SignatureDoesNotMatch` for `base`.
 * @returns The confirmed causes, the repairs ruled out, and the generic
 * causes for when nothing is confirmed.
 */
export function probeMismatch(
  decoded: DecodedSignedUrl,
  credentials: Credentials,
  base: AttemptInput,
  mismatch?: OssError,
): MismatchProbe {
  const repairs = [
    ...methodRepairs(base),
    ...paramRepairs(decoded, base),
    ...otherRepairs(decoded, base),
    ...keyRepairs(base.key),
    ...bucketRepairs(decoded, base),
  ];
  const confirmed: InspectCause[] = [];
  const cut = cutSignature(decoded, credentials, mismatch);
  if (cut !== undefined) confirmed.push(cut);
  const tried = new Set<string>();
  const helped = new Set<string>();
  for (const repair of repairs) {
    tried.add(repair.label);
    // The signature-only check uses the URL's own token: follow the repair.
    const { query } = repair.change;
    const input: AttemptInput = query === undefined
      ? { ...base, ...repair.change }
      : { ...base, ...repair.change, token: tokenOf(query) };
    if (attempt(decoded, credentials, input)) continue;
    confirmed.push(cause(
      repair.code,
      repair.cause,
      evidence(
        "verified",
        `The signature verifies with the given secret when ${repair.when}`,
      ),
    ));
    helped.add(repair.label);
  }
  return {
    confirmed,
    ruledOut: [...tried].filter((label) => !helped.has(label)),
    generic: genericCauses(decoded, [...tried]),
  };
}
