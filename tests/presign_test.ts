import assert from "node:assert/strict";
import { presignUrl } from "../mod.ts";

Deno.test("presignUrl() V1 matches ali-oss 6.23 signatureUrl for an STS link with overrides", () => {
  // Reference output of ali-oss 6.23.0 `signatureUrl` at Date.now() = 2026-11-28T09:00:00Z.
  const url = presignUrl({
    signature: "v1",
    method: "GET",
    bucket: "examplebucket",
    key: "reports/2026/Q3 报告+!'()*~.pdf",
    region: "cn-hangzhou",
    credentials: {
      accessKeyId: "LTAI5tExample",
      accessKeySecret: "s3cr3t/+=",
      securityToken: "tok+/=",
    },
    signedAt: new Date("2026-11-28T09:00:00Z"),
    expires: 1800,
    query: {
      "response-content-disposition":
        "attachment; filename=\"a.pdf\"; filename*=UTF-8''%E6%8A%A5",
      "x-oss-process": "style/thumb",
      "response-content-type": "application/pdf",
    },
  });
  const params = new URL(url).searchParams;
  assert.equal(params.get("Expires"), "1795858200");
  assert.equal(params.get("Signature"), "UIiDC8Mbvcg6eT3+fXDsdHv+JI8=");
});
