/**
 * V4 (OSS4-HMAC-SHA256) verification: signed URLs (`x-oss-credential`,
 * `x-oss-date`, `x-oss-expires`, `x-oss-signature`…) and
 * `Authorization: OSS4-HMAC-SHA256 Credential=…,Signature=…` headers. The
 * canonical request comes from `src/oss/v4.ts`, the same code that signs.
 *
 * @module
 */
import {
  type EncodedPair,
  encodedPair,
  joinPairs,
  sortPairs,
} from "./encode.ts";
import {
  V4_ALGORITHM,
  v4CanonicalRequestFromParts,
  v4CanonicalUri,
  v4DateTime,
  v4Scope,
  v4Signature,
  v4SigningKey,
  v4StringToSign,
} from "./v4.ts";
import {
  checkCredential,
  checkSkew,
  expiredError,
  type KeyEntry,
  type KeyIndex,
  MAX_SKEW_MS,
  sameSignature,
  signatureMismatch,
} from "./credentials.ts";
import { OssError } from "./errors.ts";
import type { ParsedRequest, SignedTarget } from "./request.ts";

/** The longest a V4 URL may live, in seconds (7 days). */
export const V4_MAX_EXPIRES = 604800;

/** The parts of a V4 credential and where it came from. */
export interface V4Credential {
  /** The AccessKey ID. */
  readonly accessKeyId: string;
  /** The `yyyymmdd` date of the scope. */
  readonly date8: string;
  /** The scope's region. */
  readonly region: string;
  /** The scope's product, `oss` unless CloudBox. */
  readonly product: string;
  /** The raw value and the name of the parameter or header it came from. */
  readonly source: readonly [name: string, value: string];
}

function invalidArgument(
  message: string,
  source: readonly [string, string],
  ec?: string,
): OssError {
  return new OssError(400, "InvalidArgument", message, {
    ec,
    details: [["ArgumentName", source[0]], ["ArgumentValue", source[1]]],
  });
}

/**
 * Parses a V4 credential, `<AccessKeyId>/<yyyymmdd>/<region>/<product>/aliyun_v4_request`.
 *
 * @param value The credential as sent.
 * @param name Where it came from (`x-oss-credential`, `Credential`).
 * @param formatEc The EC code of a malformed credential there.
 * @returns The parts.
 * @throws {OssError} `InvalidArgument` when it is malformed.
 */
export function parseCredential(
  value: string,
  name: string,
  formatEc: string,
): V4Credential {
  const parts = value.split("/");
  const [accessKeyId = "", date8 = "", region = "", product = "", terminator] =
    parts;
  if (
    parts.length !== 5 || accessKeyId === "" || !/^\d{8}$/.test(date8) ||
    region === "" || terminator !== "aliyun_v4_request"
  ) {
    throw invalidArgument(`The ${name} is invalid.`, [name, value], formatEc);
  }
  return { accessKeyId, date8, region, product, source: [name, value] };
}

/**
 * Parses a V4 `x-oss-date`, `yyyymmddTHHMMSSZ`.
 *
 * @param value The value as sent.
 * @returns The time, or `undefined` when it is not one.
 */
export function parseDateTime(value: string | undefined): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(
    value ?? "",
  );
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  // Date.UTC rolls over (Feb 30 → Mar 2, hour 24 → next day); OSS does not.
  return Number.isNaN(date.getTime()) || v4DateTime(date) !== value
    ? undefined
    : date;
}

function checkScope(
  credential: V4Credential,
  dateTime: string,
  target: SignedTarget,
): void {
  const { region, source } = credential;
  if (credential.product !== "oss") {
    throw invalidArgument("The product in credential is invalid.", source);
  }
  if (credential.date8 !== dateTime.slice(0, 8)) {
    throw invalidArgument(
      "The date in credential does not match x-oss-date.",
      source,
    );
  }
  if (
    region.startsWith("oss-") ||
    (target.hostRegion !== undefined && region !== target.hostRegion)
  ) {
    throw invalidArgument(
      "The signing region in credential is invalid.",
      source,
      "0002-00000226",
    );
  }
  if (target.region !== undefined && region !== target.region) {
    throw invalidArgument(
      "The signing region in credential is invalid.",
      source,
      "0002-00000228",
    );
  }
}

function additionalHeaders(value: string | undefined): string[] {
  if (value === undefined) return [];
  const names = value.split(";");
  if (names.some((name) => name === "")) {
    throw invalidArgument(
      "The x-oss-additional-headers is invalid.",
      ["x-oss-additional-headers", value],
      "0002-00000210",
    );
  }
  return names;
}

/** The most empty-valued parameters whose two forms are tried one by one. */
const MAX_EMPTY_VARIANTS = 4;

/**
 * The canonical query strings a client may have signed. An empty value is
 * canonicalised as a bare `name` by the Go, Python, Java and Android SDKs
 * and as `name=` by ali-oss (`qs` with `strictNullHandling` turns `""` into
 * `name=`); which one OSS accepts is not documented (oss-facts §2.3), so
 * both are: the bare form first, then every mix of the two forms for up to
 * {@linkcode MAX_EMPTY_VARIANTS} empty parameters (all `name=` beyond).
 */
function canonicalQueries(query: Readonly<Record<string, string>>): string[] {
  const pairs: EncodedPair[] = Object.keys(query).map((name) =>
    encodedPair(name, query[name]!)
  );
  sortPairs(pairs);
  const empty = pairs.flatMap((pair, at) => pair[1] === pair[0] ? [at] : []);
  const queries = [joinPairs(pairs)];
  if (empty.length === 0) return queries;
  const masks = empty.length <= MAX_EMPTY_VARIANTS
    ? Array.from({ length: 2 ** empty.length - 1 }, (_, mask) => mask + 1)
    : [2 ** empty.length - 1];
  for (const mask of masks) {
    const variant = pairs.map((pair): EncodedPair => [pair[0], pair[1]]);
    empty.forEach((at, bit) => {
      if (mask & (1 << bit)) variant[at]![1] = `${variant[at]![0]}=`;
    });
    queries.push(joinPairs(variant));
  }
  return queries;
}

function checkV4Signature(
  request: ParsedRequest,
  target: SignedTarget,
  entry: KeyEntry,
  signed: {
    readonly credential: V4Credential;
    readonly dateTime: string;
    readonly additional: readonly string[];
    readonly query: Readonly<Record<string, string>>;
    readonly provided: string;
  },
): void {
  const { credential } = signed;
  const key = v4SigningKey(
    entry.credential.accessKeySecret,
    credential.date8,
    credential.region,
    credential.product,
  );
  const scope = v4Scope(
    credential.date8,
    credential.region,
    credential.product,
  );
  let first: { canonicalRequest: string; stringToSign: string } | undefined;
  for (const canonicalQuery of canonicalQueries(signed.query)) {
    const canonicalRequest = v4CanonicalRequestFromParts({
      method: request.method,
      canonicalUri: v4CanonicalUri(target.bucket, target.key),
      canonicalQuery,
      headers: request.headers,
      additionalHeaders: signed.additional,
    });
    const stringToSign = v4StringToSign(
      signed.dateTime,
      scope,
      canonicalRequest,
    );
    if (sameSignature(signed.provided, v4Signature(key, stringToSign))) return;
    first ??= { canonicalRequest, stringToSign };
  }
  throw signatureMismatch([
    ["StringToSign", first!.stringToSign],
    ["SignatureProvided", signed.provided],
    ["CanonicalRequest", first!.canonicalRequest],
    ["OSSAccessKeyId", credential.accessKeyId],
  ]);
}

/**
 * Verifies a V4 signed URL: the parameters and the credential scope, then
 * expiry (before the signature, as OSS does), the AccessKey and STS token,
 * and the signature.
 *
 * @param request The parsed request.
 * @param target Its bucket, key and host region.
 * @param keys The AccessKeys.
 * @param now The current time.
 * @returns The verified key.
 * @throws {OssError} With the code OSS gives for the failure.
 */
export function verifyV4Query(
  request: ParsedRequest,
  target: SignedTarget,
  keys: KeyIndex,
  now: Date,
): KeyEntry {
  const { query } = request;
  const version = query["x-oss-signature-version"] ?? "";
  if (version !== V4_ALGORITHM) {
    throw invalidArgument(
      "The x-oss-signature-version is invalid.",
      ["x-oss-signature-version", version],
    );
  }
  const credential = parseCredential(
    query["x-oss-credential"] ?? "",
    "x-oss-credential",
    "0002-00000224",
  );
  const dateTime = query["x-oss-date"] ?? "";
  const signedAt = parseDateTime(dateTime);
  if (signedAt === undefined) {
    throw invalidArgument("The x-oss-date is invalid.", [
      "x-oss-date",
      dateTime,
    ]);
  }
  const expiresText = query["x-oss-expires"];
  if (expiresText === undefined) {
    throw invalidArgument("The x-oss-expires is missing.", [
      "x-oss-expires",
      "",
    ], "0002-00000215");
  }
  const expires = /^\d{1,7}$/.test(expiresText) ? Number(expiresText) : NaN;
  if (!(expires >= 1 && expires <= V4_MAX_EXPIRES)) {
    throw invalidArgument(
      `The x-oss-expires must be from 1 to ${V4_MAX_EXPIRES} seconds.`,
      ["x-oss-expires", expiresText],
      "0002-00000232",
    );
  }
  const provided = query["x-oss-signature"] ?? "";
  if (provided === "") {
    throw invalidArgument("The x-oss-signature is empty.", [
      "x-oss-signature",
      "",
    ], "0002-00000220");
  }
  checkScope(credential, dateTime, target);
  const expiresAt = new Date(signedAt.getTime() + expires * 1000);
  if (now.getTime() > expiresAt.getTime()) throw expiredError(expiresAt, now);
  if (signedAt.getTime() > now.getTime() + MAX_SKEW_MS) {
    checkSkew(signedAt, dateTime, now);
  }
  const entry = checkCredential(
    keys,
    credential.accessKeyId,
    query["x-oss-security-token"],
    now,
  );
  const { "x-oss-signature": _signature, ...signedQuery } = query;
  checkV4Signature(request, target, entry, {
    credential,
    dateTime,
    additional: additionalHeaders(query["x-oss-additional-headers"]),
    query: signedQuery,
    provided,
  });
  return entry;
}

/**
 * Verifies a V4 `Authorization` header. `x-oss-date` must be sent and be
 * within 15 minutes of now.
 *
 * @param request The parsed request.
 * @param target Its bucket, key and host region.
 * @param keys The AccessKeys.
 * @param now The current time.
 * @returns The verified key.
 * @throws {OssError} With the code OSS gives for the failure.
 */
export function verifyV4Header(
  request: ParsedRequest,
  target: SignedTarget,
  keys: KeyIndex,
  now: Date,
): KeyEntry {
  const authorization = request.headers["authorization"] ?? "";
  const fields = new Map<string, string>();
  for (const field of authorization.slice(V4_ALGORITHM.length).split(",")) {
    const at = field.indexOf("=");
    if (at > 0) {
      fields.set(field.slice(0, at).trim(), field.slice(at + 1).trim());
    }
  }
  const credential = parseCredential(
    fields.get("Credential") ?? "",
    "Credential",
    "0002-00000213",
  );
  const provided = fields.get("Signature") ?? "";
  if (provided === "") {
    throw invalidArgument(
      "The Signature in the Authorization header is empty.",
      [
        "Authorization",
        "Signature",
      ],
    );
  }
  const dateTime = request.headers["x-oss-date"] ?? "";
  const signedAt = parseDateTime(dateTime);
  if (signedAt === undefined) {
    throw new OssError(
      403,
      "AccessDenied",
      "OSS V4 authentication requires a valid x-oss-date header.",
    );
  }
  checkSkew(signedAt, dateTime, now);
  checkScope(credential, dateTime, target);
  const entry = checkCredential(
    keys,
    credential.accessKeyId,
    request.headers["x-oss-security-token"],
    now,
  );
  const additional = fields.get("AdditionalHeaders");
  checkV4Signature(request, target, entry, {
    credential,
    dateTime,
    additional: additional === undefined ? [] : additionalHeaders(additional),
    query: request.query,
    provided,
  });
  return entry;
}
