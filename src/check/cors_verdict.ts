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
 * @module
 */
import { matchCorsRule } from "../emulator/cors.ts";
import { matchesWildcard } from "../emulator/wildcard.ts";
import type { SnapshotCors } from "./snapshot.ts";

/** A request header a page sends; the value when known. */
export interface CorsRequestHeader {
  /** The header name, any case. */
  readonly name: string;
  /**
   * The value, when known. `Range` and `Content-Type` skip the preflight only
   * for some values; an unknown value is assumed to need one.
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

/** Response headers scripts can always read (CORS-safelisted). */
export const SAFELISTED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  "cache-control",
  "content-language",
  "content-length",
  "content-type",
  "expires",
  "last-modified",
  "pragma",
]);

/** Request headers that skip the preflight for any value a page usually sends. */
const SAFELISTED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  "accept",
  "accept-language",
  "content-language",
]);

const SIMPLE_CONTENT_TYPES: ReadonlySet<string> = new Set([
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "text/plain",
]);

/**
 * Tells whether a request header skips the preflight (Fetch "CORS-safelisted
 * request-header"): `Accept`, `Accept-Language` and `Content-Language`; a
 * `Range` of one `bytes=N-` or `bytes=N-M` range; a `Content-Type` of a form
 * or plain text. A `Range` or `Content-Type` of unknown value is assumed to
 * need a preflight.
 *
 * @param header The header.
 * @returns Whether it is safelisted.
 */
export function isSafelistedRequestHeader(header: CorsRequestHeader): boolean {
  const name = header.name.toLowerCase();
  if (SAFELISTED_REQUEST_HEADERS.has(name)) return true;
  const value = header.value?.trim();
  if (value === undefined) return false;
  if (name === "range") {
    const match = /^bytes=(\d+)-(\d*)$/.exec(value);
    return match !== null &&
      (match[2] === "" || Number(match[1]) <= Number(match[2]));
  }
  if (name === "content-type") {
    const essence = (value.split(";")[0] ?? "").trim().toLowerCase();
    return SIMPLE_CONTENT_TYPES.has(essence);
  }
  return false;
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
 * import { corsVerdict } from "./cors_verdict.ts";
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
  const preflightHeaders = [
    ...new Set(
      question.headers.filter((header) => !isSafelistedRequestHeader(header))
        .map((header) => header.name.toLowerCase()),
    ),
  ].sort();
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
