/**
 * ListObjects (V1, `marker`) and ListObjectsV2 (`list-type=2`,
 * `continuation-token`): prefix, delimiter, `max-keys` up to 1000, paging and
 * `encoding-type=url`, in UTF-8 byte order of the keys.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { OssError } from "../oss/errors.ts";
import type { EmulatorBucket, EmulatorObject } from "./model.ts";
import { xmlNode, xmlResponse, xmlText } from "../oss/xml.ts";

/** The most keys one listing page returns. */
export const MAX_KEYS_LIMIT = 1000;

/**
 * Compares two keys by their UTF-8 bytes, the order OSS lists in.
 *
 * @param a One key.
 * @param b The other.
 * @returns A negative, zero or positive number.
 */
export function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** One page of a listing. */
interface ListPage {
  readonly contents: readonly EmulatorObject[];
  readonly prefixes: readonly string[];
  readonly truncated: boolean;
  /** The last key or common prefix returned: where the next page starts after. */
  readonly last: string | undefined;
}

/** The index of the first object whose key is after `bound` (or equal, when `inclusive`). */
function lowerBound(
  objects: readonly EmulatorObject[],
  bound: string,
  inclusive: boolean,
): number {
  let low = 0;
  let high = objects.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const order = byUtf8(objects[middle]!.key, bound);
    if (order < 0 || (order === 0 && !inclusive)) low = middle + 1;
    else high = middle;
  }
  return low;
}

function listPage(
  objects: readonly EmulatorObject[],
  options: {
    prefix: string;
    delimiter: string;
    marker: string;
    maxKeys: number;
  },
): ListPage {
  const { prefix, delimiter, marker, maxKeys } = options;
  const contents: EmulatorObject[] = [];
  const prefixes: string[] = [];
  let last: string | undefined;
  let count = 0;
  let truncated = false;
  const start = Math.max(
    lowerBound(objects, prefix, true),
    lowerBound(objects, marker, false),
  );
  for (let index = start; index < objects.length; index++) {
    const object = objects[index]!;
    if (!object.key.startsWith(prefix)) break;
    const at = delimiter === ""
      ? -1
      : object.key.indexOf(delimiter, prefix.length);
    const common = at === -1
      ? undefined
      : object.key.slice(0, at + delimiter.length);
    if (common !== undefined && (common === last || common === marker)) {
      continue;
    }
    if (count === maxKeys) {
      truncated = true;
      break;
    }
    if (common === undefined) contents.push(object);
    else prefixes.push(common);
    last = common ?? object.key;
    count++;
  }
  return { contents, prefixes, truncated, last };
}

function invalidArgument(
  name: string,
  value: string,
  message: string,
): OssError {
  return new OssError(400, "InvalidArgument", message, {
    details: [["ArgumentName", name], ["ArgumentValue", value]],
  });
}

function maxKeysOf(query: Readonly<Record<string, string>>): number {
  const text = query["max-keys"];
  if (text === undefined) return 100;
  const value = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= MAX_KEYS_LIMIT)) {
    throw invalidArgument(
      "max-keys",
      text,
      `Argument max-keys must be an integer from 0 to ${MAX_KEYS_LIMIT}.`,
    );
  }
  return value;
}

function encoderOf(
  query: Readonly<Record<string, string>>,
): (text: string) => string {
  const type = query["encoding-type"];
  if (type === undefined) return (text) => text;
  if (type !== "url") {
    throw invalidArgument(
      "encoding-type",
      type,
      "The encoding-type must be url.",
    );
  }
  return encodeURIComponent;
}

function contentsXml(
  object: EmulatorObject,
  bucket: EmulatorBucket,
  encode: (text: string) => string,
  owner: boolean,
): string {
  const current = object.versions[0];
  return xmlNode("Contents", [
    xmlText("Key", encode(object.key)),
    xmlText("LastModified", current.lastModified.toISOString()),
    xmlText("ETag", current.etag),
    xmlText("Type", current.objectType ?? "Normal"),
    xmlText("Size", current.body.length),
    xmlText("StorageClass", "Standard"),
    owner
      ? xmlNode("Owner", [
        xmlText("ID", bucket.owner),
        xmlText("DisplayName", bucket.owner),
      ])
      : undefined,
  ]);
}

function optionalText(
  name: string,
  value: string | undefined,
): string | undefined {
  return value === undefined ? undefined : xmlText(name, value);
}

/**
 * Encodes a continuation token: opaque base64 of where the next page starts after.
 *
 * @param last The last key or common prefix returned.
 * @returns The token.
 */
function continuationToken(last: string): string {
  return Buffer.from(last, "utf8").toString("base64");
}

function decodeToken(token: string): string {
  const text = Buffer.from(token, "base64").toString("utf8");
  if (token === "" || continuationToken(text) !== token) {
    throw invalidArgument(
      "continuation-token",
      token,
      "The continuation-token is invalid.",
    );
  }
  return text;
}

/** The parameters both listing versions share. */
interface ListParameters {
  readonly maxKeys: number;
  readonly encode: (text: string) => string;
  readonly prefix: string;
  readonly delimiter: string;
}

function listParameters(
  query: Readonly<Record<string, string>>,
): ListParameters {
  return {
    maxKeys: maxKeysOf(query),
    encode: encoderOf(query),
    prefix: query["prefix"] ?? "",
    delimiter: query["delimiter"] ?? "",
  };
}

function entriesXml(
  page: ListPage,
  bucket: EmulatorBucket,
  encode: (text: string) => string,
  owner: boolean,
): string[] {
  return [
    ...page.contents.map((object) =>
      contentsXml(object, bucket, encode, owner)
    ),
    ...page.prefixes.map((common) =>
      xmlNode("CommonPrefixes", [xmlText("Prefix", encode(common))])
    ),
  ];
}

/**
 * Answers ListObjectsV2 (`GET /?list-type=2`).
 *
 * @param bucket The bucket.
 * @param objects Its objects, sorted by key in UTF-8 byte order.
 * @param query The decoded query parameters.
 * @returns The `ListBucketResult` response.
 * @throws {OssError} `InvalidArgument` for a bad `max-keys`, `encoding-type`
 * or `continuation-token`.
 */
export function listObjectsV2(
  bucket: EmulatorBucket,
  objects: readonly EmulatorObject[],
  query: Readonly<Record<string, string>>,
): Response {
  const { maxKeys, encode, prefix, delimiter } = listParameters(query);
  const startAfter = query["start-after"];
  const token = query["continuation-token"];
  const tokenMarker = token === undefined ? "" : decodeToken(token);
  const marker = byUtf8(tokenMarker, startAfter ?? "") > 0
    ? tokenMarker
    : startAfter ?? "";
  const page = listPage(objects, { prefix, delimiter, marker, maxKeys });
  return xmlResponse(xmlNode("ListBucketResult", [
    xmlText("Name", bucket.name),
    xmlText("Prefix", encode(prefix)),
    startAfter === undefined
      ? undefined
      : xmlText("StartAfter", encode(startAfter)),
    token === undefined ? undefined : xmlText("ContinuationToken", token),
    xmlText("MaxKeys", maxKeys),
    delimiter === "" ? undefined : xmlText("Delimiter", encode(delimiter)),
    optionalText("EncodingType", query["encoding-type"]),
    xmlText("IsTruncated", page.truncated),
    page.truncated && page.last !== undefined
      ? xmlText("NextContinuationToken", continuationToken(page.last))
      : undefined,
    xmlText("KeyCount", page.contents.length + page.prefixes.length),
    ...entriesXml(page, bucket, encode, query["fetch-owner"] === "true"),
  ]));
}

/**
 * Answers ListObjects, the V1 listing (`GET /` with `marker`).
 *
 * @param bucket The bucket.
 * @param objects Its objects, sorted by key in UTF-8 byte order.
 * @param query The decoded query parameters.
 * @returns The `ListBucketResult` response.
 * @throws {OssError} `InvalidArgument` for a bad `max-keys` or `encoding-type`.
 */
export function listObjects(
  bucket: EmulatorBucket,
  objects: readonly EmulatorObject[],
  query: Readonly<Record<string, string>>,
): Response {
  const { maxKeys, encode, prefix, delimiter } = listParameters(query);
  const marker = query["marker"] ?? "";
  const page = listPage(objects, { prefix, delimiter, marker, maxKeys });
  return xmlResponse(xmlNode("ListBucketResult", [
    xmlText("Name", bucket.name),
    xmlText("Prefix", encode(prefix)),
    xmlText("Marker", encode(marker)),
    xmlText("MaxKeys", maxKeys),
    xmlText("Delimiter", encode(delimiter)),
    optionalText("EncodingType", query["encoding-type"]),
    xmlText("IsTruncated", page.truncated),
    page.truncated && page.last !== undefined
      ? xmlText("NextMarker", encode(page.last))
      : undefined,
    ...entriesXml(page, bucket, encode, true),
  ]));
}
