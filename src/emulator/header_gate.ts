/**
 * The emulator's front door: a slow client cannot hold a connection open.
 *
 * `Deno.serve` (Deno 2.9) has no header-read timeout, and nothing in Deno 2
 * hands an accepted connection to its HTTP server (`Deno.serveHttp` is
 * gone). So the emulator listens with `Deno.listen` itself, and for each
 * connection waits, within a deadline, for the end of the request head
 * (`\r\n\r\n`). A client that has not sent a whole head by then gets
 * `408 Request Timeout` (if it sent anything) and is disconnected; a head
 * larger than the limit gets `431`. A complete head is forwarded, with
 * `Connection: close` added, to the HTTP server on an internal loopback
 * port, and the two connections are joined until the response ends. Since
 * every connection carries exactly one request, the deadline bounds every
 * request head the emulator reads.
 *
 * @module
 */

/** How long a client has to send its request head unless told otherwise. */
export const DEFAULT_HEADER_TIMEOUT_MS = 10_000;

/** The largest request head forwarded, in bytes. */
export const MAX_HEADER_BYTES = 64 * 1024;

/** Options of {@linkcode startHeaderGate}. */
export interface HeaderGateOptions {
  /** Where clients connect. The gate owns it and closes it. */
  readonly listener: Deno.Listener<Deno.TcpConn, Deno.NetAddr>;
  /** The HTTP server requests are forwarded to. */
  readonly upstream: { readonly hostname: string; readonly port: number };
  /** How long a client has, from connecting, to send its request head. */
  readonly headerTimeoutMs: number;
  /** The largest request head forwarded, in bytes. @default {65536} */
  readonly maxHeaderBytes?: number | undefined;
}

/** A running gate. */
export interface HeaderGate {
  /**
   * Stops accepting and disconnects clients still sending their heads;
   * forwarded requests go on until their responses end.
   */
  stop(): void;
  /**
   * Waits until every connection has ended (after {@linkcode HeaderGate.stop}).
   *
   * @returns When the last connection has closed.
   */
  finished(): Promise<void>;
}

const CONNECTION_CLOSE = new TextEncoder().encode("Connection: close\r\n");
const REQUEST_TIMEOUT = new TextEncoder().encode(
  "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
);
const HEAD_TOO_LARGE = new TextEncoder().encode(
  "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
);
const LF = 0x0a;
const CR = 0x0d;

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // Already closed.
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    offset += await conn.write(bytes.subarray(offset));
  }
}

/**
 * Where the request head ends (just past its empty line), or -1. Lines may
 * end in CRLF or a bare LF, as the HTTP server accepts both.
 *
 * @param bytes The bytes received, from the request line on.
 * @param from Where to start looking (what was already searched).
 * @returns The length of the head, or -1.
 */
export function headEnd(bytes: Uint8Array, from = 0): number {
  for (let i = Math.max(from, 1); i < bytes.length; i++) {
    if (bytes[i] !== LF) continue;
    if (bytes[i - 1] === LF) return i + 1;
    if (bytes[i - 1] === CR && i >= 2 && bytes[i - 2] === LF) return i + 1;
  }
  return -1;
}

/** The received bytes with `Connection: close` after the request line. */
function withConnectionClose(received: Uint8Array): Uint8Array {
  const lineEnd = received.indexOf(LF) + 1;
  const out = new Uint8Array(received.length + CONNECTION_CLOSE.length);
  out.set(received.subarray(0, lineEnd), 0);
  out.set(CONNECTION_CLOSE, lineEnd);
  out.set(received.subarray(lineEnd), lineEnd + CONNECTION_CLOSE.length);
  return out;
}

/** Bytes received so far, in a buffer that doubles as it fills. */
class Received {
  #buffer = new Uint8Array(4096);
  #length = 0;
  /** Where the request line starts: the empty lines before it are skipped. */
  #start = 0;
  /** How far the search for the end of the head has got. */
  #searched = 0;

  get length(): number {
    return this.#length;
  }

  append(chunk: Uint8Array): void {
    if (this.#length + chunk.length > this.#buffer.length) {
      let size = this.#buffer.length * 2;
      while (size < this.#length + chunk.length) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#buffer.set(chunk, this.#length);
    this.#length += chunk.length;
  }

  /** The bytes from the request line on, if the head is complete. */
  head(): Uint8Array | undefined {
    const bytes = this.#buffer.subarray(0, this.#length);
    while (
      this.#start < bytes.length &&
      (bytes[this.#start] === CR || bytes[this.#start] === LF)
    ) {
      this.#start++;
    }
    const request = bytes.subarray(this.#start);
    const end = headEnd(request, Math.max(0, this.#searched - 3));
    this.#searched = request.length;
    return end === -1 ? undefined : request;
  }
}

type HeadResult =
  | { readonly kind: "head"; readonly received: Uint8Array }
  | { readonly kind: "closed" | "timeout" | "too-large" };

/**
 * Reads until the request head is complete, the deadline passes, the gate
 * stops or the client leaves. At the deadline a client that sent part of a
 * head is told `408` before it is disconnected.
 */
async function readHead(
  conn: Deno.Conn,
  signals: { readonly deadline: AbortSignal; readonly stopping: AbortSignal },
  maxBytes: number,
): Promise<HeadResult> {
  const received = new Received();
  const chunk = new Uint8Array(16 * 1024);
  let cut: "timeout" | "closed" | undefined;
  let closing: Promise<void> = Promise.resolve();
  const onDeadline = () => {
    cut = "timeout";
    closing =
      (received.length === 0
        ? Promise.resolve()
        : writeAll(conn, REQUEST_TIMEOUT).catch(() => {}))
        .finally(() => closeQuietly(conn));
  };
  const onStop = () => {
    cut = "closed";
    closeQuietly(conn);
  };
  signals.deadline.addEventListener("abort", onDeadline, { once: true });
  signals.stopping.addEventListener("abort", onStop, { once: true });
  try {
    for (;;) {
      let count: number | null;
      try {
        count = await conn.read(chunk);
      } catch {
        count = null;
      }
      if (cut !== undefined) {
        await closing;
        return { kind: cut };
      }
      if (count === null) return { kind: "closed" };
      received.append(chunk.subarray(0, count));
      const head = received.head();
      if (head !== undefined) return { kind: "head", received: head };
      if (received.length > maxBytes) return { kind: "too-large" };
    }
  } finally {
    signals.deadline.removeEventListener("abort", onDeadline);
    signals.stopping.removeEventListener("abort", onStop);
  }
}

/** Copies one side to the other until it ends; returns how it ended. */
async function copy(
  from: Deno.Conn,
  to: Deno.Conn,
): Promise<"end" | "error"> {
  const buffer = new Uint8Array(64 * 1024);
  try {
    for (;;) {
      const count = await from.read(buffer);
      if (count === null) return "end";
      await writeAll(to, buffer.subarray(0, count));
    }
  } catch {
    return "error";
  }
}

async function forward(
  client: Deno.Conn,
  received: Uint8Array,
  upstream: HeaderGateOptions["upstream"],
): Promise<void> {
  let server: Deno.TcpConn;
  try {
    server = await Deno.connect({ ...upstream, transport: "tcp" });
  } catch {
    closeQuietly(client);
    return;
  }
  try {
    await writeAll(server, withConnectionClose(received));
  } catch {
    closeQuietly(server);
    closeQuietly(client);
    return;
  }
  const requestSide = copy(client, server).then(async (end) => {
    // The client is gone (or has half-closed): the server sees the same.
    if (end === "end") await server.closeWrite().catch(() => {});
    else closeQuietly(server);
  });
  await copy(server, client);
  closeQuietly(server);
  closeQuietly(client);
  await requestSide;
}

/**
 * Accepts connections on a listener and forwards each request whose head
 * arrives in time to an HTTP server.
 *
 * @param options The listener, the server and the deadline.
 * @returns The running gate.
 */
export function startHeaderGate(options: HeaderGateOptions): HeaderGate {
  const { listener, upstream, headerTimeoutMs } = options;
  const maxBytes = options.maxHeaderBytes ?? MAX_HEADER_BYTES;
  const stopping = new AbortController();
  const connections = new Set<Promise<void>>();

  async function serveConnection(conn: Deno.Conn): Promise<void> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), headerTimeoutMs);
    let head: HeadResult;
    try {
      head = await readHead(
        conn,
        { deadline: deadline.signal, stopping: stopping.signal },
        maxBytes,
      );
    } finally {
      clearTimeout(timer);
    }
    if (head.kind === "head") {
      return await forward(conn, head.received, upstream);
    }
    if (head.kind === "too-large") {
      await writeAll(conn, HEAD_TOO_LARGE).catch(() => {});
    }
    closeQuietly(conn);
  }

  const accepting = (async () => {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        return;
      }
      const task = serveConnection(conn).catch(() => closeQuietly(conn));
      connections.add(task);
      task.finally(() => connections.delete(task));
    }
  })();

  return {
    stop(): void {
      if (stopping.signal.aborted) return;
      stopping.abort();
      try {
        listener.close();
      } catch {
        // Already closed.
      }
    },
    async finished(): Promise<void> {
      await accepting;
      while (connections.size > 0) await Promise.all(connections);
    },
  };
}
