/**
 * ali-oss (npm `ali-oss`) as a reference presigning engine: the same
 * {@linkcode PresignRequest} signed by ali-oss's `signatureUrl` (V1) or
 * `signatureUrlV4` (V4). It backs `sign --engine ali-oss` and the
 * differential tests. ali-oss is loaded on first use only.
 *
 * @module
 */
import { loadAliOss } from "../io/load_ali_oss.ts";
import { withoutWarnings } from "../io/without_warnings.ts";
import type { PresignRequest } from "./presign.ts";
import { isV1SignedParam } from "../oss/v1.ts";

/** Presigns one request; the engine's answer to {@linkcode presignUrl}. */
export type PresignEngine = (request: PresignRequest) => Promise<string>;

/** Options of {@linkcode createAliOssEngine}. */
export interface AliOssEngineOptions {
  /**
   * What V4 hands ali-oss for an empty query value. `null` is what the
   * ali-oss README asks for key-only parameters; ali-oss then signs a bare
   * name, as the official SDKs do. `""` makes ali-oss sign `name=`, which
   * the official SDKs never produce (oss-facts §2.3).
   *
   * @default {"null"}
   */
  readonly emptyQueryValue?: "null" | "empty-string" | undefined;
}

/** The part of an ali-oss client the engine calls. */
interface AliOssClient {
  signatureUrl(
    name: string,
    options: Record<string, unknown>,
    strictObjectNameValidation: boolean,
  ): string;
  signatureUrlV4(
    method: string,
    expires: number,
    request: {
      headers: Record<string, string>;
      queries: Record<string, string | null>;
    },
    objectName: string,
    additionalHeaders: string[],
  ): Promise<string>;
}

type AliOssConstructor = new (options: Record<string, unknown>) => AliOssClient;

/** How many ali-oss clients (one per configuration) to keep. */
const CLIENT_CACHE_LIMIT = 16;

/** The `response-*` query names ali-oss's `response` option produces. */
const RESPONSE_PREFIX = "response-";

/**
 * Runs `run` with `Date.now()` and `new Date()` fixed at `time` and
 * `console.warn` silenced, restoring all three before it returns. ali-oss
 * reads the clock with `Date.now()` (V1 `Expires`) and `new Date()`
 * (V4 `x-oss-date`).
 */
function atFixedTime<T>(time: number, run: () => T): T {
  const RealDate = globalThis.Date;
  const FixedDate = function (this: unknown, ...args: unknown[]) {
    if (new.target === undefined) return new RealDate(time).toString();
    return Reflect.construct(
      RealDate,
      args.length === 0 ? [time] : args,
      new.target,
    );
  } as unknown as DateConstructor;
  Object.setPrototypeOf(FixedDate, RealDate);
  Object.defineProperty(FixedDate, "prototype", {
    value: RealDate.prototype,
  });
  Object.defineProperty(FixedDate, "now", { value: () => time });
  globalThis.Date = FixedDate;
  try {
    return withoutWarnings(run);
  } finally {
    globalThis.Date = RealDate;
  }
}

function clientOptions(request: PresignRequest): Record<string, unknown> {
  const region = request.region.startsWith("oss-")
    ? request.region
    : `oss-${request.region}`;
  const token = request.credentials.securityToken;
  const options: Record<string, unknown> = {
    accessKeyId: request.credentials.accessKeyId,
    accessKeySecret: request.credentials.accessKeySecret,
    bucket: request.bucket,
    region,
    secure: request.https !== false,
  };
  if (token !== undefined && token !== "") options["stsToken"] = token;
  if (request.host !== undefined) {
    options["endpoint"] = `${
      request.https === false ? "http" : "https"
    }://${request.host}`;
    if (request.pathStyle) options["sldEnable"] = true;
    else options["cname"] = true;
  } else if (request.pathStyle) {
    options["sldEnable"] = true;
  }
  return options;
}

function appendQuery(url: string, extra: [string, string][]): string {
  let text = url;
  for (const [name, value] of extra) {
    text += `${text.includes("?") ? "&" : "?"}${encodeURIComponent(name)}` +
      (value === "" ? "" : `=${encodeURIComponent(value)}`);
  }
  return text;
}

function signV1(client: AliOssClient, request: PresignRequest): string {
  const options: Record<string, unknown> = {
    method: request.method,
    expires: request.expires,
  };
  const response: Record<string, string> = {};
  const subResource: Record<string, string> = {};
  const unsigned: [string, string][] = [];
  for (const [name, value] of Object.entries(request.query ?? {})) {
    // ali-oss signs every sub-resource it is given; V1 leaves other query
    // parameters unsigned, so they go on the URL afterwards.
    if (!isV1SignedParam(name)) unsigned.push([name, value]);
    else if (name === "x-oss-process") options["process"] = value;
    else if (name === "x-oss-traffic-limit") options["trafficLimit"] = value;
    else if (name.startsWith(RESPONSE_PREFIX)) {
      response[name.slice(RESPONSE_PREFIX.length)] = value;
    } else subResource[name] = value;
  }
  if (Object.keys(response).length > 0) options["response"] = response;
  if (Object.keys(subResource).length > 0) options["subResource"] = subResource;
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const lower = name.toLowerCase();
    if (
      lower.startsWith("x-oss-") || lower === "content-type" ||
      lower === "content-md5"
    ) {
      options[name] = value;
    }
  }
  return appendQuery(
    client.signatureUrl(request.key, options, false),
    unsigned,
  );
}

function signV4(
  client: AliOssClient,
  request: PresignRequest,
  emptyAsNull: boolean,
): Promise<string> {
  const queries: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(request.query ?? {})) {
    queries[name] = value === "" && emptyAsNull ? null : value;
  }
  const headers = { ...request.headers };
  // ali-oss throws for an additional header the request lacks; the
  // official SDKs drop it (and one with an empty value).
  const present = new Set(
    Object.entries(headers).filter(([, value]) => value !== "").map((
      [name],
    ) => name.toLowerCase()),
  );
  const additional = (request.additionalHeaders ?? []).filter((name) =>
    present.has(name.toLowerCase())
  );
  return client.signatureUrlV4(
    request.method,
    request.expires,
    { headers, queries },
    request.key,
    additional,
  );
}

/**
 * Loads ali-oss and returns an engine that presigns a
 * {@linkcode PresignRequest} with it, at the request's `signedAt`:
 *
 * - V1 through `signatureUrl`: `x-oss-process`, `x-oss-traffic-limit` and
 *   `response-*` through its `process`, `trafficLimit` and `response`
 *   options, other V1 sub-resources through `subResource`, signed headers
 *   as top-level options; query parameters V1 does not sign are appended.
 *   ali-oss rounds `Date.now()` to the nearest second for `Expires`, where
 *   the official SDKs truncate: sign at whole seconds to compare.
 * - V4 through `signatureUrlV4`.
 * - `host` becomes `endpoint` with `cname: true` (or `sldEnable: true` for
 *   `pathStyle`), the region its `oss-` form, an STS token `stsToken`.
 *
 * The clock is faked and ali-oss's `console.warn` silenced only for the
 * duration of each call. Clients are cached per configuration. A request
 * ali-oss refuses (an IP endpoint for V1, an invalid bucket name) gives a
 * rejected promise with ali-oss's error.
 *
 * @example Usage
 * ```ts ignore
 * import { createAliOssEngine } from "./ali_oss_engine.ts";
 * const engine = await createAliOssEngine();
 * const url = await engine({
 *   signature: "v4",
 *   method: "GET",
 *   bucket: "examplebucket",
 *   key: "example.jpg",
 *   region: "cn-hangzhou",
 *   credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
 *   signedAt: new Date("2026-11-28T09:00:00Z"),
 *   expires: 1800,
 * });
 * ```
 *
 * @param options How to map requests onto ali-oss.
 * @returns The engine.
 */
export async function createAliOssEngine(
  options: AliOssEngineOptions = {},
): Promise<PresignEngine> {
  const OSS = await loadAliOss() as AliOssConstructor;
  const emptyAsNull = options.emptyQueryValue !== "empty-string";
  const clients = new Map<string, AliOssClient>();
  function clientFor(request: PresignRequest): AliOssClient {
    const config = clientOptions(request);
    const cacheKey = JSON.stringify(config);
    let client = clients.get(cacheKey);
    if (client === undefined) {
      // ali-oss warns about an STS token without a refresher.
      client = withoutWarnings(() => new OSS(config));
      if (clients.size >= CLIENT_CACHE_LIMIT) clients.clear();
      clients.set(cacheKey, client);
    }
    return client;
  }
  return (request: PresignRequest): Promise<string> => {
    try {
      const client = clientFor(request);
      const time = request.signedAt.getTime();
      // ali-oss reads the clock before its first await, so the fake clock
      // is restored before any other code runs.
      return atFixedTime(
        time,
        () =>
          request.signature === "v1"
            ? Promise.resolve(signV1(client, request))
            : signV4(client, request, emptyAsNull),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
