/**
 * ListBuckets (`GET /` on the service host): the buckets whose credentials
 * include the requester's AccessKey, with `prefix`, `marker` and
 * `max-keys` paging.
 *
 * @module
 */
import { OssError } from "../oss/errors.ts";
import { byUtf8 } from "./listing.ts";
import type { EmulatorBucket } from "./model.ts";
import { xmlNode, xmlResponse, xmlText } from "../oss/xml.ts";

/** The most buckets one page lists. */
const MAX_BUCKETS = 1000;

/**
 * Answers ListBuckets.
 *
 * @param buckets Every bucket the emulator serves.
 * @param accessKeyId The requester's verified AccessKey ID.
 * @param query The decoded query parameters.
 * @returns The `ListAllMyBucketsResult`.
 * @throws {OssError} `InvalidArgument` for a bad `max-keys`.
 */
export function listBuckets(
  buckets: readonly EmulatorBucket[],
  accessKeyId: string,
  query: Readonly<Record<string, string>>,
): Response {
  const prefix = query["prefix"] ?? "";
  const marker = query["marker"] ?? "";
  const maxText = query["max-keys"];
  const maxKeys = maxText === undefined
    ? 100
    : /^\d{1,4}$/.test(maxText)
    ? Number(maxText)
    : NaN;
  if (!(maxKeys >= 1 && maxKeys <= MAX_BUCKETS)) {
    throw new OssError(
      400,
      "InvalidArgument",
      `Argument max-keys must be an integer from 1 to ${MAX_BUCKETS}.`,
      { details: [["ArgumentName", "max-keys"], ["ArgumentValue", maxText!]] },
    );
  }
  const mine = buckets
    .filter((bucket) =>
      bucket.credentials.some((key) => key.accessKeyId === accessKeyId) &&
      bucket.name.startsWith(prefix) && byUtf8(bucket.name, marker) > 0
    )
    .sort((a, b) => byUtf8(a.name, b.name));
  const page = mine.slice(0, maxKeys);
  const truncated = mine.length > page.length;
  const paged = query["prefix"] !== undefined ||
    query["marker"] !== undefined ||
    maxText !== undefined;
  return xmlResponse(xmlNode("ListAllMyBucketsResult", [
    paged ? xmlText("Prefix", prefix) : undefined,
    paged ? xmlText("Marker", marker) : undefined,
    paged ? xmlText("MaxKeys", maxKeys) : undefined,
    paged ? xmlText("IsTruncated", truncated) : undefined,
    truncated ? xmlText("NextMarker", page.at(-1)!.name) : undefined,
    xmlNode("Owner", [
      xmlText("ID", page[0]?.owner ?? ""),
      xmlText("DisplayName", page[0]?.owner ?? ""),
    ]),
    xmlNode(
      "Buckets",
      page.map((bucket) =>
        xmlNode("Bucket", [
          xmlText("CreationDate", bucket.creationDate.toISOString()),
          xmlText("ExtranetEndpoint", `oss-${bucket.region}.aliyuncs.com`),
          xmlText(
            "IntranetEndpoint",
            `oss-${bucket.region}-internal.aliyuncs.com`,
          ),
          xmlText("Location", `oss-${bucket.region}`),
          xmlText("Name", bucket.name),
          xmlText("Region", bucket.region),
          xmlText("StorageClass", "Standard"),
        ])
      ),
    ),
  ]));
}
