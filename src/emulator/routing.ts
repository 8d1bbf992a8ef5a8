/**
 * Request parsing and addressing: which bucket, key and operation a request
 * is for. Buckets are addressed by virtual host (`<bucket>.oss-<region>.aliyuncs.com`
 * or `<bucket>.oss-<region>.localhost`), by a bound custom domain, or by path
 * (`/<bucket>/<key>`) on a loopback host.
 *
 * @module
 */
import { OssError } from "../oss/errors.ts";
import {
  decodeUriPart,
  type ParsedRequest,
  parseQuery,
  type SignedTarget,
} from "../oss/request.ts";
import type { EmulatorBucket, EmulatorConfig } from "./model.ts";
import { classifyHost } from "../oss/addressing.ts";

/** How a request addressed its bucket. */
export type Addressing = "default" | "custom" | "path";

/** The bucket, key and operation of a request. */
export interface Route {
  /** The bucket. */
  readonly bucket: EmulatorBucket;
  /** The object key, `""` for a bucket-level request. */
  readonly key: string;
  /**
   * `default` for the OSS default domain (virtual host), `custom` for a
   * bound domain, `path` for path-style loopback requests (treated like the
   * default domain).
   */
  readonly via: Addressing;
  /** The region the host names, if it names one. */
  readonly hostRegion: string | undefined;
  /** The operation name, for example `GetObject` or `ListObjectsV2`. */
  readonly operation: string;
}

/**
 * What the signature of a routed request covers.
 *
 * @param route The route.
 * @returns The bucket, key and regions.
 */
export function targetOf(route: Route): SignedTarget {
  return {
    bucket: route.bucket.name,
    key: route.key,
    hostRegion: route.hostRegion,
    region: route.bucket.region,
  };
}

/** The buckets of a config, indexed for routing. */
export interface BucketIndex {
  /** Buckets by name. */
  readonly byName: ReadonlyMap<string, EmulatorBucket>;
  /** Buckets by enabled bound domain. */
  readonly byDomain: ReadonlyMap<string, EmulatorBucket>;
}

/**
 * Indexes the buckets of a config by name and by enabled bound domain.
 *
 * @param config The emulator config.
 * @returns The index.
 */
export function indexBuckets(config: EmulatorConfig): BucketIndex {
  const byName = new Map<string, EmulatorBucket>();
  const byDomain = new Map<string, EmulatorBucket>();
  for (const bucket of config.buckets) {
    byName.set(bucket.name, bucket);
    for (const domain of bucket.domains) {
      if (domain.status === "Enabled") byDomain.set(domain.domain, bucket);
    }
  }
  return { byName, byDomain };
}

/**
 * Parses a request's method, host, path, query and headers.
 *
 * @param request The request.
 * @returns The parsed request.
 * @throws {OssError} If the query string is malformed.
 */
export function parseRequest(request: Request): ParsedRequest {
  const url = new URL(request.url);
  return {
    method: request.method.toUpperCase(),
    hostname: url.hostname.toLowerCase(),
    host: url.host,
    pathname: url.pathname,
    query: parseQuery(url.search),
    headers: Object.fromEntries(request.headers),
  };
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set([
  "127.0.0.1",
  "localhost",
  "[::1]",
]);

const BUCKET_GET_OPERATIONS: readonly (readonly [string, string])[] = [
  ["cors", "GetBucketCors"],
  ["cname", "ListCname"],
  ["referer", "GetBucketReferer"],
  ["bucketInfo", "GetBucketInfo"],
  ["acl", "GetBucketAcl"],
  ["location", "GetBucketLocation"],
];

/** Sub-resources of operations the emulator does not serve. */
const UNSUPPORTED_SUBRESOURCES: ReadonlySet<string> = new Set([
  "acl",
  "comp",
  "inventory",
  "lifecycle",
  "logging",
  "policy",
  "regionList",
  "replication",
  "resourceGroup",
  "restore",
  "stat",
  "symlink",
  "tagging",
  "versioning",
  "versions",
  "website",
  "worm",
]);

/** The operations that change objects (refused by a read-only emulator). */
export const WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  "PutObject",
  "CopyObject",
  "AppendObject",
  "DeleteObject",
  "DeleteMultipleObjects",
  "InitiateMultipartUpload",
  "UploadPart",
  "CompleteMultipartUpload",
  "AbortMultipartUpload",
]);

function objectOperation(
  method: string,
  query: Readonly<Record<string, string>>,
  headers: Readonly<Record<string, string>>,
): string {
  const copy = headers["x-oss-copy-source"] !== undefined;
  switch (method) {
    case "GET":
      if ("uploadId" in query) return "ListParts";
      return "objectMeta" in query ? "Unsupported" : "GetObject";
    case "HEAD":
      return "objectMeta" in query ? "GetObjectMeta" : "HeadObject";
    case "PUT":
      if ("partNumber" in query || "uploadId" in query) {
        return copy ? "Unsupported" : "UploadPart";
      }
      return copy ? "CopyObject" : "PutObject";
    case "POST":
      if ("append" in query) return "AppendObject";
      if ("uploads" in query) return "InitiateMultipartUpload";
      if ("uploadId" in query) return "CompleteMultipartUpload";
      return "Unsupported";
    case "DELETE":
      return "uploadId" in query ? "AbortMultipartUpload" : "DeleteObject";
  }
  return "Unsupported";
}

function bucketOperation(
  method: string,
  query: Readonly<Record<string, string>>,
): string {
  if (method === "POST") {
    return "delete" in query ? "DeleteMultipleObjects" : "Unsupported";
  }
  if (method !== "GET") return "Unsupported";
  if ("style" in query) return "styleName" in query ? "GetStyle" : "ListStyle";
  for (const [name, operation] of BUCKET_GET_OPERATIONS) {
    if (name in query) return operation;
  }
  if ("uploads" in query) return "ListMultipartUploads";
  return query["list-type"] === "2" ? "ListObjectsV2" : "ListObjects";
}

/**
 * Names the operation of a request from its method, key, query and headers.
 *
 * @param method The HTTP method, upper case.
 * @param key The object key, `""` for a bucket-level request.
 * @param query The decoded query parameters.
 * @param headers The request headers, names lower case (`x-oss-copy-source`
 * tells CopyObject from PutObject).
 * @returns The operation name; `Unsupported` for what the emulator does not serve.
 */
function operationOf(
  method: string,
  key: string,
  query: Readonly<Record<string, string>>,
  headers: Readonly<Record<string, string>> = {},
): string {
  if (method === "OPTIONS") return "Options";
  const bucketGet = key === "" && method === "GET" &&
    BUCKET_GET_OPERATIONS.some(([name]) => name in query);
  if (
    !bucketGet &&
    Object.keys(query).some((name) => UNSUPPORTED_SUBRESOURCES.has(name))
  ) {
    return "Unsupported";
  }
  return key === ""
    ? bucketOperation(method, query)
    : objectOperation(method, query, headers);
}

const SERVICE_HOST =
  /^\.?oss-([a-z0-9-]+?)(?:-internal)?\.(aliyuncs\.com|localhost)$/;

/**
 * Tells whether a request is for the service rather than a bucket
 * (ListBuckets, `GET /` on a loopback or `oss-<region>` host). ali-oss
 * sends `Host: .oss-<region>.aliyuncs.com`, with a leading dot, when its
 * endpoint is an IP address and it has no bucket: that host is accepted.
 *
 * @param request The parsed request.
 * @returns The region the host names (`undefined` for none) in an object,
 * or `undefined` when the request is for a bucket.
 */
export function serviceRequest(
  request: ParsedRequest,
): { readonly hostRegion: string | undefined } | undefined {
  if (request.pathname !== "/") return undefined;
  if (LOOPBACK_HOSTS.has(request.hostname)) return { hostRegion: undefined };
  const match = SERVICE_HOST.exec(request.hostname);
  return match === null ? undefined : { hostRegion: match[1] };
}

function noSuchBucket(name: string): OssError {
  return new OssError(
    404,
    "NoSuchBucket",
    "The specified bucket does not exist.",
    {
      ec: "0015-00000101",
      details: [["BucketName", name]],
    },
  );
}

function bucketNamed(index: BucketIndex, name: string): EmulatorBucket {
  const bucket = index.byName.get(name);
  if (bucket === undefined) throw noSuchBucket(name);
  return bucket;
}

function checkHostRegion(
  bucket: EmulatorBucket,
  hostRegion: string | undefined,
  domain: string,
): void {
  if (hostRegion === undefined || hostRegion === bucket.region) return;
  throw new OssError(
    403,
    "AccessDenied",
    "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.",
    {
      details: [["Bucket", bucket.name], [
        "Endpoint",
        `oss-${bucket.region}.${domain}`,
      ]],
    },
  );
}

/**
 * Finds the bucket, key and operation a request addresses.
 *
 * @param request The parsed request.
 * @param index The buckets.
 * @returns The route.
 * @throws {OssError} If the bucket does not exist, the host is not served, or
 * the path is malformed.
 */
export function routeRequest(
  request: ParsedRequest,
  index: BucketIndex,
): Route {
  const { hostname, pathname } = request;
  let bucket: EmulatorBucket;
  let rawKey: string;
  let via: Addressing = "default";
  let hostRegion: string | undefined;
  // How the host addresses the bucket is OSS's rule (src/oss/addressing.ts);
  // which hosts this server answers for is the emulator's.
  const host = classifyHost(hostname);
  const served = host.kind !== "dual-stack-domain" &&
    host.kind !== "other-aliyuncs";
  const domainBucket = index.byDomain.get(hostname);
  if (served && host.hostBucket !== undefined) {
    bucket = bucketNamed(index, host.hostBucket);
    hostRegion = host.hostRegion;
    checkHostRegion(
      bucket,
      hostRegion,
      host.kind === "emulator-domain" ? "localhost" : "aliyuncs.com",
    );
    rawKey = pathname.slice(1);
  } else if (domainBucket !== undefined) {
    bucket = domainBucket;
    via = "custom";
    rawKey = pathname.slice(1);
  } else if (
    LOOPBACK_HOSTS.has(hostname) ||
    (host.kind === "path-style" && host.hostRegion !== undefined &&
      !host.pathStyleOnOss)
  ) {
    const slash = pathname.indexOf("/", 1);
    const name = decodeUriPart(
      slash === -1 ? pathname.slice(1) : pathname.slice(1, slash),
      "path",
    );
    if (name === "") {
      throw new OssError(
        400,
        "InvalidArgument",
        "Path-style requests must name a bucket: /<bucket>/<key>.",
      );
    }
    bucket = bucketNamed(index, name);
    via = "path";
    hostRegion = host.hostRegion;
    checkHostRegion(bucket, hostRegion, "localhost");
    rawKey = slash === -1 ? "" : pathname.slice(slash + 1);
  } else if (host.pathStyleOnOss) {
    throw new OssError(
      403,
      "SecondLevelDomainForbidden",
      "Please use virtual hosted style to access.",
    );
  } else {
    throw new OssError(
      404,
      "NoSuchBucket",
      "No bucket is served at this host.",
      {
        details: [["HostName", hostname]],
      },
    );
  }
  const key = decodeUriPart(rawKey, "path");
  return {
    bucket,
    key,
    via,
    hostRegion,
    operation: operationOf(request.method, key, request.query, request.headers),
  };
}
