/**
 * GetObject and HeadObject (and HEAD `?objectMeta`): versions, Range,
 * `response-*` overrides, image styles (validated; the original bytes are
 * served), source-image protection and the default-domain rules.
 *
 * @module
 */
import type { Principal } from "../oss/auth.ts";
import { forcesDownload, isAppPackage } from "./default_domain.ts";
import { OssError } from "../oss/errors.ts";
import type { EmulatorBucket, EmulatorObject, ObjectVersion } from "./model.ts";
import type { ParsedRequest } from "../oss/request.ts";
import type { Route } from "./routing.ts";
import { isTrafficLimit, TRAFFIC_LIMIT } from "../oss/traffic_limit.ts";

/** `response-*` parameters and the headers they override. */
const RESPONSE_OVERRIDES: readonly (readonly [string, string])[] = [
  ["response-content-type", "content-type"],
  ["response-content-language", "content-language"],
  ["response-expires", "expires"],
  ["response-cache-control", "cache-control"],
  ["response-content-disposition", "content-disposition"],
  ["response-content-encoding", "content-encoding"],
];

const STYLES_ONLY_MESSAGE = "The channel can be only accessed using style";

function stylesOnlyError(): OssError {
  return new OssError(403, "AccessDenied", STYLES_ONLY_MESSAGE, {
    ec: "0040-00000031",
  });
}

/**
 * Checks `x-oss-process`: a `style/<name>` must name a defined style, and a
 * bucket with source-image protection refuses `image/…`.
 */
function checkProcess(
  bucket: EmulatorBucket,
  process: string | undefined,
): void {
  if (process === undefined) return;
  if (process.startsWith("style/")) {
    const name = process.slice("style/".length).split("/")[0] ?? "";
    if (!bucket.styles.some((style) => style.name === name)) {
      throw new OssError(
        404,
        "NoSuchStyle",
        "The specified style does not exist.",
        {
          details: [["StyleName", name]],
        },
      );
    }
  } else if (process.startsWith("image/") && bucket.stylesOnly) {
    throw stylesOnlyError();
  }
}

function checkTrafficLimit(value: string | undefined): void {
  if (value === undefined) return;
  const limit = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (isTrafficLimit(limit)) return;
  throw new OssError(
    400,
    "InvalidArgument",
    `The x-oss-traffic-limit must be from ${TRAFFIC_LIMIT.min} to ${TRAFFIC_LIMIT.max} bit/s.`,
    {
      ec: "0004-00000502",
      details: [["ArgumentName", "x-oss-traffic-limit"], [
        "ArgumentValue",
        value,
      ]],
    },
  );
}

function findVersion(
  object: EmulatorObject | undefined,
  route: Route,
  request: ParsedRequest,
): ObjectVersion {
  const process = request.query["x-oss-process"];
  if (object === undefined) {
    if (process !== undefined) {
      throw new OssError(
        404,
        "NoSuchFile",
        "The specified file does not exist.",
        {
          ec: "0040-00000024",
          details: [["Key", route.key]],
        },
      );
    }
    throw new OssError(404, "NoSuchKey", "The specified key does not exist.", {
      details: [["Key", route.key]],
    });
  }
  const versionId = request.query["versionId"];
  if (versionId === undefined) return object.versions[0];
  const version = object.versions.find((candidate) =>
    (candidate.versionId ?? "null") === versionId
  );
  if (version === undefined) {
    throw new OssError(
      404,
      "NoSuchVersion",
      "The specified version does not exist.",
      {
        details: [["Key", route.key], ["VersionId", versionId]],
      },
    );
  }
  return version;
}

/** A byte range of an object, both ends included. */
interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Reads a `Range` header as OSS does: a single `bytes=` range; a malformed
 * or multiple range is ignored (the whole object is sent).
 */
function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | "unsatisfiable" | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? "");
  if (match === null || size === 0) return undefined;
  const [, first = "", last = ""] = match;
  if (first === "") {
    const length = Number(last);
    if (last === "" || length === 0) return undefined;
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return {
    start,
    end: last === "" ? size - 1 : Math.min(Number(last), size - 1),
  };
}

function objectHeaders(version: ObjectVersion): Headers {
  const headers = new Headers({
    "content-type": version.contentType,
    "etag": version.etag,
    "last-modified": version.lastModified.toUTCString(),
    "accept-ranges": "bytes",
    "x-oss-object-type": version.objectType ?? "Normal",
    "x-oss-storage-class": "Standard",
  });
  const stored: readonly (readonly [string, string | undefined])[] = [
    ["content-disposition", version.contentDisposition],
    ["cache-control", version.cacheControl],
    ["content-encoding", version.contentEncoding],
    ["content-language", version.contentLanguage],
    ["expires", version.expires],
  ];
  for (const [name, value] of stored) {
    if (value !== undefined) headers.set(name, value);
  }
  if (version.versionId !== null) {
    headers.set("x-oss-version-id", version.versionId);
  }
  for (const [name, value] of Object.entries(version.meta)) {
    headers.set(`x-oss-meta-${name}`, value);
  }
  return headers;
}

function metaResponse(version: ObjectVersion): Response {
  const headers = new Headers({
    "content-length": String(version.body.length),
    "etag": version.etag,
    "last-modified": version.lastModified.toUTCString(),
  });
  if (version.versionId !== null) {
    headers.set("x-oss-version-id", version.versionId);
  }
  return new Response(null, { status: 200, headers });
}

/**
 * Serves GetObject, HeadObject and GetObjectMeta.
 *
 * @param request The parsed request.
 * @param route Its bucket, key, addressing and operation.
 * @param principal Who is asking (source-image protection applies to anonymous requests).
 * @param objects The bucket's objects by key.
 * @returns The response.
 * @throws {OssError} `NoSuchKey`, `NoSuchVersion`, `NoSuchStyle`,
 * `ApkDownloadForbidden`, `InvalidRange` or the source-image protection error.
 */
export function serveObject(
  request: ParsedRequest,
  route: Route,
  principal: Principal,
  objects: ReadonlyMap<string, EmulatorObject>,
): Response {
  const { bucket, key, via } = route;
  const process = request.query["x-oss-process"];
  checkProcess(bucket, process);
  checkTrafficLimit(request.query["x-oss-traffic-limit"]);
  if (via !== "custom" && isAppPackage(key)) {
    throw new OssError(
      400,
      "ApkDownloadForbidden",
      "APK and IPA files cannot be downloaded through the default domain; use a custom domain.",
    );
  }
  const version = findVersion(objects.get(key), route, request);
  if (route.operation === "GetObjectMeta") return metaResponse(version);
  if (
    bucket.stylesOnly && principal.kind === "anonymous" &&
    process === undefined &&
    version.contentType.startsWith("image/")
  ) {
    throw stylesOnlyError();
  }
  const headers = objectHeaders(version);
  for (const [parameter, header] of RESPONSE_OVERRIDES) {
    const value = request.query[parameter];
    if (value !== undefined) headers.set(header, value);
  }
  if (forcesDownload(bucket, headers.get("content-type") ?? "", via)) {
    const disposition = headers.get("content-disposition") ?? "";
    if (!/^\s*attachment\b/i.test(disposition)) {
      headers.set("content-disposition", "attachment");
    }
    headers.set("x-oss-force-download", "true");
  }
  const size = version.body.length;
  const range = parseRange(request.headers["range"], size);
  if (range === "unsatisfiable") {
    throw new OssError(
      416,
      "InvalidRange",
      "The requested range cannot be satisfied.",
      {
        details: [["RangeRequested", request.headers["range"] ?? ""], [
          "ActualObjectSize",
          String(size),
        ]],
        headers: [["content-range", `bytes */${size}`]],
      },
    );
  }
  const body = range === undefined
    ? version.body
    : version.body.subarray(range.start, range.end + 1);
  headers.set("content-length", String(body.length));
  if (range !== undefined) {
    headers.set("content-range", `bytes ${range.start}-${range.end}/${size}`);
  }
  return new Response(request.method === "HEAD" ? null : body.slice(), {
    status: range === undefined ? 200 : 206,
    headers,
  });
}
