/**
 * A `fetch` that sends every `http:` URL to the emulator, keeping the URL's
 * host in the `Host` header, as if DNS pointed every name at loopback. With
 * it, links for `*.aliyuncs.com`, `*.localhost` and bound custom domains can
 * be fetched with only `--allow-net=127.0.0.1`. (`fetch` cannot do this: it
 * does not let a caller set `Host`.)
 *
 * @module
 */
import { request } from "node:http";
import { Readable } from "node:stream";

/** Where the emulator listens. */
export interface LoopbackTarget {
  /** The address, for example `127.0.0.1`. */
  readonly hostname: string;
  /** The port. */
  readonly port: number;
}

function responseHeaders(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    headers.append(raw[i]!, raw[i + 1]!);
  }
  return headers;
}

function hasNoBody(method: string, status: number): boolean {
  return method === "HEAD" || status === 204 || status === 304;
}

/**
 * Sends a request to the emulator whatever the URL's host, and returns the
 * response as `fetch` would.
 *
 * @param target Where the emulator listens.
 * @param input The URL (`http:` only) or request.
 * @param init The method, headers, body and abort signal.
 * @returns The response; its body errors if the connection breaks.
 * @throws {TypeError} If the URL is not `http:`.
 */
export async function loopbackFetch(
  target: LoopbackTarget,
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  const original = new Request(input, init);
  const url = new URL(original.url);
  if (url.protocol !== "http:") {
    throw new TypeError(
      `Cannot fetch "${url.href}" through the emulator: only http URLs are served`,
    );
  }
  const headers: Record<string, string> = {
    ...Object.fromEntries(original.headers),
    host: url.host,
  };
  const body = original.body === null
    ? undefined
    : new Uint8Array(await original.arrayBuffer());
  if (body !== undefined) headers["content-length"] = String(body.length);
  return await new Promise<Response>((resolve, reject) => {
    const outgoing = request({
      host: target.hostname,
      port: target.port,
      method: original.method,
      path: `${url.pathname}${url.search}`,
      headers,
      agent: false,
      signal: original.signal,
    }, (incoming) => {
      const status = incoming.statusCode ?? 500;
      const stream = hasNoBody(original.method, status)
        ? null
        : Readable.toWeb(incoming) as ReadableStream<Uint8Array>;
      if (stream === null) incoming.resume();
      resolve(
        new Response(stream, {
          status,
          statusText: incoming.statusMessage ?? "",
          headers: responseHeaders(incoming.rawHeaders),
        }),
      );
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}
