/**
 * Serves a `fetch`-style handler with `node:http`, for its request-head
 * timeout: `Deno.serve` (Deno 2.9) has none, so a client that opens a
 * connection and never finishes its request head would hold it forever.
 * `node:http` cuts such a client off after `headersTimeout` with
 * `408 Request Timeout`, for the first request of a connection and for every
 * later one on a kept-alive connection, and closes connections idle between
 * requests after `keepAliveTimeout`.
 *
 * A request head over {@linkcode MAX_HEADER_BYTES} gets `431`.
 *
 * Responses are read whole before they are sent, so that they carry a
 * `Content-Length` as `Deno.serve` gives them; a body that fails part-way (an
 * injected connection reset) is sent as far as it got, and the connection is
 * then destroyed.
 *
 * @module
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { Socket } from "node:net";
import { Readable } from "node:stream";

/** Options of {@linkcode nodeServe}. */
export interface NodeServeOptions {
  /** The address to listen on. */
  readonly hostname: string;
  /** The port; `0` picks a free one. */
  readonly port: number;
  /** How long a client has to send each request head, in milliseconds. */
  readonly headerTimeoutMs: number;
  /** Answers each request; must not reject. */
  readonly handler: (request: Request) => Promise<Response>;
  /** Receives errors the handler let through (answered with a 500). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** A running server. */
export interface NodeServer {
  /** The port it listens on. */
  readonly port: number;
  /**
   * Stops accepting, lets the requests being answered finish, then closes
   * every connection.
   *
   * @param beforeWait Called once listening has stopped, before waiting for
   * the requests being answered (to cancel their delays).
   * @returns When every connection has closed.
   */
  close(beforeWait?: () => void): Promise<void>;
}

/** How long a client has to send a request head unless told otherwise. */
export const DEFAULT_HEADER_TIMEOUT_MS = 10_000;

/** The largest request head (request line and headers) read, in bytes. */
export const MAX_HEADER_BYTES = 64 * 1024;

/** How long idle kept-alive connections stay open, as `node:http`'s default. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** Where a client's request points, as `Deno.serve` builds it. */
function requestUrl(request: IncomingMessage, fallbackHost: string): URL {
  const target = request.url ?? "/";
  if (/^https?:\/\//i.test(target)) return new URL(target);
  // The Tea SDK's `hostModel: "ip"` sends `Host: <ip>:<port>/<bucket>`
  // (the bucket is in the path too): only the part before `/` is the host.
  const host = (request.headers.host ?? fallbackHost).split("/")[0];
  return new URL(`http://${host}${target}`);
}

function toRequest(
  incoming: IncomingMessage,
  fallbackHost: string,
  signal: AbortSignal,
): Request {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    headers.append(raw[i]!, raw[i + 1]!);
  }
  const method = incoming.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(requestUrl(incoming, fallbackHost), {
    method,
    headers,
    signal,
    ...(hasBody
      ? {
        body: Readable.toWeb(incoming) as ReadableStream<Uint8Array>,
        duplex: "half",
      }
      : {}),
  } as RequestInit);
}

/** Reads a body whole; `complete` is false if it failed part-way. */
async function readBody(
  body: ReadableStream<Uint8Array> | null,
): Promise<{ chunks: Uint8Array[]; length: number; complete: boolean }> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  if (body === null) return { chunks, length, complete: true };
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { chunks, length, complete: true };
      chunks.push(value);
      length += value.length;
    }
  } catch {
    return { chunks, length, complete: false };
  }
}

async function send(
  response: Response,
  method: string,
  outgoing: ServerResponse,
): Promise<void> {
  const bodyless = method === "HEAD" || response.status === 204 ||
    response.status === 304;
  // A bodyless answer sends its headers whole, whatever its body would do.
  if (bodyless) await response.body?.cancel().catch(() => {});
  const { chunks, length, complete } = await readBody(
    bodyless ? null : response.body,
  );
  const names = new Map<string, string[]>();
  for (const [name, value] of response.headers) {
    names.set(name, [...names.get(name) ?? [], value]);
  }
  if (complete && !bodyless && !names.has("content-length")) {
    names.set("content-length", [String(length)]);
  }
  for (const [name, values] of names) {
    outgoing.setHeader(name, values.length === 1 ? values[0]! : values);
  }
  outgoing.writeHead(response.status, response.statusText || undefined);
  if (complete) {
    for (const chunk of chunks) outgoing.write(chunk);
    // Resolves once the response is handed to the socket, so that closing
    // the server after it cannot cut it short.
    await new Promise<void>((resolve) => outgoing.end(() => resolve()));
    return;
  }
  // Send what the body gave, then break the connection.
  outgoing.flushHeaders();
  for (const chunk of chunks) {
    await new Promise<void>((resolve) =>
      outgoing.write(chunk, () => resolve())
    );
  }
  await new Promise<void>((resolve) => outgoing.write("", () => resolve()));
  outgoing.destroy();
}

function listen(server: Server, hostname: string, port: number): Promise<void> {
  // node:http throws a refused permission out of band, uncaught: ask first,
  // and fail as Deno.serve would.
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  const { state } = Deno.permissions.querySync({
    name: "net",
    host: `${host}:${port}`,
  });
  if (state !== "granted") {
    return Promise.reject(
      new Deno.errors.NotCapable(
        `Requires net access to "${host}:${port}", run again with the --allow-net flag`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const onError = (error: Error & { code?: string }) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Deno.errors.AddrInUse(error.message, { cause: error })
          : error,
      );
    };
    server.once("error", onError);
    server.listen(port, hostname, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

/**
 * Serves a handler over HTTP/1.1 with `node:http`.
 *
 * @param options The address, the head timeout and the handler.
 * @returns The running server.
 * @throws {Deno.errors.AddrInUse} If the port is taken.
 */
export async function nodeServe(
  options: NodeServeOptions,
): Promise<NodeServer> {
  const { hostname, handler, headerTimeoutMs } = options;
  const answering = new Set<Promise<void>>();
  const sockets = new Set<Socket>();
  const server = createServer(
    {
      headersTimeout: headerTimeoutMs,
      requestTimeout: 0,
      maxHeaderSize: MAX_HEADER_BYTES,
      keepAliveTimeout: Math.min(KEEP_ALIVE_TIMEOUT_MS, headerTimeoutMs),
      // How often timeouts are checked: a slow client is cut off within
      // headerTimeoutMs plus this.
      connectionsCheckingInterval: Math.max(
        10,
        Math.min(1_000, Math.floor(headerTimeoutMs / 4)),
      ),
    } as Parameters<typeof createServer>[0],
  );
  let port = options.port;
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on(
    "request",
    (incoming: IncomingMessage, outgoing: ServerResponse) => {
      const controller = new AbortController();
      outgoing.once("close", () => controller.abort());
      const task = (async () => {
        const method = (incoming.method ?? "GET").toUpperCase();
        let request: Request;
        try {
          request = toRequest(
            incoming,
            `${hostname}:${port}`,
            controller.signal,
          );
        } catch {
          // A Host or header that makes no URL or Request.
          return await send(
            new Response("Bad request", { status: 400 }),
            method,
            outgoing,
          );
        }
        let response: Response;
        try {
          response = await handler(request);
        } catch (error) {
          options.onError?.(error);
          response = new Response("Internal error", { status: 500 });
        }
        await send(response, method, outgoing);
      })().catch((error) => {
        options.onError?.(error);
        outgoing.destroy();
      });
      answering.add(task);
      task.finally(() => answering.delete(task));
    },
  );
  await listen(server, hostname, options.port);
  const address = server.address();
  port = typeof address === "object" && address !== null
    ? address.port
    : options.port;
  let closing: Promise<void> | undefined;
  return {
    port,
    close(beforeWait?: () => void): Promise<void> {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) =>
          server.close(() => resolve())
        );
        server.closeIdleConnections();
        beforeWait?.();
        while (answering.size > 0) await Promise.all(answering);
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        await closed;
      })();
      return closing;
    },
  };
}
