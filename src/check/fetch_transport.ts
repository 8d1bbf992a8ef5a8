/**
 * An HTTP transport for ali-oss (its `urllib` option) on the platform's
 * `fetch`: every request gets a whole-request timeout, failures are told
 * apart (connection, timeout) and described without the URL, and the body
 * is read completely, so that a connection that breaks mid-response is a
 * network failure rather than a short body. Failures name the host (never
 * the URL) and the cause: a name that does not resolve, a refused
 * connection, a timeout. A request the process has no network permission
 * for is no network failure: Deno's refusal is thrown as it is.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { missingPermissionOf } from "../io/missing_permission.ts";
import { formatDuration } from "../manifest/duration.ts";

/** What ali-oss passes to `urllib.request`, as far as this transport reads it. */
export interface TransportParams {
  /** The method. */
  readonly method?: string | undefined;
  /** The request headers; `host` is set by `fetch` from the URL. */
  readonly headers?: Readonly<Record<string, unknown>> | undefined;
  /** A request body. */
  readonly content?: Uint8Array | string | undefined;
  /** The timeout in milliseconds (or `[connect, response]`). */
  readonly timeout?: number | readonly number[] | undefined;
}

/** The answer in the shape ali-oss reads from urllib. */
export interface TransportResult {
  /** The HTTP status. */
  readonly status: number;
  /** The response headers, names lower case. */
  readonly headers: Record<string, string>;
  /** The body. */
  readonly data: Buffer;
  /** The response, as ali-oss hands it back to callers (`result.res`). */
  readonly res: {
    readonly status: number;
    readonly statusCode: number;
    readonly headers: Record<string, string>;
    readonly size: number;
    readonly requestUrls: readonly string[];
  };
}

/** A transport ali-oss can use as its `urllib` option. */
export interface Transport {
  /** Sends one request. */
  request(url: string, params: TransportParams): Promise<TransportResult>;
}

/** Options of {@linkcode fetchTransport}. */
export interface FetchTransportOptions {
  /** The fetch to use. @default {globalThis.fetch} */
  readonly fetch?: typeof fetch | undefined;
  /** The timeout when ali-oss gives none, in milliseconds. @default {30000} */
  readonly timeoutMs?: number | undefined;
}

/**
 * A transport failure in the shape ali-oss turns into its own error: status
 * `-1` for a connection failure, `-2` for a timeout (its `requestError`).
 */
export class TransportError extends Error {
  /** `-1` (connection) or `-2` (timeout), as urllib reports them. */
  readonly status: -1 | -2;

  /**
   * Creates the error.
   *
   * @param status `-1` or `-2`.
   * @param name `ConnectionError` or `RequestTimeoutError`.
   * @param message What happened, without the URL.
   */
  constructor(status: -1 | -2, name: string, message: string) {
    super(message);
    this.name = name;
    this.status = status;
  }
}

/**
 * Describes a fetch failure without any URL (a signed link's signature has
 * no place in a message): the innermost cause, with Deno's "error sending
 * request for url …: client error (Connect):" framing cut and DNS and TCP
 * failures named as such.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeFetchFailure } from "./fetch_transport.ts";
 *
 * const error = new TypeError(
 *   "error sending request for url (http://127.0.0.1:1/a?x-oss-signature=s): client error (Connect): tcp connect error: Connection refused",
 * );
 * assert.equal(
 *   describeFetchFailure(error),
 *   "TCP connection failed (Connection refused)",
 * );
 * ```
 *
 * @param error What `fetch` threw.
 * @returns The cause, in words, without any URL.
 */
export function describeFetchFailure(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    parts.push(current.message);
    current = current.cause;
  }
  const text = (parts.at(-1) ?? String(error))
    .replace(/\s*\(?\b[a-z][a-z0-9+.-]*:\/\/[^\s)]*\)?/gi, "")
    .replace(/\s+/g, " ").trim()
    .replace(/^error sending request(?: for url)?:?\s*/i, "")
    .replace(/^client error \([a-z]+\):\s*/i, "");
  const dns = /^dns error:\s*(.*)$/i.exec(text);
  if (dns !== null) {
    return `the name does not resolve (DNS: ${dns[1] || "no answer"})`;
  }
  const tcp = /^tcp connect error:\s*(.*)$/i.exec(text);
  if (tcp !== null) return `TCP connection failed (${tcp[1] || "no detail"})`;
  return text === "" ? "unknown error" : text;
}

/** The host (and port) a request goes to, for messages. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the endpoint";
  }
}

function timeoutOf(params: TransportParams, fallback: number): number {
  const { timeout } = params;
  if (typeof timeout === "number" && timeout > 0) return timeout;
  if (Array.isArray(timeout)) {
    const total = timeout.reduce((sum: number, part) => sum + part, 0);
    if (total > 0) return total;
  }
  return fallback;
}

/**
 * Creates a fetch-based transport for ali-oss's `urllib` option.
 *
 * @example Usage
 * ```ts ignore
 * import OSS from "npm:ali-oss@6.23.0";
 * import { fetchTransport } from "./fetch_transport.ts";
 * const client = new OSS({ region: "oss-cn-hangzhou", accessKeyId: "…",
 *   accessKeySecret: "…", bucket: "examplebucket", urllib: fetchTransport() });
 * ```
 *
 * @param options The fetch and default timeout.
 * @returns The transport.
 */
export function fetchTransport(options: FetchTransportOptions = {}): Transport {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const fallback = options.timeoutMs ?? 30_000;
  return {
    async request(url, params) {
      const headers = new Headers();
      for (const [name, value] of Object.entries(params.headers ?? {})) {
        const lower = name.toLowerCase();
        if (value === undefined || value === null) continue;
        if (lower === "host" || lower === "content-length") continue;
        headers.set(name, String(value));
      }
      const timeout = timeoutOf(params, fallback);
      const signal = AbortSignal.timeout(timeout);
      const method = (params.method ?? "GET").toUpperCase();
      const host = hostOf(url);
      const timedOut = () =>
        new TransportError(
          -2,
          "RequestTimeoutError",
          `no complete response from "${host}" within ${
            // --timeout is whole seconds; tests use milliseconds.
            timeout % 1000 === 0
              ? formatDuration(timeout / 1000)
              : `${timeout} ms`}`,
        );
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method,
          headers,
          body: params.content === undefined
            ? null
            : typeof params.content === "string"
            ? params.content
            : new Uint8Array(params.content),
          signal,
          redirect: "manual",
        });
      } catch (error) {
        if (missingPermissionOf(error) !== undefined) throw error;
        if (signal.aborted) throw timedOut();
        throw new TransportError(
          -1,
          "ConnectionError",
          `cannot connect to "${host}": ${describeFetchFailure(error)}`,
        );
      }
      let body: Uint8Array;
      try {
        body = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        if (signal.aborted) throw timedOut();
        throw new TransportError(
          -1,
          "ConnectionError",
          `connection to "${host}" lost while reading the response: ${
            describeFetchFailure(error)
          }`,
        );
      }
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        responseHeaders[name] = value;
      });
      return {
        status: response.status,
        headers: responseHeaders,
        data: Buffer.from(body),
        res: {
          status: response.status,
          statusCode: response.status,
          headers: responseHeaders,
          size: body.length,
          requestUrls: [],
        },
      };
    },
  };
}
