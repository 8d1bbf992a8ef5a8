/**
 * The CORS cases the checker's verdict is tested on: by hand-written
 * expectations (`check_cors_verdict_test.ts`) and against headless Chromium
 * (`check_cors_browser_test.ts`). Patterns and origins name their ports as
 * `{port}` (the page server) and `{port2}` (a second page server), filled in
 * when the test runs.
 *
 * @module
 */
import type { CorsRequestHeader } from "../src/check/cors_verdict.ts";
import type {
  SnapshotCors,
  SnapshotCorsRule,
} from "../src/check/snapshot_schema.ts";

/** The page origins a case can run on. */
export const PAGE_ORIGINS = {
  ip: "http://127.0.0.1:{port}",
  ip2: "http://127.0.0.1:{port2}",
  app: "http://app.localhost:{port}",
  localhost: "http://localhost:{port}",
} as const;

/** One page origin's name. */
export type PageOrigin = keyof typeof PAGE_ORIGINS;

/** One case: a bucket CORS configuration and what a page does. */
export interface CorsCase {
  /** What the case shows. */
  readonly name: string;
  /** The bucket's CORS configuration. */
  readonly cors: SnapshotCors | "none";
  /** Where the page is. */
  readonly origin: PageOrigin;
  /** The method. */
  readonly method: "GET" | "HEAD";
  /** The request headers the page sets, with values. */
  readonly headers: readonly CorsRequestHeader[];
  /** The response headers the page reads (all present in the response). */
  readonly expose: readonly string[];
  /** What should happen. */
  readonly expected: {
    readonly allowed: boolean;
    readonly preflight: boolean;
    /** Readable headers, when allowed. */
    readonly readable?: Readonly<Record<string, boolean>>;
  };
}

function rule(
  origins: readonly string[],
  methods: readonly string[],
  headers: readonly string[] = [],
  expose: readonly string[] = [],
): SnapshotCorsRule {
  return {
    allowedOrigins: origins,
    allowedMethods: methods,
    allowedHeaders: headers,
    exposeHeaders: expose,
  };
}

function cors(...rules: SnapshotCorsRule[]): SnapshotCors {
  return { responseVary: false, rules };
}

const IP = "http://127.0.0.1:{port}";

/** The cases; every one names a distinct behaviour. */
export const CORS_CASES: readonly CorsCase[] = [
  {
    name: "no CORS configuration refuses GET",
    cors: "none",
    origin: "ip",
    method: "GET",
    headers: [],
    expose: [],
    expected: { allowed: false, preflight: false },
  },
  {
    name: "no CORS configuration refuses HEAD",
    cors: "none",
    origin: "app",
    method: "HEAD",
    headers: [],
    expose: [],
    expected: { allowed: false, preflight: false },
  },
  {
    name: "exact origin, GET, exposed ETag is readable",
    cors: cors(rule([IP], ["GET"], [], ["ETag"])),
    origin: "ip",
    method: "GET",
    headers: [],
    expose: ["ETag", "Content-Disposition"],
    expected: {
      allowed: true,
      preflight: false,
      readable: { "ETag": true, "Content-Disposition": false },
    },
  },
  {
    name: "exact origin with another port is refused",
    cors: cors(rule([IP], ["GET"])),
    origin: "ip2",
    method: "GET",
    headers: [],
    expose: [],
    expected: { allowed: false, preflight: false },
  },
  {
    name: "wildcard port allows another port",
    cors: cors(rule(["http://127.0.0.1:*"], ["GET"], [], ["ETag"])),
    origin: "ip2",
    method: "GET",
    headers: [],
    expose: ["ETag"],
    expected: { allowed: true, preflight: false, readable: { "ETag": true } },
  },
  {
    name: "wildcard subdomain allows app.localhost",
    cors: cors(rule(["http://*.localhost:{port}"], ["GET"], [], ["ETag"])),
    origin: "app",
    method: "GET",
    headers: [],
    expose: ["ETag"],
    expected: { allowed: true, preflight: false, readable: { "ETag": true } },
  },
  {
    name: "wildcard subdomain does not match the bare localhost",
    cors: cors(rule(["http://*.localhost:{port}"], ["GET"])),
    origin: "localhost",
    method: "GET",
    headers: [],
    expose: [],
    expected: { allowed: false, preflight: false },
  },
  {
    name: "a wildcard inside the host matches",
    cors: cors(rule(["http://127.*.1:{port}"], ["GET"])),
    origin: "ip",
    method: "GET",
    headers: [],
    expose: ["Content-Type"],
    expected: {
      allowed: true,
      preflight: false,
      readable: { "Content-Type": true },
    },
  },
  {
    name: "https pattern does not match an http origin",
    cors: cors(rule(["https://127.0.0.1:{port}"], ["GET"])),
    origin: "ip",
    method: "GET",
    headers: [],
    expose: [],
    expected: { allowed: false, preflight: false },
  },
  {
    name: "* allows any origin; safelisted headers readable, others not",
    cors: cors(rule(["*"], ["GET"])),
    origin: "localhost",
    method: "GET",
    headers: [],
    expose: ["Content-Length", "Content-Type", "Last-Modified", "ETag"],
    expected: {
      allowed: true,
      preflight: false,
      readable: {
        "Content-Length": true,
        "Content-Type": true,
        "Last-Modified": true,
        "ETag": false,
      },
    },
  },
  {
    name: "HEAD is refused when the rule allows only GET",
    cors: cors(rule([IP], ["GET"])),
    origin: "ip",
    method: "HEAD",
    headers: [],
    expose: [],
    expected: { allowed: false, preflight: false },
  },
  {
    name: "HEAD allowed, x-oss-request-id exposed",
    cors: cors(rule([IP], ["GET", "HEAD"], [], ["x-oss-request-id"])),
    origin: "ip",
    method: "HEAD",
    headers: [],
    expose: ["x-oss-request-id", "ETag"],
    expected: {
      allowed: true,
      preflight: false,
      readable: { "x-oss-request-id": true, "ETag": false },
    },
  },
  {
    name: "a single bytes=0-3 Range needs no preflight and no AllowedHeader",
    cors: cors(rule([IP], ["GET"])),
    origin: "ip",
    method: "GET",
    headers: [{ name: "Range", value: "bytes=0-3" }],
    expose: [],
    expected: { allowed: true, preflight: false, readable: {} },
  },
  {
    name: "a suffix Range needs a preflight the rule refuses",
    cors: cors(rule([IP], ["GET"])),
    origin: "ip",
    method: "GET",
    headers: [{ name: "Range", value: "bytes=-3" }],
    expose: [],
    expected: { allowed: false, preflight: true },
  },
  {
    name: "a suffix Range passes the preflight with AllowedHeader range",
    cors: cors(rule([IP], ["GET"], ["range"], ["Content-Range"])),
    origin: "ip",
    method: "GET",
    headers: [{ name: "Range", value: "bytes=-3" }],
    expose: ["Content-Range"],
    expected: {
      allowed: true,
      preflight: true,
      readable: { "Content-Range": true },
    },
  },
  {
    name: "AllowedHeader matches header names ignoring case",
    cors: cors(rule([IP], ["GET"], ["X-CUSTOM-HEADER"])),
    origin: "ip",
    method: "GET",
    headers: [{ name: "x-custom-header", value: "1" }],
    expose: [],
    expected: { allowed: true, preflight: true, readable: {} },
  },
  {
    name: "AllowedHeader x-app-* covers X-App-Trace",
    cors: cors(rule([IP], ["GET"], ["x-app-*"])),
    origin: "ip",
    method: "GET",
    headers: [{ name: "X-App-Trace", value: "a" }],
    expose: [],
    expected: { allowed: true, preflight: true, readable: {} },
  },
  {
    name: "AllowedHeader * covers any header",
    cors: cors(rule(["*"], ["GET"], ["*"], ["ETag"])),
    origin: "app",
    method: "GET",
    headers: [{ name: "X-Anything", value: "1" }],
    expose: ["ETag"],
    expected: { allowed: true, preflight: true, readable: { "ETag": true } },
  },
  {
    name:
      "first match wins: an earlier rule without the header answers the request, so its exposure counts",
    cors: cors(
      rule([IP], ["GET"], [], []),
      rule([IP], ["GET"], ["x-custom"], ["ETag"]),
    ),
    origin: "ip",
    method: "GET",
    headers: [{ name: "X-Custom", value: "1" }],
    expose: ["ETag"],
    expected: { allowed: true, preflight: true, readable: { "ETag": false } },
  },
  {
    name: "first match wins: the rule with the header first exposes ETag",
    cors: cors(
      rule([IP], ["GET"], ["x-custom"], ["ETag"]),
      rule([IP], ["GET"], [], []),
    ),
    origin: "ip",
    method: "GET",
    headers: [{ name: "X-Custom", value: "1" }],
    expose: ["ETag"],
    expected: { allowed: true, preflight: true, readable: { "ETag": true } },
  },
  {
    name: "an earlier rule for another origin does not answer",
    cors: cors(
      rule(["http://localhost:{port}"], ["GET"], [], ["ETag"]),
      rule(["*"], ["GET"], [], ["x-oss-request-id"]),
    ),
    origin: "ip",
    method: "GET",
    headers: [],
    expose: ["ETag", "x-oss-request-id"],
    expected: {
      allowed: true,
      preflight: false,
      readable: { "ETag": false, "x-oss-request-id": true },
    },
  },
  {
    name: "ExposeHeader names ignore case",
    cors: cors(rule([IP], ["GET"], [], ["etag", "CONTENT-DISPOSITION"])),
    origin: "ip",
    method: "GET",
    headers: [],
    expose: ["ETag", "Content-Disposition", "Accept-Ranges"],
    expected: {
      allowed: true,
      preflight: false,
      readable: {
        "ETag": true,
        "Content-Disposition": true,
        "Accept-Ranges": false,
      },
    },
  },
  {
    name: "the header is allowed only for HEAD, so GET's preflight is refused",
    cors: cors(
      rule([IP], ["HEAD"], ["x-custom"]),
      rule([IP], ["GET"]),
    ),
    origin: "ip",
    method: "GET",
    headers: [{ name: "X-Custom", value: "1" }],
    expose: [],
    expected: { allowed: false, preflight: true },
  },
  {
    name: "Accept is safelisted: no preflight, no AllowedHeader",
    cors: cors(rule([IP], ["GET"])),
    origin: "ip",
    method: "GET",
    headers: [{ name: "Accept", value: "text/plain" }],
    expose: [],
    expected: { allowed: true, preflight: false, readable: {} },
  },
  {
    name: "Content-Type application/json needs a preflight",
    cors: cors(rule([IP], ["GET"])),
    origin: "ip",
    method: "GET",
    headers: [{ name: "Content-Type", value: "application/json" }],
    expose: [],
    expected: { allowed: false, preflight: true },
  },
  ...safelistCases(),
  {
    name: "two headers: each rule allows one, none allows both",
    cors: cors(
      rule([IP], ["GET"], ["x-a"]),
      rule([IP], ["GET"], ["x-b"]),
    ),
    origin: "ip",
    method: "GET",
    headers: [{ name: "X-A", value: "1" }, { name: "X-B", value: "1" }],
    expose: [],
    expected: { allowed: false, preflight: true },
  },
];

/**
 * A safelisted header needs no preflight and no AllowedHeader; one that is
 * not needs a preflight, which a rule without AllowedHeader refuses. Each
 * of Fetch's CORS-safelisted request-header rules, both ways.
 */
function safelistCases(): CorsCase[] {
  const noHeaders = cors(rule([IP], ["GET"]));
  const simple = (
    name: string,
    headers: CorsRequestHeader[],
    safelisted: boolean,
  ): CorsCase => ({
    name,
    cors: noHeaders,
    origin: "ip",
    method: "GET",
    headers,
    expose: [],
    expected: safelisted
      ? { allowed: true, preflight: false, readable: {} }
      : { allowed: false, preflight: true },
  });
  const header = (name: string, value?: string) =>
    value === undefined ? { name } : { name, value };
  return [
    simple(
      "Accept text/html, */*;q=0.8 is safelisted",
      [header("Accept", "text/html, */*;q=0.8")],
      true,
    ),
    simple(
      'Accept with a CORS-unsafe byte (") needs a preflight',
      [header("Accept", 'text/plain; q="1"')],
      false,
    ),
    simple(
      "Accept of 128 bytes is safelisted",
      [header("Accept", "text/" + "a".repeat(123))],
      true,
    ),
    simple(
      "Accept of 129 bytes needs a preflight",
      [header("Accept", "text/" + "a".repeat(124))],
      false,
    ),
    simple(
      "Accept-Language en-US,en;q=0.9 is safelisted",
      [header("Accept-Language", "en-US,en;q=0.9")],
      true,
    ),
    simple(
      "Accept-Language with _ needs a preflight",
      [header("Accept-Language", "en_US")],
      false,
    ),
    simple(
      "Content-Language de-DE, en is safelisted",
      [header("Content-Language", "de-DE, en")],
      true,
    ),
    simple(
      "Content-Language with / needs a preflight",
      [header("Content-Language", "de/CH")],
      false,
    ),
    simple(
      "Content-Type text/plain;charset=UTF-8 is safelisted",
      [header("Content-Type", "text/plain;charset=UTF-8")],
      true,
    ),
    simple(
      "Content-Type multipart/form-data; boundary=x is safelisted",
      [header("Content-Type", "multipart/form-data; boundary=x")],
      true,
    ),
    simple(
      "Content-Type Application/X-WWW-Form-Urlencoded is safelisted (essence ignores case)",
      [header("Content-Type", "Application/X-WWW-Form-Urlencoded")],
      true,
    ),
    simple(
      'Content-Type text/plain; charset="utf-8" needs a preflight (" is CORS-unsafe)',
      [header("Content-Type", 'text/plain; charset="utf-8"')],
      false,
    ),
    simple(
      "Content-Type text/plain, application/json needs a preflight (not one MIME type)",
      [header("Content-Type", "text/plain, application/json")],
      false,
    ),
    simple(
      "Range without a value is judged as bytes=0-: safelisted",
      [header("Range")],
      true,
    ),
    simple("Range bytes=5- is safelisted", [header("Range", "bytes=5-")], true),
    simple(
      "Range bytes=0-3 with trailing whitespace is safelisted (fetch trims it)",
      [header("Range", "bytes=0-3 ")],
      true,
    ),
    simple(
      "Range of 128 bytes is safelisted",
      [header("Range", "bytes=" + "0".repeat(119) + "1-2")],
      true,
    ),
    simple(
      "Range of 129 bytes needs a preflight",
      [header("Range", "bytes=" + "0".repeat(120) + "1-2")],
      false,
    ),
    simple(
      "Range bytes=4-2 (start after end) needs a preflight",
      [header("Range", "bytes=4-2")],
      false,
    ),
    simple(
      "Range of two ranges needs a preflight",
      [header("Range", "bytes=0-1,3-4")],
      false,
    ),
    simple(
      "Range Bytes=0-3 (unit not lower case) needs a preflight",
      [header("Range", "Bytes=0-3")],
      false,
    ),
    simple(
      "Range bytes= 0-3 (inner whitespace) needs a preflight",
      [header("Range", "bytes= 0-3")],
      false,
    ),
    simple(
      "Range past 2^63 needs a preflight (Chromium reads 64-bit positions)",
      [header("Range", "bytes=99999999999999999999-")],
      false,
    ),
    simple(
      "Accept twice, joined to 202 bytes, needs a preflight",
      [header("Accept", "a".repeat(100)), header("Accept", "b".repeat(100))],
      false,
    ),
    simple(
      "Referer and DNT are forbidden: fetch drops them, no preflight",
      [header("Referer", "http://127.0.0.1/"), header("DNT", "1")],
      true,
    ),
    simple(
      "X-HTTP-Method-Override TRACE is forbidden: dropped, no preflight",
      [header("X-HTTP-Method-Override", "TRACE")],
      true,
    ),
    simple(
      "X-HTTP-Method-Override GET needs a preflight",
      [header("X-HTTP-Method-Override", "GET")],
      false,
    ),
    {
      name:
        "the preflight names only the unsafe header: AllowedHeader x-custom suffices next to a simple Range",
      cors: cors(rule([IP], ["GET"], ["x-custom"])),
      origin: "ip",
      method: "GET",
      headers: [header("Range", "bytes=0-3"), header("X-Custom", "1")],
      expose: [],
      expected: { allowed: true, preflight: true, readable: {} },
    },
  ];
}

/**
 * Fills the `{port}` and `{port2}` placeholders.
 *
 * @param text A pattern or origin.
 * @param ports The two page servers' ports.
 * @returns The text with the ports.
 */
export function withPorts(
  text: string,
  ports: { readonly port: number; readonly port2: number },
): string {
  return text.replaceAll("{port2}", String(ports.port2)).replaceAll(
    "{port}",
    String(ports.port),
  );
}

/**
 * Fills the placeholders of a case's CORS configuration.
 *
 * @param config The configuration.
 * @param ports The two page servers' ports.
 * @returns The configuration with the ports.
 */
export function corsWithPorts(
  config: SnapshotCors | "none",
  ports: { readonly port: number; readonly port2: number },
): SnapshotCors | "none" {
  if (config === "none") return config;
  return {
    ...config,
    rules: config.rules.map((item) => ({
      ...item,
      allowedOrigins: item.allowedOrigins.map((origin) =>
        withPorts(origin, ports)
      ),
    })),
  };
}
