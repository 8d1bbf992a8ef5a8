/**
 * CORS as OSS evaluates it (oss-facts §6.1): the rules are tried in order
 * and the first whose origin, method and every requested header match wins.
 * Preflights are answered without authentication.
 *
 * @module
 */
import { OssError } from "./errors.ts";
import { matchesWildcard } from "./wildcard.ts";

/** One CORS rule; see oss-facts §6.1. */
export interface CorsRule {
  /** Origin patterns, each with at most one `*`. */
  readonly allowedOrigins: readonly string[];
  /** Allowed methods: GET, PUT, POST, DELETE, HEAD. */
  readonly allowedMethods: readonly string[];
  /** Allowed request header patterns, each with at most one `*`. */
  readonly allowedHeaders: readonly string[];
  /** Response headers exposed to scripts. */
  readonly exposeHeaders: readonly string[];
  /** How long a browser may cache a preflight, in seconds. */
  readonly maxAgeSeconds?: number | undefined;
}

/** A bucket's CORS configuration. */
export interface CorsConfiguration {
  /** The rules, in order: the first matching rule wins. */
  readonly rules: readonly CorsRule[];
  /** Whether every response carries `Vary: Origin`. */
  readonly responseVary: boolean;
}

/** What a cross-origin request asks for. */
export interface CorsRequest {
  /** The `Origin` header. */
  readonly origin: string;
  /** The method: the request's own, or the preflight's `Access-Control-Request-Method`. */
  readonly method: string;
  /** The preflight's `Access-Control-Request-Headers`, lower case. */
  readonly headers: readonly string[];
}

/**
 * Finds the first CORS rule that allows a request.
 *
 * @param cors The bucket's CORS configuration.
 * @param request The origin, method and requested headers.
 * @returns The matching rule, or `undefined`.
 */
export function matchCorsRule(
  cors: CorsConfiguration | null,
  request: CorsRequest,
): CorsRule | undefined {
  return cors?.rules.find((rule) =>
    rule.allowedOrigins.some((pattern) =>
      matchesWildcard(pattern, request.origin)
    ) &&
    rule.allowedMethods.includes(request.method) &&
    request.headers.every((header) =>
      rule.allowedHeaders.some((pattern) =>
        matchesWildcard(pattern, header, { ignoreCase: true })
      )
    )
  );
}

/**
 * The CORS headers a matching rule adds to a response.
 *
 * @param rule The matching rule.
 * @param origin The request's origin.
 * @returns The headers to set.
 */
export function corsHeaders(
  rule: CorsRule,
  origin: string,
): [string, string][] {
  const headers: [string, string][] = [
    ["access-control-allow-origin", origin],
    ["access-control-allow-methods", rule.allowedMethods.join(", ")],
  ];
  if (rule.exposeHeaders.length > 0) {
    headers.push([
      "access-control-expose-headers",
      rule.exposeHeaders.join(", "),
    ]);
  }
  if (rule.maxAgeSeconds !== undefined) {
    headers.push(["access-control-max-age", String(rule.maxAgeSeconds)]);
  }
  return headers;
}

function forbidden(detail: string): OssError {
  return new OssError(403, "AccessForbidden", `CORSResponse: ${detail}`);
}

/**
 * Answers a CORS preflight (`OPTIONS`) from a bucket's rules.
 *
 * @param cors The bucket's CORS configuration.
 * @param headers The request headers, names lower case.
 * @returns The 200 preflight response.
 * @throws {OssError} `AccessForbidden` if no rule allows the request.
 */
export function preflightResponse(
  cors: CorsConfiguration | null,
  headers: Readonly<Record<string, string>>,
): Response {
  const origin = headers["origin"];
  const method = headers["access-control-request-method"];
  if (origin === undefined || method === undefined) {
    throw forbidden(
      "A preflight request needs the Origin and Access-Control-Request-Method headers.",
    );
  }
  if (cors === null) throw forbidden("CORS is not enabled for this bucket.");
  const requested = (headers["access-control-request-headers"] ?? "")
    .split(",").map((name) => name.trim().toLowerCase()).filter((name) =>
      name !== ""
    );
  const rule = matchCorsRule(cors, { origin, method, headers: requested });
  if (rule === undefined) {
    throw forbidden(
      "This CORS request is not allowed. This is usually because the evaluation of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
    );
  }
  const response = new Headers(corsHeaders(rule, origin));
  if (requested.length > 0) {
    response.set("access-control-allow-headers", requested.join(", "));
  }
  response.set("content-length", "0");
  return new Response(null, { status: 200, headers: response });
}
