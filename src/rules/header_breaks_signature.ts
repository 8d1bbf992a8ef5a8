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
    manifest.access?.headers?.forEach((header, index) => {
      const broken = breakage(header.trim().toLowerCase());
      if (broken === undefined) return;
      report({
        path: ["access", "headers", index],
        message:
          `Pages that send "${header}" with these links get ${broken.code}: ${broken.reason}`,
        hint:
          "stop sending the header with presigned GET/HEAD requests, or drop it from access.headers",
      });
    });
  },
};
