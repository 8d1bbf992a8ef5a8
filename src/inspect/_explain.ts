/**
 * Why a signed URL fails: the likely causes of each OSS error, and for a
 * signature mismatch, the usual repairs tried one at a time with the
 * caller's secret, so that a cause can be confirmed rather than guessed.
 *
 * @module
 */
import type { OssError } from "../emulator/errors.ts";
import type { Credentials } from "../sign/presign.ts";
import type { DecodedSignedUrl } from "./types.ts";
import { attempt, type AttemptInput } from "./_attempt.ts";
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
}

/** The outcome of {@linkcode probeMismatch}. */
export interface MismatchProbe {
  /** Causes a repair confirmed: with it, the signature matches. */
  readonly confirmed: string[];
  /** Repairs tried that did not help. */
  readonly ruledOut: string[];
  /** The causes left when no repair helps, most likely first. */
  readonly generic: string[];
}

const CUT =
  "the URL was cut or edited (quote it in the shell: an unquoted & drops the rest)";

function detail(error: OssError, name: string): string | undefined {
  return error.details.find(([key]) => key === name)?.[1];
}

function regionCause(error: OssError, context: ExplainContext): string {
  const region = context.decoded.v4?.region ?? "?";
  if (error.ec === "0002-00000228") {
    return `The scope region "${region}" is not the bucket's region "${context.decoded.region}": sign with the bucket's region`;
  }
  const host = context.decoded.hostRegion;
  return region.startsWith("oss-")
    ? `The scope region "${region}" has the "oss-" prefix: V4 scopes use "${
      region.slice(4)
    }"`
    : `The scope region "${region}" is not the host's region "${host}": sign with "${host}" (ali-oss signs for cn-hangzhou when only an endpoint is set)`;
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
): string[] {
  const { decoded, credentials } = context;
  const sts = decoded.accessKeyId?.startsWith("STS.") ?? false;
  switch (error.code) {
    case "SignatureDoesNotMatch":
      return [];
    case "InvalidAccessKeyId":
      return [
        `The URL was signed with AccessKey ID "${decoded.accessKeyId}", the credentials are for "${credentials.accessKeyId}": verify with the key that signed it${
          sts ? " (for an STS URL, that session's temporary key and token)" : ""
        }`,
      ];
    case "InvalidSecurityToken":
      return [
        context.token === ""
          ? "The URL's STS token is empty"
          : context.token === undefined
          ? "The credentials carry an STS token but the URL has none: a URL signed with STS credentials must carry security-token (V1) or x-oss-security-token (V4)"
          : "The URL carries an STS token but the credentials are permanent",
      ];
    case "AccessKeyIdAndSecurityTokenNotMatch":
      return [
        "The URL's STS token is not the credentials' token: the URL was signed in another STS session, or the token was altered (a + read as a space)",
      ];
    case "SecurityTokenExpired":
      return [
        `The STS token expired at ${
          detail(error, "Expiration")
        }: a URL signed with temporary credentials stops working with its token, whatever its own expiry`,
      ];
    case "RequestTimeTooSkewed":
      return [
        `The URL was signed at ${decoded.signedAt?.toISOString()}, more than 15 min after ${context.now.toISOString()}: the signer's clock is ahead, or --now is wrong`,
      ];
  }
  if (error.ec === "0002-00000069") {
    return [
      `The URL expired at ${
        detail(error, "Expires")
      } (checked at ${context.now.toISOString()}): sign a new URL; the expiry is signed, so editing it breaks the signature`,
    ];
  }
  if (error.ec === "0002-00000226" || error.ec === "0002-00000228") {
    return [regionCause(error, context)];
  }
  if (error.ec === "0002-00000232") {
    return [
      "x-oss-expires is outside 1 to 604800 s (7 days): sign again with a shorter expiry",
    ];
  }
  if (decoded.signature === "mixed") {
    return [
      "The URL has both V1 and V4 signature parameters: parameters of a second signing were added",
    ];
  }
  return [`OSS rejects the URL's parameters (${error.message}): ${CUT}`];
}

interface Repair {
  readonly label: string;
  readonly change: Partial<AttemptInput>;
  readonly cause: string;
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

function methodRepairs(base: AttemptInput): Repair[] {
  return METHODS.filter((method) => method !== base.method).map((method) => ({
    label: "another HTTP method",
    change: { method },
    cause:
      `The URL was signed for ${method}, not ${base.method}: a signed URL works for one method only (a GET URL cannot be used for HEAD); verify with --method ${method}, or sign one for ${base.method}`,
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
        cause:
          `Parameter "${param.name}" was added after signing: V4 signs every parameter; drop it, or sign the URL with it`,
      });
    }
    const others = params.filter((param) => param.kind === "other");
    if (others.length > 1) {
      const names = others.map((param) => param.name);
      repairs.push({
        label: "parameters added after signing",
        change: { query: without(base.query, names) },
        cause: `Parameters ${
          names.map((name) => `"${name}"`).join(", ")
        } were added after signing: V4 signs every parameter`,
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
        cause:
          `Parameter "${param.name}" was percent-encoded once more after signing (a proxy or a tool encoded the URL again)`,
      });
    }
    // deno-lint-ignore no-control-regex
    const reencoded = value.replace(/[^\x00-\x7f]+/g, encodeURIComponent);
    if (reencoded !== value) {
      repairs.push({
        label: "a parameter decoded once too often",
        change: { query: { ...base.query, [param.name]: reencoded } },
        cause:
          `Parameter "${param.name}" was decoded once too often after signing (a proxy turned %25XX into %XX): it was signed with percent-escapes in its value`,
      });
    }
  }
  return repairs;
}

function keyRepairs(key: string): Repair[] {
  const repairs: Repair[] = [];
  const add = (label: string, candidate: string | undefined, cause: string) => {
    if (candidate !== undefined && candidate !== key) {
      repairs.push({ label, change: { key: candidate }, cause });
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
    "a space turned into +",
    key.includes("+") ? key.replaceAll("+", " ") : undefined,
    `A space in the key became "+" in the path: the URL was signed for "${
      key.replaceAll("+", " ")
    }"; the path must say %20`,
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
        cause:
          'The URL has a literal "+" where "%2B" was meant: OSS reads it as a space; the URL lost its encoding (a tool decoded it)',
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
      cause: "The signature was upper-cased after signing",
    });
  }
  const region = decoded.v4?.region;
  if (
    decoded.v4?.additionalHeaders.includes("host") &&
    decoded.bucketSource !== "host" && decoded.bucket !== undefined &&
    region !== undefined
  ) {
    const host = `${decoded.bucket}.oss-${region}.aliyuncs.com`;
    repairs.push({
      label: "another Host",
      change: { headers: { ...base.headers, host } },
      cause:
        `The URL signs the Host header and was signed for "${host}": it works only on that host`,
    });
  }
  return repairs;
}

function genericCauses(decoded: DecodedSignedUrl): string[] {
  const causes = [
    `The secret is not the one of AccessKey ID "${decoded.accessKeyId}" (a wrong or mistyped OSS_ACCESS_KEY_SECRET)`,
    "The URL changed after signing: a character of the key, of a signed parameter or of the signature itself (a proxy, CDN, chat tool or copy that re-encoded, cut or edited it)",
  ];
  if (decoded.bucketSource === "flag") {
    causes.push(
      `The bucket: the signature covers the real bucket name, so --bucket "${decoded.bucket}" must be the bucket the URL was signed for`,
    );
  }
  causes.push(
    "If the URL was signed with headers (Content-Type, Content-MD5 or x-oss-*, as uploads are), it verifies only with the same ones: pass them with --header",
  );
  return causes;
}

/**
 * Looks for the cause of a signature mismatch: tries each usual repair
 * (another method; V4: without one parameter; a `+` read as a space; the
 * key or a value encoded twice or decoded once too often; another Unicode
 * form; an upper-cased signature; another Host) and keeps those with which
 * the signature matches.
 *
 * @param decoded The decoded URL.
 * @param credentials The credentials.
 * @param base The verifier input with which the signature did not match.
 * @returns The confirmed causes, the repairs ruled out, and the generic
 * causes for when nothing is confirmed.
 */
export function probeMismatch(
  decoded: DecodedSignedUrl,
  credentials: Credentials,
  base: AttemptInput,
): MismatchProbe {
  const repairs = [
    ...methodRepairs(base),
    ...paramRepairs(decoded, base),
    ...otherRepairs(decoded, base),
    ...keyRepairs(base.key),
  ];
  const confirmed: string[] = [];
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
    confirmed.push(repair.cause);
    helped.add(repair.label);
  }
  return {
    confirmed,
    ruledOut: [...tried].filter((label) => !helped.has(label)),
    generic: genericCauses(decoded),
  };
}
