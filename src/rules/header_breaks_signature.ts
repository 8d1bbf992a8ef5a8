import { declaredRequestHeaders } from "../manifest/request_headers.ts";
import type { Rule } from "./rule.ts";

/**
 * What a header a page sends does to a presigned URL: OSS puts `x-oss-*`,
 * `Content-Type` and `Content-MD5` request headers into the string it
 * verifies (V1 and V4), and refuses a URL signature next to an
 * `Authorization` header (oss-facts §1.1, §2.3, §7.5).
 */
function breakage(
  lowerName: string,
): { code: string; reason: string } | undefined {
  if (lowerName === "authorization") {
    return {
      code: "InvalidArgument",
      reason:
        "OSS refuses a URL signature together with an Authorization header",
    };
  }
  if (
    lowerName === "content-type" || lowerName === "content-md5" ||
    lowerName.startsWith("x-oss-")
  ) {
    return {
      code: "SignatureDoesNotMatch",
      reason: "OSS signs this header, and the links were signed without it",
    };
  }
  return undefined;
}

/** The request headers pages send do not break the links' signatures. */
export const headerBreaksSignature: Rule = {
  id: "header-breaks-signature",
  description:
    "access.headers has no header that breaks a presigned URL (x-oss-*, Content-Type, Content-MD5, Authorization)",
  severity: "error",
  check({ manifest, report }) {
    for (const header of declaredRequestHeaders(manifest)) {
      const broken = breakage(header.name.toLowerCase());
      if (broken === undefined) continue;
      report({
        path: header.path,
        message:
          `Pages that send "${header.name}" with these links get ${broken.code}: ${broken.reason}`,
        hint:
          "stop sending the header with presigned GET/HEAD requests, or drop it from access.headers",
      });
    }
  },
};
