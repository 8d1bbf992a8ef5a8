/**
 * One request of `sign --probe`: a signed link asked for its headers, the way
 * its signature allows. OSS signs the method, so a GET link is asked with a
 * GET for its first byte (`Range: bytes=0-0`; Range is not signed) and a HEAD
 * link with a HEAD. A connection failure, a timeout, a 5xx or a 429 is tried
 * again with backoff; when the attempts run out the link is unreachable,
 * which says nothing about the link itself. Messages name the host and the
 * cause, never the URL (it holds the signature).
 *
 * @module
 */
import { missingPermissionOf } from "../io/missing_permission.ts";
import { describeFetchFailure } from "./fetch_transport.ts";
import type { ProbeAnswer } from "./probe_compare.ts";
import { DEFAULT_ATTEMPTS, type RetryOptions, withRetry } from "./retry.ts";

/** How {@linkcode requestLink} asks. */
export interface ProbeRequestOptions {
  /** The fetch to use. @default {globalThis.fetch} */
  readonly fetch?: typeof fetch | undefined;
  /** The timeout of each attempt, in milliseconds. @default {30000} */
  readonly timeoutMs?: number | undefined;
  /** Attempts and backoff. @default {4 attempts} */
  readonly retry?: RetryOptions | undefined;
}

/** A link that gave no usable answer: its host could not be reached. */
export class ProbeUnreachableError extends Error {
  /** The host (and port) asked. */
  readonly host: string;

  /**
   * Creates the error.
   *
   * @param host The host (and port).
   * @param message What happened, naming the host, without the URL.
   * @param options The cause.
   */
  constructor(host: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ProbeUnreachableError";
    this.host = host;
  }
}

/** A failed attempt worth another. */
class Retryable extends Error {}

/** The most error body read for its OSS error code. */
const ERROR_BODY_LIMIT = 64 * 1024;

/** The `<Code>` of an OSS error document. */
function errorCodeOf(xml: string): string | undefined {
  return /<Code>([^<]{1,100})<\/Code>/.exec(xml)?.[1];
}

/**
 * The OSS error code of an answer: from the body of a GET, from the
 * base64 `x-oss-err` header of a HEAD (which has no body).
 */
async function errorCode(response: Response): Promise<string | undefined> {
  const header = response.headers.get("x-oss-err");
  if (header !== null) {
    await response.body?.cancel();
    try {
      return errorCodeOf(atob(header));
    } catch {
      return undefined;
    }
  }
  const length = Number(response.headers.get("content-length") ?? NaN);
  if (!(length <= ERROR_BODY_LIMIT)) {
    await response.body?.cancel();
    return undefined;
  }
  return errorCodeOf(await response.text());
}

/** Reads a short body (so that the connection is reused), else drops it. */
async function finish(response: Response): Promise<void> {
  const length = Number(response.headers.get("content-length") ?? NaN);
  if (length <= 16) await response.arrayBuffer();
  else await response.body?.cancel();
}

/**
 * Asks a signed link for its status and headers.
 *
 * @example Usage
 * ```ts ignore
 * import { requestLink } from "./probe_request.ts";
 * const answer = await requestLink(link.url, link.method);
 * // { status: 206, contentType: "text/plain", contentDisposition: "attachment", … }
 * ```
 *
 * @param url The signed URL.
 * @param method The method it was signed for.
 * @param options Fetch, timeout and retries.
 * @returns The status and the headers a probe compares.
 * @throws {ProbeUnreachableError} When no attempt got an answer below 500
 *   (other than 429).
 * @throws {Deno.errors.NotCapable} When the process may not reach the host,
 *   at once, as Deno refused it.
 */
export async function requestLink(
  url: string,
  method: "GET" | "HEAD",
  options: ProbeRequestOptions = {},
): Promise<ProbeAnswer> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const host = new URL(url).host;
  const ask = async (ranged: boolean): Promise<Response> => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return await fetchImpl(url, {
        method,
        headers: ranged ? { range: "bytes=0-0" } : {},
        redirect: "manual",
        signal,
      });
    } catch (error) {
      if (missingPermissionOf(error) !== undefined) throw error;
      throw new Retryable(
        signal.aborted
          ? `no answer from "${host}" within ${timeoutMs} ms`
          : `cannot connect to "${host}": ${describeFetchFailure(error)}`,
        { cause: error },
      );
    }
  };
  const attempt = async (): Promise<ProbeAnswer> => {
    let response = await ask(method === "GET");
    // An empty object has no first byte: ask for all of it (nothing).
    if (response.status === 416 && method === "GET") {
      await response.body?.cancel();
      response = await ask(false);
    }
    const { status } = response;
    if (status >= 500 || status === 429) {
      const code = await errorCode(response).catch(() => undefined);
      throw new Retryable(
        `"${host}" answered ${status}${code === undefined ? "" : ` ${code}`}`,
      );
    }
    const headers = response.headers;
    const answer: ProbeAnswer = {
      status,
      contentType: headers.get("content-type"),
      contentDisposition: headers.get("content-disposition"),
      forcedDownload: headers.get("x-oss-force-download") === "true",
    };
    try {
      if (status >= 300) {
        const code = await errorCode(response);
        return code === undefined ? answer : { ...answer, errorCode: code };
      }
      await finish(response);
      return answer;
    } catch (error) {
      throw new Retryable(
        `connection to "${host}" lost while reading the answer: ${
          describeFetchFailure(error)
        }`,
        { cause: error },
      );
    }
  };
  const attempts = options.retry?.attempts ?? DEFAULT_ATTEMPTS;
  try {
    return await withRetry(attempt, {
      ...options.retry,
      retryable: (error) => error instanceof Retryable,
    });
  } catch (error) {
    if (!(error instanceof Retryable)) throw error;
    throw new ProbeUnreachableError(
      host,
      `${error.message}${attempts > 1 ? ` (${attempts} attempts)` : ""}`,
      { cause: error },
    );
  }
}
