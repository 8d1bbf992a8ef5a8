/**
 * {@linkcode BucketApi} over ali-oss (npm `ali-oss`): its signed requests,
 * `getBucketInfo`, `head` and `listV2`, and its generic `request` for the
 * sub-resources it has no call for (`?cname`, `?cors` with ResponseVary,
 * `?style`, `?referer`). ali-oss is loaded on first use with its debug
 * logging off (see {@linkcode loadAliOss}), its `console.warn` is silenced,
 * and its HTTP goes through {@linkcode fetchTransport}. A request the
 * process has no network permission for ends with a
 * {@linkcode MissingPermissionError}, not a network failure to retry.
 *
 * @module
 */
import { loadAliOss } from "../io/load_ali_oss.ts";
import {
  type MissingPermissionError,
  missingPermissionOf,
} from "../io/missing_permission.ts";
import { withoutWarnings } from "../io/without_warnings.ts";
import type { BucketConfig } from "../manifest/types.ts";
import type { Credentials } from "../sign/presign.ts";
import { standardRegion } from "../oss/v4.ts";
import {
  type BucketApi,
  BucketRequestError,
  type HeadFacts,
  type ListPage,
} from "./bucket_api.ts";
import { fetchTransport, type Transport } from "./fetch_transport.ts";
import type {
  RawImageProcessing,
  SnapshotAcl,
  SnapshotBucketInfo,
  SnapshotCname,
  SnapshotCors,
  SnapshotReferer,
} from "./snapshot_schema.ts";

/** Options of {@linkcode createAliOssBucketApi}. */
export interface AliOssBucketApiOptions {
  /** The manifest's bucket block: name, region, endpoint, https, signature. */
  readonly bucket: BucketConfig;
  /** The credentials requests are signed with. */
  readonly credentials: Credentials;
  /**
   * The API base URL, overriding `bucket.endpoint` and the region's public
   * endpoint. A loopback or IP host (`http://127.0.0.1:9000`) is addressed
   * path-style (`/<bucket>/<key>`), as the emulator serves; any other host
   * virtual-hosted (`<bucket>.<host>`).
   */
  readonly endpoint?: string | undefined;
  /** The timeout of each request, in milliseconds. @default {30000} */
  readonly timeoutMs?: number | undefined;
  /** The fetch requests go through. @default {globalThis.fetch} */
  readonly fetch?: typeof fetch | undefined;
}

/** The part of an ali-oss client this module calls. */
interface AliOssClient {
  getBucketInfo(name: string): Promise<{ bucket: unknown }>;
  head(
    name: string,
    options: Record<string, unknown>,
  ): Promise<{ res: { headers: Record<string, string> } }>;
  listV2(query: Record<string, unknown>): Promise<{
    objects?: { name: string }[];
    isTruncated?: boolean;
    nextContinuationToken?: string | null;
  }>;
  request(params: Record<string, unknown>): Promise<{ data: unknown }>;
}

type AliOssConstructor = new (options: Record<string, unknown>) => AliOssClient;

const LOOPBACK_OR_IP =
  /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\])$/i;

/** An ali-oss error, as far as it is read here. */
interface AliOssError {
  readonly name?: string;
  readonly message?: string;
  readonly status?: number;
  readonly code?: string;
  readonly ecCode?: string;
}

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? "").replace(/\.$/, "").trim();
}

/**
 * Turns whatever ali-oss threw into a {@linkcode BucketRequestError}.
 *
 * @param error The thrown value.
 * @returns The classified error.
 */
export function classifyAliOssError(error: unknown): BucketRequestError {
  if (error instanceof BucketRequestError) return error;
  const e =
    (typeof error === "object" && error !== null ? error : {}) as AliOssError;
  const message = firstLine(e.message ?? String(error));
  if (e.status === -2) {
    return new BucketRequestError("timeout", `timed out: ${message}`, {
      cause: error,
    });
  }
  if (e.status === -1) {
    return new BucketRequestError("network", message, { cause: error });
  }
  if (typeof e.status === "number" && e.status > 0) {
    const unreadable = (e.message ?? "").includes("raw xml:");
    return new BucketRequestError(
      "oss",
      unreadable
        ? `${e.status} with an unreadable error body`
        : `${e.status} ${e.code ?? "UnknownError"}: ${message}`,
      { status: e.status, code: unreadable ? undefined : e.code, cause: error },
    );
  }
  return new BucketRequestError(
    "malformed",
    `malformed response: ${message}`,
    { cause: error },
  );
}

function malformed(what: string): BucketRequestError {
  return new BucketRequestError("malformed", `malformed response: ${what}`);
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null || value === "") return [];
  return Array.isArray(value) ? value : [value];
}

function texts(value: unknown): string[] {
  return list(value).filter((item): item is string => typeof item === "string");
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function text(value: unknown, name: string): string | undefined {
  const found = field(value, name);
  return typeof found === "string" ? found : undefined;
}

function flag(value: unknown, name: string, fallback: boolean): boolean {
  const found = text(value, name);
  return found === undefined ? fallback : found.trim() === "true";
}

function isoOrNull(value: string | undefined): string | null {
  if (value === undefined) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function malformedThrow(what: string): never {
  throw malformed(what);
}

function bucketInfoOf(bucket: unknown): SnapshotBucketInfo {
  const creationDate = isoOrNull(text(bucket, "CreationDate")) ??
    malformedThrow("BucketInfo has no CreationDate");
  const grant = text(field(bucket, "AccessControlList"), "Grant");
  if (
    grant !== "private" && grant !== "public-read" &&
    grant !== "public-read-write"
  ) {
    malformedThrow(`BucketInfo has no known ACL grant (got "${grant}")`);
  }
  return {
    creationDate,
    location: text(bucket, "Location") ?? "",
    acl: grant satisfies SnapshotAcl,
  };
}

function corsOf(data: unknown): SnapshotCors {
  return {
    responseVary: flag(data, "ResponseVary", false),
    rules: list(field(data, "CORSRule")).map((rule) => {
      const maxAge = text(rule, "MaxAgeSeconds");
      return {
        allowedOrigins: texts(field(rule, "AllowedOrigin")),
        allowedMethods: texts(field(rule, "AllowedMethod")).map((method) =>
          method.toUpperCase()
        ),
        allowedHeaders: texts(field(rule, "AllowedHeader")),
        exposeHeaders: texts(field(rule, "ExposeHeader")),
        ...(maxAge !== undefined && /^\d+$/.test(maxAge.trim())
          ? { maxAgeSeconds: Number(maxAge) }
          : {}),
      };
    }),
  };
}

function cnamesOf(data: unknown): SnapshotCname[] {
  return list(field(data, "Cname")).map((cname) => {
    const certificate = field(cname, "Certificate");
    return {
      domain: (text(cname, "Domain") ?? "").toLowerCase(),
      status: text(cname, "Status") ?? "",
      certificate: typeof certificate !== "object" || certificate === null
        ? null
        : {
          type: text(certificate, "Type") ?? "",
          certId: text(certificate, "CertId") ?? "",
          status: text(certificate, "Status") ?? "",
          validStartDate: isoOrNull(text(certificate, "ValidStartDate")),
          validEndDate: isoOrNull(text(certificate, "ValidEndDate")),
        },
    };
  });
}

function refererOf(data: unknown): SnapshotReferer | null {
  if (typeof data !== "object" || data === null) return null;
  return {
    allowEmptyReferer: flag(data, "AllowEmptyReferer", true),
    allowTruncateQueryString: flag(data, "AllowTruncateQueryString", true),
    truncatePath: flag(data, "TruncatePath", false),
    refererList: texts(field(field(data, "RefererList"), "Referer")),
    refererBlacklist: texts(field(field(data, "RefererBlacklist"), "Referer")),
  };
}

function header(
  headers: Record<string, string>,
  name: string,
): string | null {
  const value = headers[name];
  return value === undefined || value === "" ? null : value;
}

function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key.replaceAll("+", "%20"));
  } catch {
    throw malformed(`listing has a badly encoded key "${key}"`);
  }
}

function clientOptions(
  options: AliOssBucketApiOptions,
  urllib: Transport,
): Record<string, unknown> {
  const { bucket, credentials } = options;
  const scheme = bucket.https === false ? "http" : "https";
  const endpoint = options.endpoint ??
    (bucket.endpoint === undefined
      ? undefined
      : `${scheme}://${bucket.endpoint}`);
  const config: Record<string, unknown> = {
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    bucket: bucket.name,
    region: `oss-${standardRegion(bucket.region)}`,
    secure: true,
    authorizationV4: bucket.signature !== "v1",
    timeout: options.timeoutMs ?? 30_000,
    urllib,
  };
  const token = credentials.securityToken;
  if (token !== undefined && token !== "") config["stsToken"] = token;
  if (endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new TypeError(
        `Invalid endpoint "${endpoint}": expected a URL like "https://oss-cn-hangzhou.aliyuncs.com"`,
      );
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(
        `Invalid endpoint "${endpoint}": expected an http or https URL`,
      );
    }
    config["endpoint"] = url.origin;
    if (LOOPBACK_OR_IP.test(url.hostname)) config["sldEnable"] = true;
  }
  return config;
}

/**
 * Loads ali-oss and returns the live {@linkcode BucketApi} of one bucket.
 * Every failure is a {@linkcode BucketRequestError}.
 *
 * @example Usage
 * ```ts
 * import { createAliOssBucketApi } from "@osslinks/osslinks/check";
 * import {
 *   parseEmulatorConfig,
 *   startEmulator,
 * } from "@osslinks/osslinks/emulator";
 *
 * const credentials = { accessKeyId: "LTAI5tExample", accessKeySecret: "example-secret" };
 * const config = await parseEmulatorConfig({
 *   buckets: [{ name: "examplebucket", region: "cn-hangzhou", credentials: [credentials] }],
 * });
 * await using emulator = await startEmulator({ config });
 * // Without `endpoint`, the region's public endpoint (real OSS).
 * const api = await createAliOssBucketApi({
 *   bucket: { name: "examplebucket", region: "cn-hangzhou" },
 *   credentials,
 *   endpoint: emulator.origin,
 * });
 * if ((await api.cors()) !== "none") throw new Error("no CORS rules configured");
 * ```
 *
 * @param options The bucket, credentials, endpoint and timeout.
 * @returns The API.
 * @throws {TypeError} For an endpoint that is not an http(s) URL.
 * @throws {MissingPermissionError} When the process may not load ali-oss
 *   (it needs the whole environment, `osRelease` and `networkInterfaces`);
 *   the API's calls throw it when a request has no network permission.
 */
export async function createAliOssBucketApi(
  options: AliOssBucketApiOptions,
): Promise<BucketApi> {
  // ali-oss turns whatever its transport throws into an error of its own:
  // a permission refusal is kept aside to be thrown instead.
  let refusal: MissingPermissionError | undefined;
  const transport = fetchTransport({
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
  });
  const config = clientOptions(options, {
    async request(url, params) {
      try {
        return await transport.request(url, params);
      } catch (error) {
        refusal ??= missingPermissionOf(error);
        throw error;
      }
    },
  });
  const OSS = await loadAliOss() as AliOssConstructor;
  const client = withoutWarnings(() => new OSS(config));
  const name = options.bucket.name;
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw refusal ?? classifyAliOssError(error);
    }
  };
  const subresource = (subres: string | Record<string, string>) =>
    call(async () =>
      (await client.request({
        method: "GET",
        bucket: name,
        subres,
        successStatuses: [200],
        xmlResponse: true,
      })).data
    );
  return {
    bucketInfo: () =>
      call(async () => bucketInfoOf((await client.getBucketInfo(name)).bucket)),
    async cors() {
      try {
        return corsOf(await subresource("cors"));
      } catch (error) {
        if (
          error instanceof BucketRequestError &&
          error.code === "NoSuchCORSConfiguration"
        ) return "none";
        throw error;
      }
    },
    cnames: async () => cnamesOf(await subresource("cname")),
    styles: async () =>
      list(field(await subresource("style"), "Style")).flatMap((style) => {
        const styleName = text(style, "Name");
        return styleName === undefined ? [] : [styleName];
      }),
    referer: async () => refererOf(await subresource("referer")),
    async head(key, version, options = {}): Promise<HeadFacts | "not-found"> {
      const type = options.responseContentType;
      try {
        const { res } = await call(() =>
          client.head(key, {
            ...(version === null ? {} : { versionId: version }),
            ...(type === undefined
              ? {}
              : { subres: { "response-content-type": type } }),
          })
        );
        const size = header(res.headers, "content-length");
        const forced = header(res.headers, "x-oss-force-download");
        return {
          contentType: header(res.headers, "content-type"),
          contentDisposition: header(res.headers, "content-disposition"),
          ...(forced?.toLowerCase() === "true" ? { forcedDownload: true } : {}),
          size: size !== null && /^\d+$/.test(size) ? Number(size) : null,
          versionId: header(res.headers, "x-oss-version-id"),
        };
      } catch (error) {
        if (error instanceof BucketRequestError && error.status === 404) {
          return "not-found";
        }
        throw error;
      }
    },
    listPage: (prefix, token): Promise<ListPage> =>
      call(async () => {
        const result = await client.listV2({
          // ali-oss V4 signs an empty value as "prefix=", OSS as "prefix".
          ...(prefix !== "" ? { prefix } : {}),
          "max-keys": 1000,
          "encoding-type": "url",
          ...(token !== undefined ? { "continuation-token": token } : {}),
        });
        const next = result.isTruncated
          ? result.nextContinuationToken ?? undefined
          : undefined;
        if (result.isTruncated && !next) {
          malformedThrow("truncated listing without NextContinuationToken");
        }
        return {
          keys: (result.objects ?? []).map((object) => decodeKey(object.name)),
          next: next ?? undefined,
        };
      }),
    async probeRawProcessing(key): Promise<RawImageProcessing> {
      try {
        await call(() =>
          client.request({
            method: "GET",
            bucket: name,
            object: key,
            subres: { "x-oss-process": "image/info" },
            headers: { Range: "bytes=0-0" },
            successStatuses: [200, 206],
          })
        );
        return "allowed";
      } catch (error) {
        // A missing permission, or a failure worth retrying, ends the probe.
        if (!(error instanceof BucketRequestError)) throw error;
        const failure = error;
        if (failure.retryable) throw failure;
        const cause = failure.cause as AliOssError | undefined;
        if (
          failure.status === 403 &&
          (cause?.ecCode === "0040-00000031" ||
            /only .*accessed using style/i.test(cause?.message ?? ""))
        ) return "refused";
        return "unknown";
      }
    },
  };
}
