/**
 * Multipart upload: InitiateMultipartUpload, UploadPart,
 * CompleteMultipartUpload, AbortMultipartUpload, ListParts and
 * ListMultipartUploads, in memory. The object's ETag is OSS's multipart
 * form: the upper-case hex MD5 of the parts' binary MD5s, `-<part count>`.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { encodePath } from "../oss/encode.ts";
import { OssError } from "../oss/errors.ts";
import {
  checkWriteKey,
  metadataOf,
  type WriteContext,
} from "./object_writes.ts";
import { checkContentMd5, etagOf } from "./request_body.ts";
import type { UploadedPart } from "./store.ts";
import { xmlNode, xmlResponse, xmlText } from "../oss/xml.ts";
import { elementsOf, malformedXml, textOf } from "./xml_read.ts";

/** The highest part number. */
const MAX_PART_NUMBER = 10000;

/** The smallest part but the last, in bytes (100 KiB). */
export const MIN_PART_BYTES = 100 * 1024;

/** The largest CompleteMultipartUpload body (1 MiB). */
const MAX_COMPLETE_BODY = 1024 * 1024;

/** The most parts ListParts returns at once. */
const MAX_PARTS = 1000;

function invalidArgument(name: string, value: string, message: string) {
  return new OssError(400, "InvalidArgument", message, {
    details: [["ArgumentName", name], ["ArgumentValue", value]],
  });
}

function uploadOf(context: WriteContext) {
  const { route, request, store } = context;
  return store.upload(
    route.bucket.name,
    route.key,
    request.query["uploadId"] ?? "",
  );
}

/**
 * InitiateMultipartUpload (`POST ?uploads`): the object's metadata comes
 * from this request.
 *
 * @param context The request and the store.
 * @returns The `InitiateMultipartUploadResult` with the upload id.
 * @throws {OssError} `InvalidObjectName`.
 */
export function initiateMultipartUpload(context: WriteContext): Response {
  const { route, request, store } = context;
  checkWriteKey(route.key);
  const upload = store.initiate({
    bucket: route.bucket.name,
    key: route.key,
    initiated: context.now,
    template: metadataOf(request.headers, route.key, "Multipart"),
  });
  return xmlResponse(xmlNode("InitiateMultipartUploadResult", [
    xmlText("Bucket", route.bucket.name),
    xmlText("Key", route.key),
    xmlText("UploadId", upload.uploadId),
  ]));
}

/**
 * UploadPart (`PUT ?partNumber=N&uploadId=…`): stores or replaces a part.
 *
 * @param context The request and the store.
 * @returns 200 with the part's `ETag`.
 * @throws {OssError} `NoSuchUpload`, `InvalidArgument`, `InvalidDigest` or
 * `EntityTooLarge`.
 */
export async function uploadPart(context: WriteContext): Promise<Response> {
  const { request, store } = context;
  const upload = uploadOf(context);
  const text = request.query["partNumber"] ?? "";
  const partNumber = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(partNumber >= 1 && partNumber <= MAX_PART_NUMBER)) {
    throw invalidArgument(
      "partNumber",
      text,
      `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive.`,
    );
  }
  const old = upload.parts.get(partNumber)?.body.length ?? 0;
  const body = await context.storedBody(old);
  checkContentMd5(request.headers["content-md5"], body);
  const part: UploadedPart = {
    partNumber,
    body,
    etag: etagOf(body),
    lastModified: context.now,
  };
  store.putPart(upload, part);
  return new Response(null, { status: 200, headers: { etag: part.etag } });
}

/** The parts a CompleteMultipartUpload body lists, checked. */
function listedParts(
  xml: string,
  parts: ReadonlyMap<number, UploadedPart>,
): UploadedPart[] {
  const root = elementsOf(xml, "CompleteMultipartUpload")[0];
  if (root === undefined) {
    throw malformedXml("expected a <CompleteMultipartUpload> element");
  }
  const chosen: UploadedPart[] = [];
  for (const entry of elementsOf(root, "Part")) {
    const number = Number(textOf(entry, "PartNumber")?.trim());
    const etag = textOf(entry, "ETag")?.trim() ?? "";
    const part = parts.get(number);
    if (part === undefined || part.etag !== `"${etag.replace(/^"|"$/g, "")}"`) {
      throw new OssError(
        400,
        "InvalidPart",
        "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.",
        { details: [["PartNumber", String(number)], ["ETag", etag]] },
      );
    }
    if (chosen.length > 0 && number <= chosen.at(-1)!.partNumber) {
      throw new OssError(
        400,
        "InvalidPartOrder",
        "The list of parts was not in ascending order. Parts list must be specified in order by part number.",
      );
    }
    chosen.push(part);
  }
  if (chosen.length === 0) throw malformedXml("expected <Part> elements");
  return chosen;
}

/**
 * The ETag of a multipart object: MD5 of the parts' binary MD5s, upper-case
 * hex, `-<count>`, quoted.
 *
 * @param parts The parts, in order.
 * @returns The ETag.
 */
export function multipartEtag(parts: readonly UploadedPart[]): string {
  const hash = createHash("md5");
  for (const part of parts) {
    hash.update(Buffer.from(part.etag.slice(1, -1), "hex"));
  }
  return `"${hash.digest("hex").toUpperCase()}-${parts.length}"`;
}

/**
 * CompleteMultipartUpload (`POST ?uploadId=…`): joins the listed parts (or,
 * with `x-oss-complete-all: yes`, every part) into the object.
 *
 * @param context The request and the store.
 * @returns The `CompleteMultipartUploadResult`.
 * @throws {OssError} `NoSuchUpload`, `MalformedXML`, `InvalidPart`,
 * `InvalidPartOrder` or `EntityTooSmall` (a part but the last under
 * 100 KiB).
 */
export async function completeMultipartUpload(
  context: WriteContext,
): Promise<Response> {
  const { request, route, store } = context;
  const upload = uploadOf(context);
  const xml = new TextDecoder().decode(await context.body(MAX_COMPLETE_BODY));
  const parts = request.headers["x-oss-complete-all"]?.toLowerCase() === "yes"
    ? [...upload.parts.values()].sort((a, b) => a.partNumber - b.partNumber)
    : listedParts(xml, upload.parts);
  if (parts.length === 0) throw malformedXml("the upload has no parts");
  const small = parts.slice(0, -1).find((part) =>
    part.body.length < MIN_PART_BYTES
  );
  if (small !== undefined) {
    throw new OssError(
      400,
      "EntityTooSmall",
      `Your proposed upload is smaller than the minimum allowed size: every part but the last must be at least ${MIN_PART_BYTES} bytes.`,
      {
        details: [["PartNumber", String(small.partNumber)], [
          "ProposedSize",
          String(small.body.length),
        ]],
      },
    );
  }
  const body = new Uint8Array(
    parts.reduce((total, part) => total + part.body.length, 0),
  );
  let at = 0;
  for (const part of parts) {
    body.set(part.body, at);
    at += part.body.length;
  }
  const etag = multipartEtag(parts);
  store.endUpload(upload);
  store.put(route.bucket.name, {
    key: route.key,
    versions: [{
      ...upload.template,
      versionId: null,
      body,
      etag,
      lastModified: context.now,
    }],
  });
  const response = xmlResponse(xmlNode("CompleteMultipartUploadResult", [
    xmlText(
      "Location",
      `http://${request.host}/${
        route.via === "path" ? `${route.bucket.name}/` : ""
      }${encodePath(route.key)}`,
    ),
    xmlText("Bucket", route.bucket.name),
    xmlText("Key", route.key),
    xmlText("ETag", etag),
  ]));
  response.headers.set("etag", etag);
  return response;
}

/**
 * AbortMultipartUpload (`DELETE ?uploadId=…`): drops the upload's parts.
 *
 * @param context The request and the store.
 * @returns 204.
 * @throws {OssError} `NoSuchUpload`.
 */
export function abortMultipartUpload(context: WriteContext): Response {
  context.store.endUpload(uploadOf(context));
  return new Response(null, { status: 204 });
}

/**
 * ListParts (`GET ?uploadId=…`): the parts uploaded so far, with
 * `max-parts` (at most 1000) and `part-number-marker` paging.
 *
 * @param context The request and the store.
 * @returns The `ListPartsResult`.
 * @throws {OssError} `NoSuchUpload` or `InvalidArgument`.
 */
export function listParts(context: WriteContext): Response {
  const { request, route } = context;
  const upload = uploadOf(context);
  const maxText = request.query["max-parts"] ?? String(MAX_PARTS);
  const maxParts = /^\d{1,4}$/.test(maxText) ? Number(maxText) : NaN;
  if (!(maxParts >= 0 && maxParts <= MAX_PARTS)) {
    throw invalidArgument(
      "max-parts",
      maxText,
      `Argument max-parts must be an integer from 0 to ${MAX_PARTS}.`,
    );
  }
  const marker = Number(request.query["part-number-marker"] ?? "0") || 0;
  const after = [...upload.parts.values()]
    .filter((part) => part.partNumber > marker)
    .sort((a, b) => a.partNumber - b.partNumber);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  return xmlResponse(xmlNode("ListPartsResult", [
    xmlText("Bucket", route.bucket.name),
    xmlText("Key", route.key),
    xmlText("UploadId", upload.uploadId),
    xmlText("PartNumberMarker", marker),
    xmlText("NextPartNumberMarker", page.at(-1)?.partNumber ?? marker),
    xmlText("MaxParts", maxParts),
    xmlText("IsTruncated", truncated),
    ...page.map((part) =>
      xmlNode("Part", [
        xmlText("PartNumber", part.partNumber),
        xmlText("LastModified", part.lastModified.toISOString()),
        xmlText("ETag", part.etag),
        xmlText("Size", part.body.length),
      ])
    ),
  ]));
}

/**
 * ListMultipartUploads (`GET /?uploads`): the uploads in progress whose key
 * starts with `prefix`, all in one page.
 *
 * @param context The request and the store.
 * @returns The `ListMultipartUploadsResult`.
 */
export function listMultipartUploads(context: WriteContext): Response {
  const { request, route, store } = context;
  const prefix = request.query["prefix"] ?? "";
  const uploads = store.uploads(route.bucket.name).filter((upload) =>
    upload.key.startsWith(prefix)
  );
  return xmlResponse(xmlNode("ListMultipartUploadsResult", [
    xmlText("Bucket", route.bucket.name),
    xmlText("KeyMarker", ""),
    xmlText("UploadIdMarker", ""),
    xmlText("NextKeyMarker", ""),
    xmlText("NextUploadIdMarker", ""),
    xmlText("Delimiter", ""),
    xmlText("Prefix", prefix),
    xmlText("MaxUploads", 1000),
    xmlText("IsTruncated", false),
    ...uploads.map((upload) =>
      xmlNode("Upload", [
        xmlText("Key", upload.key),
        xmlText("UploadId", upload.uploadId),
        xmlText("StorageClass", "Standard"),
        xmlText("Initiated", upload.initiated.toISOString()),
      ])
    ),
  ]));
}
