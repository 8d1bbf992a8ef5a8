/**
 * Will a browser let a page read a bucket's response? OSS's CORS matching
 * (oss-facts §6.1: rules in order, the first whose origin, method and every
 * requested header match wins; one `*` per pattern; header names ignore case)
 * combined with what the browser sends and reads (Fetch standard): which
 * requests need a preflight, which headers the preflight names, and which
 * response headers scripts may read.
 *
 * The rule that answers the preflight and the rule that answers the request
 * itself can differ: OSS matches the actual request on origin and method
 * only, so an earlier rule without the page's headers answers it, and only
 * that rule's `ExposeHeader` list counts.
 *
 * A preflight is modelled exactly where Fetch sends one: a method other than
 * GET, HEAD or POST, or a request header that is not CORS-safelisted (headers
 * `fetch` refuses to set are dropped first). Where Chromium departs from the
 * Fetch text the stricter answer is kept: a repeated header is judged on its
 * joined value and a `Range` position past 2^63 needs a preflight (as in
 * Chromium); `User-Agent` and Chromium's extra safelisted client hints
 * (`Save-Data`, `DPR`, `Width` …) need one (as in Fetch and Firefox).
 *
 * @module
 */
import { matchCorsRule } from "../oss/cors.ts";
import { matchesWildcard } from "../oss/wildcard.ts";
import type { SnapshotCors } from "./snapshot_schema.ts";

/** A request header a page sends; the value when known. */
export interface CorsRequestHeader {
  /** The header name, any case. */
  readonly name: string;
  /**
   * The value, when known. Without one, the header is judged with the value
   * {@linkcode assumedRequestHeaderValue} gives it (a `Content-Type` of
   * unknown value is assumed to need a preflight).
   */
  readonly value?: string | undefined;
}

/** What a page does: from which origin, with which method and headers. */
export interface CorsQuestion {
  /** The page's origin, for example `https://app.example.com`. */
  readonly origin: string;
  /** The method, upper case. */
  readonly method: string;
  /** The request headers the page sets. */
  readonly headers: readonly CorsRequestHeader[];
  /** The response headers the page reads. */
  readonly expose: readonly string[];
}

/** Why a request is refused. */
export type CorsDenial =
  | { readonly kind: "no-config" }
  | { readonly kind: "origin" }
  | { readonly kind: "method" }
  | {
    /** No rule that allows the origin and method allows these headers. */
    readonly kind: "headers";
    /** The requested headers no such rule allows (lower case). */
    readonly missing: readonly string[];
  }
  | {
    /** Each header is allowed by some rule, but no one rule allows them all. */
    readonly kind: "header-combination";
  };

/** The browser's outcome for one {@linkcode CorsQuestion}. */
export interface CorsVerdict {
  /** Whether the page can read the response. */
  readonly allowed: boolean;
  /** Whether the browser sends a preflight (`OPTIONS`) first. */
  readonly preflight: boolean;
  /** The headers the preflight names (lower case, sorted). */
  readonly preflightHeaders: readonly string[];
  /** The 0-based index of the rule answering the preflight, if one does. */
  readonly preflightRule: number | undefined;
  /** The 0-based index of the rule answering the request, if one does. */
  readonly rule: number | undefined;
  /** Why it is refused, when it is. */
  readonly denial: CorsDenial | undefined;
  /**
   * For each header of `expose` (as written): whether scripts can read it.
   * All `false` when the request is refused.
   */
  readonly readable: Readonly<Record<string, boolean>>;
}

/** Methods that never need a preflight. */
const SIMPLE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "POST"]);

/**
 * Response headers scripts can always read (CORS-safelisted), lower case.
 *
 * @example Usage
 * ```ts
 * import { SAFELISTED_RESPONSE_HEADERS } from "@osslinks/osslinks/check";
 *
 * // The headers a page reads that the bucket's CORS rule must list in ExposeHeader.
 * const read = ["Content-Length", "ETag", "x-oss-version-id"];
 * const toExpose = read.filter((name) => !SAFELISTED_RESPONSE_HEADERS.has(name.toLowerCase()));
 * if (toExpose.join() !== "ETag,x-oss-version-id") throw new Error(toExpose.join());
 * ```
 */
export const SAFELISTED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  "cache-control",
  "content-language",
  "content-length",
  "content-type",
  "expires",
  "last-modified",
  "pragma",
]);

/**
 * The value osslinks assumes for a request header declared by name only, for
 * the safelist check: what pages ordinarily send. `Range` is one open byte
 * range (`bytes=0-`), as media players and PDF viewers send `bytes=N-` or
 * `bytes=N-M`; a page that sends a suffix (`bytes=-500`) or several ranges
 * declares the value. `Content-Type` has no assumed value: on GET and HEAD a
 * page that sets one usually sends JSON or another type that needs a
 * preflight.
 */
const ASSUMED_VALUES: Readonly<Record<string, string>> = {
  "accept": "*/*",
  "accept-language": "en-US,en;q=0.9",
  "content-language": "en",
  "range": "bytes=0-",
};

/**
 * The value a request header declared without one is judged with (see
 * {@linkcode CorsRequestHeader}): `*` + `/*` for `Accept`, `en-US,en;q=0.9`
 * for `Accept-Language`, `en` for `Content-Language`, and one open byte
 * range `bytes=0-` for `Range` (what media players and PDF viewers send).
 * Other headers, `Content-Type` included, have none and are judged as not
 * safelisted.
 *
 * @example Usage
 * ```ts
 * import { assumedRequestHeaderValue } from "@osslinks/osslinks/check";
 *
 * // A page that declares `Range` without a value is taken to send an open byte range.
 * if (assumedRequestHeaderValue("range") !== "bytes=0-") throw new Error("Range: bytes=0-");
 * if (assumedRequestHeaderValue("Content-Type") !== undefined) {
 *   throw new Error("a Content-Type of unknown value is assumed to need a preflight");
 * }
 * ```
 *
 * @param name The header name, any case.
 * @returns The assumed value, or `undefined`.
 */
export function assumedRequestHeaderValue(name: string): string | undefined {
  return ASSUMED_VALUES[name.toLowerCase()];
}

/** Fetch "CORS-unsafe request-header byte". */
function isUnsafeByte(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || code === 0x22 || code === 0x28 ||
    code === 0x29 || code === 0x3a || code === 0x3c || code === 0x3e ||
    code === 0x3f || code === 0x40 || code === 0x5b || code === 0x5c ||
    code === 0x5d || code === 0x7b || code === 0x7d || code === 0x7f;
}

function hasUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    if (isUnsafeByte(value.charCodeAt(i))) return true;
  }
  return false;
}

/** The bytes `Accept-Language` and `Content-Language` may hold. */
const LANGUAGE_VALUE = /^[0-9A-Za-z *,\-.;=]*$/;

/** HTTP token code points (RFC 9110), as Fetch's MIME type parser takes them. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Fetch's "parse a MIME type", as far as the essence: `type/subtype` or `null`. */
function mimeEssence(value: string): string | null {
  const slash = value.indexOf("/");
  if (slash === -1) return null;
  const type = value.slice(0, slash);
  const semicolon = value.indexOf(";", slash + 1);
  const subtype = value.slice(
    slash + 1,
    semicolon === -1 ? undefined : semicolon,
  )
    .replace(/[\t\n\r ]+$/, "");
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) return null;
  return `${type}/${subtype}`.toLowerCase();
}

const SIMPLE_CONTENT_TYPES: ReadonlySet<string> = new Set([
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "text/plain",
]);

/**
 * The largest range position Chromium reads (a signed 64-bit integer); past
 * it Chromium sends a preflight, although Fetch's text has no limit.
 */
const MAX_RANGE_POSITION = 2n ** 63n - 1n;

/**
 * Fetch's "simple range header value": one `bytes=N-` or `bytes=N-M` range
 * (no whitespace, no suffix `bytes=-N`, N ≤ M), `bytes` in lower case.
 */
function isSimpleRange(value: string): boolean {
  const match = /^bytes=(\d+)-(\d*)$/.exec(value);
  if (match === null) return false;
  const start = BigInt(match[1]!);
  const end = match[2] === "" ? undefined : BigInt(match[2]!);
  if (start > MAX_RANGE_POSITION) return false;
  if (end === undefined) return true;
  return end <= MAX_RANGE_POSITION && start <= end;
}

/**
 * The value as `Headers` stores it: leading and trailing HTTP whitespace
 * removed; `undefined` for a value `fetch` refuses (NUL, CR, LF, or a
 * character above U+00FF, which is no byte).
 */
function normalizeValue(value: string): string | undefined {
  const trimmed = value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
  return /[\0\n\r]|[^\0-\u00ff]/.test(trimmed) ? undefined : trimmed;
}

/**
 * Tells whether a request header skips the preflight: Fetch's
 * "CORS-safelisted request-header". The value (leading and trailing
 * whitespace removed) is at most 128 bytes and
 *
 * - `Accept`: holds no CORS-unsafe byte (control characters but tab,
 *   `"():<>?@[\]{}` and DEL);
 * - `Accept-Language`, `Content-Language`: only `0-9A-Za-z`, space and
 *   `*,-.;=`;
 * - `Content-Type`: no CORS-unsafe byte, and a MIME type whose essence is
 *   `application/x-www-form-urlencoded`, `multipart/form-data` or
 *   `text/plain`;
 * - `Range`: one `bytes=N-` or `bytes=N-M` range (N ≤ M, each below 2^63,
 *   where Chromium's parser stops).
 *
 * Every other header needs a preflight. A header without a value is judged
 * with {@linkcode assumedRequestHeaderValue}.
 *
 * @example Usage
 * ```ts
 * import { isSafelistedRequestHeader } from "@osslinks/osslinks/check";
 * isSafelistedRequestHeader({ name: "Range", value: "bytes=0-1023" }); // true
 * isSafelistedRequestHeader({ name: "Range", value: "bytes=-500" }); // false
 * isSafelistedRequestHeader({ name: "Range" }); // true: assumed "bytes=0-"
 * ```
 *
 * @param header The header.
 * @returns Whether it is safelisted.
 */
export function isSafelistedRequestHeader(header: CorsRequestHeader): boolean {
  const name = header.name.toLowerCase();
  const raw = header.value ?? assumedRequestHeaderValue(name);
  if (raw === undefined) return false;
  const value = normalizeValue(raw);
  if (value === undefined || value.length > 128) return false;
  switch (name) {
    case "accept":
      return !hasUnsafeByte(value);
    case "accept-language":
    case "content-language":
      return LANGUAGE_VALUE.test(value);
    case "content-type": {
      if (hasUnsafeByte(value)) return false;
      const essence = mimeEssence(value);
      return essence !== null && SIMPLE_CONTENT_TYPES.has(essence);
    }
    case "range":
      return isSimpleRange(value);
    default:
      return false;
  }
}

/** Fetch's forbidden request-header names: `fetch` drops them silently. */
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set([
  "accept-charset",
  "accept-encoding",
  "access-control-request-headers",
  "access-control-request-method",
  "connection",
  "content-length",
  "cookie",
  "cookie2",
  "date",
  "dnt",
  "expect",
  "host",
  "keep-alive",
  "origin",
  "referer",
  "set-cookie",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "via",
]);

const METHOD_OVERRIDES: ReadonlySet<string> = new Set([
  "x-http-method",
  "x-http-method-override",
  "x-method-override",
]);

/**
 * Tells whether a page cannot set a request header (Fetch "forbidden
 * request-header"): `fetch` silently drops it, so it never needs a
 * preflight. These are `Cookie`, `Referer`, `Origin`, `Accept-Encoding`,
 * `DNT`, `Host` and the rest of Fetch's list, any `Proxy-` or `Sec-` name,
 * and `X-HTTP-Method`, `X-HTTP-Method-Override` or `X-Method-Override`
 * naming `CONNECT`, `TRACE` or `TRACK`.
 *
 * @example Usage
 * ```ts
 * import { isForbiddenRequestHeader } from "@osslinks/osslinks/check";
 *
 * // fetch drops these, so no AllowedHeader is needed for them.
 * if (!isForbiddenRequestHeader({ name: "Cookie" }) || !isForbiddenRequestHeader({ name: "Sec-Fetch-Mode" })) {
 *   throw new Error("Cookie and Sec- headers are forbidden");
 * }
 * if (isForbiddenRequestHeader({ name: "Authorization" })) throw new Error("a page may set Authorization");
 * ```
 *
 * @param header The header.
 * @returns Whether `fetch` drops it.
 */
export function isForbiddenRequestHeader(header: CorsRequestHeader): boolean {
  const name = header.name.toLowerCase();
  if (FORBIDDEN_NAMES.has(name)) return true;
  if (name.startsWith("proxy-") || name.startsWith("sec-")) return true;
  if (!METHOD_OVERRIDES.has(name) || header.value === undefined) return false;
  return header.value.split(",").some((method) =>
    ["connect", "trace", "track"].includes(
      method.replace(/^[\t ]+|[\t ]+$/g, "").toLowerCase(),
    )
  );
}

/**
 * Fetch's "CORS-unsafe request-header names" of a header list: the headers
 * that are not CORS-safelisted, and all of them when the safelisted values
 * add up to more than 1024 bytes. The list is taken as given, one entry per
 * header line; {@linkcode corsVerdict} first drops the headers `fetch`
 * refuses to set and joins a repeated name's values with `, ` (as Chromium
 * does, and as they go on the wire).
 *
 * @example Usage
 * ```ts
 * import { corsUnsafeRequestHeaderNames } from "@osslinks/osslinks/check";
 *
 * // The names a preflight asks the bucket's AllowedHeader patterns to allow.
 * const names = corsUnsafeRequestHeaderNames([
 *   { name: "Range", value: "bytes=0-1023" },
 *   { name: "Content-Type", value: "application/json" },
 *   { name: "X-Request-Id", value: "42" },
 * ]);
 * if (names.join() !== "content-type,x-request-id") throw new Error(names.join());
 * ```
 *
 * @param headers The header list.
 * @returns The names, lower case, sorted, without duplicates.
 */
export function corsUnsafeRequestHeaderNames(
  headers: readonly CorsRequestHeader[],
): string[] {
  const unsafe = new Set<string>();
  const potentiallyUnsafe: string[] = [];
  let safelistedBytes = 0;
  for (const header of headers) {
    const name = header.name.toLowerCase();
    if (!isSafelistedRequestHeader(header)) {
      unsafe.add(name);
      continue;
    }
    potentiallyUnsafe.push(name);
    const value = header.value ?? assumedRequestHeaderValue(name) ?? "";
    safelistedBytes += normalizeValue(value)?.length ?? 0;
  }
  if (safelistedBytes > 1024) {
    for (const name of potentiallyUnsafe) unsafe.add(name);
  }
  return [...unsafe].sort();
}

/**
 * The header list a page's `fetch` sends: forbidden headers dropped, the
 * values of a repeated name joined with `, `.
 */
function sentHeaders(
  headers: readonly CorsRequestHeader[],
): CorsRequestHeader[] {
  const byName = new Map<string, CorsRequestHeader>();
  for (const header of headers) {
    if (isForbiddenRequestHeader(header)) continue;
    const name = header.name.toLowerCase();
    const value = header.value ?? assumedRequestHeaderValue(name);
    const previous = byName.get(name);
    if (previous === undefined) {
      byName.set(name, { name, value });
      continue;
    }
    byName.set(name, {
      name,
      value: previous.value === undefined || value === undefined
        ? undefined
        : `${previous.value}, ${value}`,
    });
  }
  return [...byName.values()];
}

function ruleIndex(
  cors: SnapshotCors,
  origin: string,
  method: string,
  headers: readonly string[],
): number | undefined {
  const rule = matchCorsRule(cors, { origin, method, headers });
  return rule === undefined ? undefined : cors.rules.indexOf(rule);
}

function diagnose(
  cors: SnapshotCors,
  origin: string,
  method: string,
  headers: readonly string[],
): CorsDenial {
  const originAllowed = cors.rules.some((rule) =>
    rule.allowedOrigins.some((pattern) => matchesWildcard(pattern, origin))
  );
  if (!originAllowed) return { kind: "origin" };
  if (ruleIndex(cors, origin, method, []) === undefined) {
    return { kind: "method" };
  }
  const missing = headers.filter((header) =>
    ruleIndex(cors, origin, method, [header]) === undefined
  );
  return missing.length > 0
    ? { kind: "headers", missing }
    : { kind: "header-combination" };
}

/**
 * Works out what the browser does for a page's cross-origin request to the
 * bucket, under OSS's CORS matching.
 *
 * @example Usage
 * ```ts
 * import { corsVerdict } from "@osslinks/osslinks/check";
 * const verdict = corsVerdict({
 *   responseVary: false,
 *   rules: [{ allowedOrigins: ["https://*.example.com"], allowedMethods: ["GET"],
 *     allowedHeaders: [], exposeHeaders: ["ETag"] }],
 * }, { origin: "https://app.example.com", method: "GET", headers: [], expose: ["ETag"] });
 * verdict.allowed; // true
 * verdict.readable["ETag"]; // true
 * ```
 *
 * @param cors The bucket's CORS configuration, or `"none"`.
 * @param question The origin, method, request headers and headers read.
 * @returns Whether it is allowed, which rules answer, and what is readable.
 */
export function corsVerdict(
  cors: SnapshotCors | "none",
  question: CorsQuestion,
): CorsVerdict {
  const method = question.method.toUpperCase();
  const preflightHeaders = corsUnsafeRequestHeaderNames(
    sentHeaders(question.headers),
  );
  const preflight = !SIMPLE_METHODS.has(method) || preflightHeaders.length > 0;
  const refused = (
    denial: CorsDenial,
    preflightRule?: number,
  ): CorsVerdict => ({
    allowed: false,
    preflight,
    preflightHeaders,
    preflightRule,
    rule: undefined,
    denial,
    readable: Object.fromEntries(question.expose.map((name) => [name, false])),
  });
  if (cors === "none") return refused({ kind: "no-config" });
  let preflightRule: number | undefined;
  if (preflight) {
    preflightRule = ruleIndex(cors, question.origin, method, preflightHeaders);
    if (preflightRule === undefined) {
      return refused(
        diagnose(cors, question.origin, method, preflightHeaders),
      );
    }
  }
  const rule = ruleIndex(cors, question.origin, method, []);
  if (rule === undefined) {
    return refused(diagnose(cors, question.origin, method, []), preflightRule);
  }
  const exposed = new Set(
    cors.rules[rule]!.exposeHeaders.map((name) => name.toLowerCase()),
  );
  const readable: Record<string, boolean> = {};
  for (const name of question.expose) {
    const lower = name.toLowerCase();
    readable[name] = SAFELISTED_RESPONSE_HEADERS.has(lower) ||
      exposed.has(lower) || exposed.has("*");
  }
  return {
    allowed: true,
    preflight,
    preflightHeaders,
    preflightRule,
    rule,
    denial: undefined,
    readable,
  };
}
