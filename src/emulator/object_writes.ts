/**
 * The object writes: PutObject, CopyObject, AppendObject, DeleteObject and
 * DeleteMultipleObjects, in memory. A write replaces the key's object (all
 * its versions) with one unversioned object.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { OssError } from "../oss/errors.ts";
import { contentTypeFor } from "./mime.ts";
import type { EmulatorBucket, EmulatorObject } from "./model.ts";
import { checkContentMd5, etagOf } from "./request_body.ts";
import type { ParsedRequest } from "../oss/request.ts";
import type { Route } from "./routing.ts";
import type { ObjectMetadata, ObjectStore } from "./store.ts";
import { xmlNode, xmlResponse, xmlText } from "../oss/xml.ts";
import { elementsOf, malformedXml, textOf } from "./xml_read.ts";

/** What a write needs besides its route. */
export interface WriteContext {
  /** The parsed request. */
  readonly request: ParsedRequest;
  /** Its bucket, key and operation. */
  readonly route: Route;
  /** The objects. */
  readonly store: ObjectStore;
  /** The current time. */
  readonly now: Date;
  /**
   * Reads a request body that is not stored (an XML document), of at most
   * `limit` bytes.
   *
   * @throws {OssError} `EntityTooLarge` past the limit.
   */
  readonly body: (limit: number) => Promise<Uint8Array>;
  /**
   * Reads a request body to store, holding room for it under the storage
   * limit as it arrives.
   *
   * @param freed Bytes the write releases (the object it replaces).
   * @throws {OssError} `EntityTooLarge` past the limit.
   */
  readonly storedBody: (freed: number) => Promise<Uint8Array>;
  /**
   * The bucket a copy reads from, if the requester may read it.
   *
   * @throws {OssError} `NoSuchBucket` or `AccessDenied`.
   */
  readonly sourceBucket: (name: string) => EmulatorBucket;
}

/** The largest body of a DeleteMultipleObjects request (2 MiB). */
const MAX_DELETE_BODY = 2 * 1024 * 1024;

/** The most keys one DeleteMultipleObjects request deletes. */
const MAX_DELETE_KEYS = 1000;

/** The longest object key, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1023;

/**
 * Checks a key a write creates: 1–1023 UTF-8 bytes, not starting with `/`
 * or `\`.
 *
 * @param key The key.
 * @throws {OssError} `InvalidObjectName` (400).
 */
export function checkWriteKey(key: string): void {
  const bytes = Buffer.byteLength(key, "utf8");
  if (bytes >= 1 && bytes <= MAX_KEY_BYTES && !/^[/\\]/.test(key)) return;
  throw new OssError(
    400,
    "InvalidObjectName",
    "The specified object name is invalid: a key is 1 to 1023 UTF-8 bytes and does not start with / or \\.",
    { details: [["ObjectName", key]] },
  );
}

/** Request headers stored with an object, and the fields they fill. */
const STORED_HEADERS = [
  ["content-disposition", "contentDisposition"],
  ["cache-control", "cacheControl"],
  ["content-encoding", "contentEncoding"],
  ["content-language", "contentLanguage"],
  ["expires", "expires"],
] as const;

/**
 * The metadata a write request sets: `Content-Type` (from the key's
 * extension when not sent), `Content-Disposition`, `Cache-Control`,
 * `Content-Encoding`, `Content-Language`, `Expires` and `x-oss-meta-*`.
 *
 * @param headers The request headers, names lower case.
 * @param key The key (for the default content type).
 * @param objectType The object type.
 * @returns The metadata.
 */
export function metadataOf(
  headers: Readonly<Record<string, string>>,
  key: string,
  objectType: ObjectMetadata["objectType"],
): ObjectMetadata {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith("x-oss-meta-")) {
      meta[name.slice("x-oss-meta-".length)] = value;
    }
  }
  const stored: Record<string, string> = {};
  for (const [header, field] of STORED_HEADERS) {
    const value = headers[header];
    if (value !== undefined) stored[field] = value;
  }
  return {
    contentType: headers["content-type"] || contentTypeFor(key),
    ...stored,
    meta,
    objectType,
  };
}

function storeObject(
  context: WriteContext,
  metadata: ObjectMetadata,
  body: Uint8Array,
  etag = etagOf(body),
): EmulatorObject {
  const object: EmulatorObject = {
    key: context.route.key,
    versions: [{
      ...metadata,
      versionId: null,
      body,
      etag,
      lastModified: context.now,
    }],
  };
  context.store.put(context.route.bucket.name, object);
  return object;
}

function checkOverwrite(context: WriteContext): void {
  const { request, route, store } = context;
  if (request.headers["x-oss-forbid-overwrite"]?.toLowerCase() !== "true") {
    return;
  }
  if (!store.objects(route.bucket.name).has(route.key)) return;
  throw new OssError(
    409,
    "FileAlreadyExists",
    "The object you specified already exists and can not be overwritten.",
    { details: [["Key", route.key]] },
  );
}

function writeResponse(etag: string, extra: Record<string, string> = {}) {
  return new Response(null, { status: 200, headers: { etag, ...extra } });
}

/**
 * PutObject: stores the body with the request's metadata.
 *
 * @param context The request and the store.
 * @returns 200 with the `ETag` and `Content-MD5`.
 * @throws {OssError} `InvalidObjectName`, `InvalidDigest`, `EntityTooLarge`
 * or `FileAlreadyExists`.
 */
export async function putObject(context: WriteContext): Promise<Response> {
  const { request, route, store } = context;
  checkWriteKey(route.key);
  checkOverwrite(context);
  const body = await context.storedBody(
    store.writtenBytes(route.bucket.name, route.key),
  );
  checkContentMd5(request.headers["content-md5"], body);
  const object = storeObject(
    context,
    metadataOf(request.headers, route.key, "Normal"),
    body,
  );
  return writeResponse(object.versions[0].etag, {
    "content-md5": Buffer.from(
      object.versions[0].etag.slice(1, -1),
      "hex",
    ).toString("base64"),
  });
}

/**
 * Reads `x-oss-copy-source`: `/<bucket>/<key>`, the key percent-encoded,
 * optionally `?versionId=`.
 */
function copySource(
  value: string,
): { bucket: string; key: string; versionId: string | undefined } {
  const [path = "", search = ""] = value.split("?", 2);
  const match = /^\/?([^/]+)\/(.+)$/.exec(path);
  const versionId = new URLSearchParams(search).get("versionId") ?? undefined;
  try {
    if (match !== null) {
      return {
        bucket: decodeURIComponent(match[1]!),
        key: decodeURIComponent(match[2]!),
        versionId,
      };
    }
  } catch {
    // Malformed percent-encoding: reported below.
  }
  throw new OssError(
    400,
    "InvalidArgument",
    "The x-oss-copy-source is invalid: expected /<bucket>/<url-encoded key>.",
    {
      details: [["ArgumentName", "x-oss-copy-source"], [
        "ArgumentValue",
        value,
      ]],
    },
  );
}

/**
 * CopyObject: copies an object (from any bucket the requester may read),
 * with its metadata (`x-oss-metadata-directive: COPY`, the default) or the
 * request's (`REPLACE`).
 *
 * @param context The request and the store.
 * @returns The `CopyObjectResult`.
 * @throws {OssError} `NoSuchBucket`, `NoSuchKey`, `NoSuchVersion`,
 * `InvalidArgument`, `EntityTooLarge` or `FileAlreadyExists`.
 */
export function copyObject(context: WriteContext): Response {
  const { request, route, store } = context;
  checkWriteKey(route.key);
  const source = copySource(request.headers["x-oss-copy-source"] ?? "");
  const directive = (request.headers["x-oss-metadata-directive"] ?? "COPY")
    .toUpperCase();
  if (directive !== "COPY" && directive !== "REPLACE") {
    throw new OssError(
      400,
      "InvalidArgument",
      "The x-oss-metadata-directive must be COPY or REPLACE.",
      {
        details: [["ArgumentName", "x-oss-metadata-directive"], [
          "ArgumentValue",
          directive,
        ]],
      },
    );
  }
  const bucket = context.sourceBucket(source.bucket);
  const object = store.objects(bucket.name).get(source.key);
  if (object === undefined) {
    throw new OssError(404, "NoSuchKey", "The specified key does not exist.", {
      details: [["Key", source.key]],
    });
  }
  const version = source.versionId === undefined
    ? object.versions[0]
    : object.versions.find((candidate) =>
      (candidate.versionId ?? "null") === source.versionId
    );
  if (version === undefined) {
    throw new OssError(
      404,
      "NoSuchVersion",
      "The specified version does not exist.",
      { details: [["Key", source.key], ["VersionId", source.versionId!]] },
    );
  }
  checkOverwrite(context);
  const { body, etag, versionId: _v, lastModified: _l, ...kept } = version;
  const copied = storeObject(
    context,
    directive === "COPY"
      ? { ...kept, objectType: "Normal" }
      : metadataOf(request.headers, route.key, "Normal"),
    body,
    etag,
  );
  return xmlResponse(xmlNode("CopyObjectResult", [
    xmlText("ETag", copied.versions[0].etag),
    xmlText("LastModified", context.now.toISOString()),
  ]));
}

function positionMismatch(length: number): OssError {
  return new OssError(
    409,
    "PositionNotEqualToLength",
    "Position is not equal to file length.",
    {
      headers: [["x-oss-next-append-position", String(length)]],
      details: [["NextAppendPosition", String(length)]],
    },
  );
}

/**
 * AppendObject (`POST ?append&position=N`): creates an appendable object
 * at position 0, or adds to one at its current length.
 *
 * @param context The request and the store.
 * @returns 200 with `x-oss-next-append-position` and the `ETag`.
 * @throws {OssError} `PositionNotEqualToLength` (409, with the length in
 * `x-oss-next-append-position`), `ObjectNotAppendable` (409),
 * `InvalidArgument`, `InvalidDigest` or `EntityTooLarge`.
 */
export async function appendObject(context: WriteContext): Promise<Response> {
  const { request, route, store } = context;
  checkWriteKey(route.key);
  const text = request.query["position"] ?? "";
  if (!/^\d{1,15}$/.test(text)) {
    throw new OssError(
      400,
      "InvalidArgument",
      "The position must be a whole number of bytes.",
      { details: [["ArgumentName", "position"], ["ArgumentValue", text]] },
    );
  }
  const existing = store.objects(route.bucket.name).get(route.key)
    ?.versions[0];
  if (existing !== undefined && existing.objectType !== "Appendable") {
    throw new OssError(
      409,
      "ObjectNotAppendable",
      "The object is not appendable.",
    );
  }
  const length = existing?.body.length ?? 0;
  if (Number(text) !== length) throw positionMismatch(length);
  const added = await context.storedBody(0);
  checkContentMd5(request.headers["content-md5"], added);
  const body = new Uint8Array(length + added.length);
  if (existing !== undefined) body.set(existing.body);
  body.set(added, length);
  const object = storeObject(
    context,
    existing ?? metadataOf(request.headers, route.key, "Appendable"),
    body,
  );
  return writeResponse(object.versions[0].etag, {
    "x-oss-next-append-position": String(body.length),
  });
}

/**
 * DeleteObject: removes the object, if any (deleting a missing key
 * succeeds, as on OSS).
 *
 * @param context The request and the store.
 * @returns 204.
 */
export function deleteObject(context: WriteContext): Response {
  context.store.delete(context.route.bucket.name, context.route.key);
  return new Response(null, { status: 204 });
}

/**
 * DeleteMultipleObjects (`POST /?delete`): removes up to 1000 keys listed
 * in a `<Delete>` body; `<Quiet>true</Quiet>` leaves them out of the
 * answer.
 *
 * @param context The request and the store.
 * @returns The `DeleteResult`.
 * @throws {OssError} `MalformedXML` or `InvalidDigest`.
 */
export async function deleteMultipleObjects(
  context: WriteContext,
): Promise<Response> {
  const { request, route, store } = context;
  const bytes = await context.body(MAX_DELETE_BODY);
  checkContentMd5(request.headers["content-md5"], bytes);
  const xml = new TextDecoder().decode(bytes);
  const root = elementsOf(xml, "Delete")[0];
  if (root === undefined) throw malformedXml("expected a <Delete> element");
  const keys = elementsOf(root, "Object").map((entry) => textOf(entry, "Key"));
  if (keys.length === 0 || keys.length > MAX_DELETE_KEYS) {
    throw malformedXml(`expected 1 to ${MAX_DELETE_KEYS} <Object> elements`);
  }
  if (keys.some((key) => key === undefined || key === "")) {
    throw malformedXml("every <Object> needs a <Key>");
  }
  const encode = request.query["encoding-type"] === "url"
    ? encodeURIComponent
    : (key: string) => key;
  const quiet = textOf(root, "Quiet")?.trim().toLowerCase() === "true";
  for (const key of keys) store.delete(route.bucket.name, key!);
  return xmlResponse(xmlNode("DeleteResult", [
    request.query["encoding-type"] === "url"
      ? xmlText("EncodingType", "url")
      : undefined,
    ...(quiet
      ? []
      : keys.map((key) => xmlNode("Deleted", [xmlText("Key", encode(key!))]))),
  ]));
}
