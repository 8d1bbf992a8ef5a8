/**
 * The bucket configuration APIs the checks read: GetBucketCors (`?cors`),
 * ListCname (`?cname`), ListStyle and GetStyle (`?style`), GetBucketReferer
 * (`?referer`), GetBucketInfo (`?bucketInfo`), GetBucketAcl (`?acl`) and
 * GetBucketLocation (`?location`), with the XML shapes of oss-facts §6.
 *
 * @module
 */
import { OssError } from "../oss/errors.ts";
import type { BoundDomain, EmulatorBucket, ImageStyle } from "./model.ts";
import { xmlNode, xmlResponse, xmlText } from "../oss/xml.ts";

function ownerXml(bucket: EmulatorBucket): string {
  return xmlNode("Owner", [
    xmlText("ID", bucket.owner),
    xmlText("DisplayName", bucket.owner),
  ]);
}

function getBucketCors(bucket: EmulatorBucket): Response {
  const { cors } = bucket;
  if (cors === null) {
    throw new OssError(
      404,
      "NoSuchCORSConfiguration",
      "The CORS Configuration does not exist.",
      {
        ec: "0034-00000001",
        details: [["BucketName", bucket.name]],
      },
    );
  }
  return xmlResponse(xmlNode("CORSConfiguration", [
    ...cors.rules.map((rule) =>
      xmlNode("CORSRule", [
        ...rule.allowedOrigins.map((origin) =>
          xmlText("AllowedOrigin", origin)
        ),
        ...rule.allowedMethods.map((method) =>
          xmlText("AllowedMethod", method)
        ),
        ...rule.allowedHeaders.map((header) =>
          xmlText("AllowedHeader", header)
        ),
        ...rule.exposeHeaders.map((header) => xmlText("ExposeHeader", header)),
        rule.maxAgeSeconds === undefined
          ? undefined
          : xmlText("MaxAgeSeconds", rule.maxAgeSeconds),
      ])
    ),
    xmlText("ResponseVary", cors.responseVary),
  ]));
}

function cnameXml(domain: BoundDomain): string {
  const { certificate } = domain;
  return xmlNode("Cname", [
    xmlText("Domain", domain.domain),
    xmlText("LastModified", domain.lastModified.toISOString()),
    xmlText("Status", domain.status),
    certificate === undefined ? undefined : xmlNode("Certificate", [
      xmlText("Type", certificate.type),
      xmlText("CertId", certificate.certId),
      xmlText("Status", certificate.status),
      xmlText("CreationDate", certificate.creationDate.toUTCString()),
      xmlText("Fingerprint", certificate.fingerprint),
      xmlText("ValidStartDate", certificate.validStartDate.toUTCString()),
      xmlText("ValidEndDate", certificate.validEndDate.toUTCString()),
    ]),
  ]);
}

function listCname(bucket: EmulatorBucket): Response {
  return xmlResponse(xmlNode("ListCnameResult", [
    xmlText("Bucket", bucket.name),
    xmlText("Owner", bucket.owner),
    ...bucket.domains.map(cnameXml),
  ]));
}

function styleXml(style: ImageStyle): string {
  return xmlNode("Style", [
    xmlText("Name", style.name),
    xmlText("Content", style.content),
    xmlText("Category", style.content.split("/")[0] ?? "image"),
    xmlText("CreateTime", style.createTime.toUTCString()),
    xmlText("LastModifyTime", style.lastModifyTime.toUTCString()),
  ]);
}

function getStyle(bucket: EmulatorBucket, name: string): Response {
  const style = bucket.styles.find((candidate) => candidate.name === name);
  if (style === undefined) {
    throw new OssError(
      404,
      "NoSuchStyle",
      "The specified style does not exist.",
      {
        details: [["StyleName", name]],
      },
    );
  }
  return xmlResponse(styleXml(style));
}

function getBucketReferer(bucket: EmulatorBucket): Response {
  const referer = bucket.referer ?? {
    allowEmptyReferer: true,
    allowTruncateQueryString: true,
    truncatePath: false,
    refererList: [],
    refererBlacklist: [],
  };
  return xmlResponse(xmlNode("RefererConfiguration", [
    xmlText("AllowEmptyReferer", referer.allowEmptyReferer),
    xmlText("AllowTruncateQueryString", referer.allowTruncateQueryString),
    xmlText("TruncatePath", referer.truncatePath),
    xmlNode(
      "RefererList",
      referer.refererList.map((pattern) => xmlText("Referer", pattern)),
    ),
    xmlNode(
      "RefererBlacklist",
      referer.refererBlacklist.map((pattern) => xmlText("Referer", pattern)),
    ),
  ]));
}

function getBucketInfo(bucket: EmulatorBucket): Response {
  const versioned = bucket.objects.some((object) =>
    object.versions[0].versionId !== null
  );
  return xmlResponse(xmlNode("BucketInfo", [
    xmlNode("Bucket", [
      xmlText("AccessMonitor", "Disabled"),
      xmlText("CreationDate", bucket.creationDate.toISOString()),
      xmlText("CrossRegionReplication", "Disabled"),
      xmlText("DataRedundancyType", "LRS"),
      xmlText("ExtranetEndpoint", `oss-${bucket.region}.aliyuncs.com`),
      xmlText("IntranetEndpoint", `oss-${bucket.region}-internal.aliyuncs.com`),
      xmlText("Location", `oss-${bucket.region}`),
      xmlText("Name", bucket.name),
      xmlText("StorageClass", "Standard"),
      xmlText("TransferAcceleration", "Disabled"),
      versioned ? xmlText("Versioning", "Enabled") : undefined,
      ownerXml(bucket),
      xmlNode("AccessControlList", [xmlText("Grant", bucket.acl)]),
      xmlNode("ServerSideEncryptionRule", [xmlText("SSEAlgorithm", "None")]),
      xmlText("Comment", ""),
    ]),
  ]));
}

function getBucketAcl(bucket: EmulatorBucket): Response {
  return xmlResponse(xmlNode("AccessControlPolicy", [
    ownerXml(bucket),
    xmlNode("AccessControlList", [xmlText("Grant", bucket.acl)]),
  ]));
}

/**
 * Answers a bucket configuration API.
 *
 * @param bucket The bucket.
 * @param operation The operation name from routing.
 * @param query The decoded query parameters.
 * @returns The XML response.
 * @throws {OssError} `NoSuchCORSConfiguration` or `NoSuchStyle` when there is
 * nothing to return, `NotImplemented` for another operation.
 */
export function bucketApi(
  bucket: EmulatorBucket,
  operation: string,
  query: Readonly<Record<string, string>>,
): Response {
  switch (operation) {
    case "GetBucketCors":
      return getBucketCors(bucket);
    case "ListCname":
      if ("comp" in query) break;
      return listCname(bucket);
    case "ListStyle":
      return xmlResponse(xmlNode("StyleList", bucket.styles.map(styleXml)));
    case "GetStyle":
      return getStyle(bucket, query["styleName"] ?? "");
    case "GetBucketReferer":
      return getBucketReferer(bucket);
    case "GetBucketInfo":
      return getBucketInfo(bucket);
    case "GetBucketAcl":
      return getBucketAcl(bucket);
    case "GetBucketLocation":
      return xmlResponse(xmlText("LocationConstraint", `oss-${bucket.region}`));
  }
  throw new OssError(
    501,
    "NotImplemented",
    "The emulator does not implement this operation.",
  );
}
