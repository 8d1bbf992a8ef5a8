/**
 * `startEmulator`: serves an emulator config over HTTP on 127.0.0.1 and a
 * free port by default, with `node:http` rather than `Deno.serve` so that a
 * client too slow to send its request head is cut off (see
 * `node_serve.ts`). Prints nothing.
 *
 * @module
 */
import { type EmulatorFaults, FaultInjector } from "./faults.ts";
import { createHandler, type EmulatorRequestRecord } from "./handler.ts";
import { DEFAULT_HEADER_TIMEOUT_MS, nodeServe } from "./node_serve.ts";
import { isLoopbackHostname } from "./loopback.ts";
import { loopbackFetch } from "./loopback_fetch.ts";
import type { EmulatorConfig } from "./model.ts";
import { DEFAULT_REQUEST_LOG_SIZE, RequestLog } from "./request_log.ts";
import {
  type EmulatorRequestEntry,
  redactedTarget,
  signatureKind,
} from "./request_line.ts";

/** Options of {@linkcode startEmulator}. */
export interface StartEmulatorOptions {
  /**
   * The buckets to serve, from {@linkcode loadEmulatorConfig} or
   * {@linkcode parseEmulatorConfig}.
   *
   * @default {{ buckets: [], faults: [] }}
   */
  readonly config?: EmulatorConfig | undefined;
  /**
   * The port; `0` picks a free one.
   *
   * @default {0}
   */
  readonly port?: number | undefined;
  /**
   * The address to listen on. Anything but loopback (`127.0.0.0/8`, `::1`,
   * `localhost`) needs {@linkcode StartEmulatorOptions.allowRemote}.
   *
   * @default {"127.0.0.1"}
   */
  readonly hostname?: string | undefined;
  /**
   * Allows a `hostname` that is not loopback (`0.0.0.0`, `::`, a LAN
   * address): anyone who can reach the port can then read the buckets with
   * the config's test credentials.
   *
   * @default {false}
   */
  readonly allowRemote?: boolean | undefined;
  /**
   * How long, in milliseconds, a client has from connecting to send its
   * whole request head; one that takes longer is disconnected (with `408`
   * if it sent part of one).
   *
   * @default {10000}
   */
  readonly headerTimeoutMs?: number | undefined;
  /**
   * The clock every expiry and skew check uses.
   *
   * @default {() => new Date()}
   */
  readonly now?: (() => Date) | undefined;
  /**
   * Waits for a delay fault; must reject when the signal aborts. Tests pass
   * one that resolves at once or when they choose.
   *
   * @default {a `setTimeout` wait}
   */
  readonly sleep?:
    | ((ms: number, signal: AbortSignal) => Promise<void>)
    | undefined;
  /**
   * How many requests {@linkcode EmulatorHandle.requests} remembers: the
   * log is a ring that drops the oldest record first, so a long-running
   * emulator does not grow. `0` remembers none.
   *
   * @default {1000}
   */
  readonly requestLogSize?: number | undefined;
  /**
   * Refuses every write (PutObject, CopyObject, AppendObject, the deletes
   * and multipart uploads) with 405 `MethodNotAllowed` naming read-only.
   *
   * @default {the config's `readOnly`, else false}
   */
  readonly readOnly?: boolean | undefined;
  /**
   * The most bytes writes may hold at once (objects and multipart parts
   * written by requests; the config's objects do not count). A write past
   * it gets 400 `EntityTooLarge`.
   *
   * @default {the config's `maxStoredBytes`, else 268435456 (256 MiB)}
   */
  readonly maxStoredBytes?: number | undefined;
  /**
   * Receives each request once its response head is ready: method, path
   * and query (signatures and tokens redacted), status, time taken, how it
   * was signed and the OSS error code; {@linkcode formatRequestLine} makes
   * it the command's log line. Requests `node:http` refuses before they
   * reach the emulator (408, 431) are not reported.
   */
  readonly onRequest?: ((entry: EmulatorRequestEntry) => void) | undefined;
  /** Stops the emulator when aborted. */
  readonly signal?: AbortSignal | undefined;
  /** Receives unexpected errors (each answered with a 500 `InternalError`). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** A running emulator. */
export interface EmulatorHandle extends AsyncDisposable {
  /** The base URL, for example `http://127.0.0.1:38211`. */
  readonly origin: string;
  /** The address it listens on. */
  readonly hostname: string;
  /** The port it listens on. */
  readonly port: number;
  /** What it serves. */
  readonly config: EmulatorConfig;
  /** Fault injection: `faults.add({ operation: "ListObjectsV2", status: 503, times: 2 })`. */
  readonly faults: EmulatorFaults;
  /**
   * The virtual host of a bucket that browsers resolve to loopback:
   * `<bucket>.oss-<region>.localhost:<port>`.
   *
   * @param bucket The bucket name.
   * @returns The host with the port.
   * @throws {TypeError} If the emulator does not serve the bucket.
   */
  bucketHost(bucket: string): string;
  /**
   * Fetches a URL from the emulator whatever its host, as if DNS pointed
   * every name at it: links for `*.aliyuncs.com`, `*.localhost` and bound
   * custom domains (http only) work with just `--allow-net=127.0.0.1`.
   *
   * @param input The URL or request.
   * @param init The method, headers, body and abort signal.
   * @returns The response.
   * @throws {TypeError} If the URL is not `http:`.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /**
   * The most recent requests served (at most
   * {@linkcode StartEmulatorOptions.requestLogSize}), oldest first.
   *
   * @returns A copy of the records.
   */
  requests(): readonly EmulatorRequestRecord[];
  /**
   * Stops listening, cancels pending delays and waits for open requests.
   *
   * @returns When the server has stopped.
   */
  close(): Promise<void>;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    function onAbort(): void {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Starts the OSS emulator in this process.
 *
 * @example Usage
 * ```ts no-assert
 * import { parseEmulatorConfig } from "@osslinks/osslinks/emulator";
 * import { startEmulator } from "@osslinks/osslinks/emulator";
 * const config = await parseEmulatorConfig({
 *   buckets: [{ name: "examplebucket", region: "cn-hangzhou", acl: "public-read",
 *     objects: [{ key: "hello.txt", content: "hello" }] }],
 * });
 * await using emulator = await startEmulator({ config });
 * const response = await fetch(`${emulator.origin}/examplebucket/hello.txt`);
 * await response.text(); // "hello"
 * ```
 *
 * @param options The config, port, clock and hooks.
 * @returns The running emulator.
 * @throws {Deno.errors.AddrInUse} If the port is taken.
 * @throws {RangeError} If `requestLogSize` is not a whole number from 0 up,
 * `headerTimeoutMs` is not a positive number of milliseconds, or
 * `maxStoredBytes` is not a whole number from 0 up.
 * @throws {TypeError} If `hostname` is not loopback and `allowRemote` is not
 * set.
 */
export function startEmulator(
  options: StartEmulatorOptions = {},
): Promise<EmulatorHandle> {
  return serve(options);
}

/** The most milliseconds `setTimeout` waits (about 24.8 days). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function checkOptions(options: StartEmulatorOptions): string {
  const timeout = options.headerTimeoutMs;
  if (
    timeout !== undefined &&
    !(Number.isFinite(timeout) && timeout > 0 && timeout <= MAX_TIMEOUT_MS)
  ) {
    throw new RangeError(
      `Invalid header timeout ${timeout}: expected milliseconds above 0, at most ${MAX_TIMEOUT_MS}`,
    );
  }
  const maxBytes = options.maxStoredBytes;
  if (
    maxBytes !== undefined && !(Number.isSafeInteger(maxBytes) && maxBytes >= 0)
  ) {
    throw new RangeError(
      `Invalid maxStoredBytes ${maxBytes}: expected a whole number of bytes from 0 up`,
    );
  }
  const hostname = options.hostname ?? "127.0.0.1";
  if (!options.allowRemote && !isLoopbackHostname(hostname)) {
    throw new TypeError(
      `Cannot listen on "${hostname}": it is not a loopback address, and anyone who can reach it could read the buckets with the test credentials; set allowRemote to do so anyway`,
    );
  }
  return hostname;
}

/**
 * Whether a request names a host (a virtual host or a bound domain) rather
 * than the emulator's address (path style on an IP or `localhost`).
 */
function addressedByName(requested: string, listening: string): boolean {
  return requested !== listening && requested !== "localhost" &&
    !requested.startsWith("[") && !/^\d+\.\d+\.\d+\.\d+$/.test(requested);
}

async function serve(options: StartEmulatorOptions): Promise<EmulatorHandle> {
  const records = new RequestLog<EmulatorRequestRecord>(
    options.requestLogSize ?? DEFAULT_REQUEST_LOG_SIZE,
  );
  const hostname = checkOptions(options);
  const config = options.config ?? { buckets: [], faults: [] };
  const faults = new FaultInjector();
  for (const rule of config.faults) faults.add(rule);
  const controller = new AbortController();
  // The error code of each request being answered, by request id, from the
  // handler's record to the access log.
  const codes = new Map<string, string | undefined>();
  const onRequest = options.onRequest;
  const handler = createHandler(config, {
    now: options.now ?? (() => new Date()),
    sleep: options.sleep ?? defaultSleep,
    faults,
    signal: controller.signal,
    record: (record) => {
      records.push(record);
      if (onRequest !== undefined) codes.set(record.requestId, record.code);
    },
    onError: options.onError,
    readOnly: options.readOnly ?? config.readOnly,
    maxStoredBytes: options.maxStoredBytes ?? config.maxStoredBytes,
  });
  const server = await nodeServe({
    hostname,
    port: options.port ?? 0,
    headerTimeoutMs: options.headerTimeoutMs ?? DEFAULT_HEADER_TIMEOUT_MS,
    handler: onRequest === undefined ? handler : async (request) => {
      const started = performance.now();
      const response = await handler(request);
      const requestId = response.headers.get("x-oss-request-id") ?? "";
      const code = codes.get(requestId);
      codes.delete(requestId);
      const url = new URL(request.url);
      onRequest({
        method: request.method,
        target: redactedTarget(url),
        host: addressedByName(url.hostname, hostname) ? url.host : undefined,
        status: response.status,
        durationMs: performance.now() - started,
        signature: signatureKind(url, request.headers.get("authorization")),
        code,
      });
      return response;
    },
    onError: options.onError,
  });
  const { port } = server;
  const origin = `http://${
    hostname.includes(":") ? `[${hostname}]` : hostname
  }:${port}`;
  const stop = () => {
    server.close(() => controller.abort());
  };
  options.signal?.addEventListener("abort", stop, { once: true });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      options.signal?.removeEventListener("abort", stop);
      await server.close(() => controller.abort());
    })();
    return closing;
  };
  if (options.signal?.aborted) stop();
  return {
    origin,
    hostname,
    port,
    config,
    faults,
    bucketHost(bucket: string): string {
      const found = config.buckets.find((candidate) =>
        candidate.name === bucket
      );
      if (found === undefined) {
        throw new TypeError(
          `Cannot build host: the emulator does not serve bucket "${bucket}"`,
        );
      }
      return `${found.name}.oss-${found.region}.localhost:${port}`;
    },
    fetch: (input, init) => loopbackFetch({ hostname, port }, input, init),
    requests: () => records.toArray(),
    close,
    [Symbol.asyncDispose]: close,
  };
}
