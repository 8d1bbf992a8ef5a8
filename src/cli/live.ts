/**
 * The flags and plumbing the commands that read a live bucket share
 * (`check --live`, `snapshot`, `sign --live`): endpoint, concurrency,
 * retries and timeout; opening the bucket through ali-oss with the
 * environment's credentials; and turning a failed read into exit code 3.
 *
 * @module
 */
import type { BucketApi } from "../check/bucket_api.ts";
import { BucketReadError, DEFAULT_CONCURRENCY } from "../check/read_bucket.ts";
import { DEFAULT_ATTEMPTS, type RetryOptions } from "../check/retry.ts";
import type { Manifest } from "../manifest/types.ts";
import type { Credentials } from "../sign/presign.ts";
import { type ParsedArgs, parsePositiveIntegerFlag } from "./args.ts";
import type { FlagDef } from "./spec.ts";
import { RuntimeFailure, UsageError } from "./usage_error.ts";

/** The flags of a live bucket read. */
export const LIVE_FLAGS: readonly FlagDef[] = [
  {
    name: "endpoint",
    type: "string",
    value: "URL",
    help:
      "API base URL instead of bucket.endpoint or the region's; a bare host means https:// (write http:// out for plain HTTP); a loopback or IP host (the emulator: http://127.0.0.1:PORT) is addressed path-style",
  },
  {
    name: "concurrency",
    type: "string",
    value: "N",
    default: String(DEFAULT_CONCURRENCY),
    help: "Requests in flight",
  },
  {
    name: "retries",
    type: "string",
    value: "N",
    default: String(DEFAULT_ATTEMPTS - 1),
    help: "Retries of a request after a 5xx, timeout or broken connection",
  },
  {
    name: "timeout",
    type: "string",
    value: "SECONDS",
    default: "30",
    help: "Timeout of each request",
  },
];

/** What tests inject into a live read. */
export interface LiveDeps {
  /** Waits between retries. */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Randomness of the backoff jitter. */
  readonly random?: (() => number) | undefined;
  /** The fetch requests go through. */
  readonly fetch?: typeof fetch | undefined;
}

/** The parsed live flags. */
export interface LiveSettings {
  /** The API base URL override. */
  readonly endpoint: string | undefined;
  /** Requests in flight. */
  readonly concurrency: number;
  /** Retry policy. */
  readonly retry: RetryOptions;
  /** Timeout of each request, in milliseconds. */
  readonly timeoutMs: number;
  /** The fetch requests go through. */
  readonly fetch: typeof fetch | undefined;
}

/**
 * Reads the live flags.
 *
 * @param values The parsed flags.
 * @param options Whether the command reads the bucket live (else a live flag
 *   is a mistake), and the injected sleep, randomness and fetch.
 * @returns The settings.
 * @throws {UsageError} For a bad endpoint, count or timeout, or a live flag
 *   without a live read.
 */
export function liveSettings(
  values: ParsedArgs["values"],
  options: LiveDeps & { readonly live: boolean },
): LiveSettings {
  const deps = options;
  if (!options.live) {
    const liveOnly = LIVE_FLAGS.map((flag) => flag.name).find((name) =>
      values[name] !== undefined
    );
    if (liveOnly !== undefined) {
      throw new UsageError(`--${liveOnly} works with --live only`);
    }
  }
  const given = values["endpoint"];
  const endpoint = typeof given === "string" ? endpointUrl(given) : undefined;
  const retries = values["retries"];
  if (typeof retries === "string" && !/^\d{1,2}$/.test(retries)) {
    throw new UsageError(
      `Invalid --retries "${retries}": expected a whole number from 0 to 99`,
    );
  }
  const concurrency = typeof values["concurrency"] === "string"
    ? parsePositiveIntegerFlag("concurrency", values["concurrency"])
    : DEFAULT_CONCURRENCY;
  const timeout = typeof values["timeout"] === "string"
    ? parsePositiveIntegerFlag("timeout", values["timeout"])
    : 30;
  return {
    endpoint,
    concurrency,
    retry: {
      attempts: typeof retries === "string"
        ? Number(retries) + 1
        : DEFAULT_ATTEMPTS,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.random ? { random: deps.random } : {}),
    },
    timeoutMs: timeout * 1000,
    fetch: deps.fetch,
  };
}

/**
 * Reads `--endpoint`: a URL, or a bare host (`oss-cn-hangzhou.aliyuncs.com`,
 * `localhost:9000`) that means `https://` that host, whatever
 * `bucket.https` says. Plain HTTP (the emulator) is written out:
 * `http://127.0.0.1:9000`.
 *
 * @param value The flag value.
 * @returns The URL, with its scheme.
 * @throws {UsageError} For anything but an http(s) URL or a host name.
 */
export function endpointUrl(value: string): string {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(value)
    ? value
    : `https://${value}`;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (
    parsed === undefined || !/^https?:$/.test(parsed.protocol) ||
    parsed.hostname === ""
  ) {
    throw new UsageError(
      `Invalid --endpoint "${value}": expected a host name or an http(s) URL, for example "oss-cn-hangzhou.aliyuncs.com" (HTTPS) or "http://127.0.0.1:9000"`,
    );
  }
  return url;
}

/**
 * Opens the manifest's bucket through ali-oss.
 *
 * @param manifest The validated manifest.
 * @param settings The live settings and the credentials (from
 *   `readCredentials`).
 * @returns The bucket API.
 */
export async function openBucketApi(
  manifest: Manifest,
  settings: LiveSettings & { readonly credentials: Credentials },
): Promise<BucketApi> {
  const { credentials } = settings;
  const { createAliOssBucketApi } = await import("../check/ali_oss_api.ts");
  return await createAliOssBucketApi({
    bucket: manifest.bucket,
    credentials,
    endpoint: settings.endpoint,
    timeoutMs: settings.timeoutMs,
    fetch: settings.fetch,
  });
}

/**
 * Runs a live read, turning a bucket that cannot be read into a
 * {@linkcode RuntimeFailure} (exit code 3) that names the failed request.
 *
 * @param read The read.
 * @returns What the read returns.
 * @throws {RuntimeFailure} When the bucket cannot be read.
 */
export async function liveRead<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof BucketReadError) {
      throw new RuntimeFailure(error.message, { cause: error });
    }
    throw error;
  }
}
