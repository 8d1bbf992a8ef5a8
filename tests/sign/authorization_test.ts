import assert from "node:assert/strict";
import { authorizeRequest } from "../../src/sign/authorization.ts";
import { v1Signature } from "../../src/oss/v1.ts";

const BASE = {
  method: "GET",
  bucket: "examplebucket",
  key: "",
  region: "cn-hangzhou",
  credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
  signedAt: new Date("2026-11-28T09:00:00Z"),
  query: { cors: "" },
} as const;

Deno.test("authorizeRequest() V1 signs with a Date header", async (t) => {
  await t.step("no x-oss-date: the Date header is the date line", () => {
    const signed = authorizeRequest({ ...BASE, signature: "v1" });
    assert.equal(signed.headers["Date"], "Sat, 28 Nov 2026 09:00:00 GMT");
    assert.equal(
      signed.stringToSign,
      "GET\n\n\nSat, 28 Nov 2026 09:00:00 GMT\n/examplebucket/?cors",
    );
    assert.equal(
      signed.authorization,
      `OSS AKID:${v1Signature("secret", signed.stringToSign)}`,
    );
    assert.equal(signed.canonicalRequest, null);
  });
  await t.step("an x-oss-date header wins over Date", () => {
    const signed = authorizeRequest({
      ...BASE,
      signature: "v1",
      headers: { "X-OSS-Date": "Sat, 28 Nov 2026 08:59:00 GMT" },
    });
    assert.ok(
      signed.stringToSign.startsWith(
        "GET\n\n\nSat, 28 Nov 2026 08:59:00 GMT\nx-oss-date:",
      ),
    );
  });
  await t.step("STS credentials add a signed x-oss-security-token", () => {
    const signed = authorizeRequest({
      ...BASE,
      signature: "v1",
      credentials: { ...BASE.credentials, securityToken: "tok+/=" },
    });
    assert.equal(signed.headers["x-oss-security-token"], "tok+/=");
    assert.ok(signed.stringToSign.includes("\nx-oss-security-token:tok+/=\n"));
  });
});

Deno.test("authorizeRequest() replaces the headers it sets, whatever their case", async (t) => {
  const headers = {
    AUTHORIZATION: "old",
    date: "old",
    "X-Oss-Date": "old",
    "X-OSS-Content-Sha256": "old",
    "X-Oss-Security-Token": "old",
    "Content-Type": "text/plain",
  };
  const credentials = { ...BASE.credentials, securityToken: "tok" };
  await t.step("V4", () => {
    const signed = authorizeRequest({
      ...BASE,
      signature: "v4",
      headers,
      credentials,
    });
    assert.deepEqual(signed.headers, {
      "Content-Type": "text/plain",
      "x-oss-date": "20261128T090000Z",
      Date: "Sat, 28 Nov 2026 09:00:00 GMT",
      "x-oss-security-token": "tok",
      "x-oss-content-sha256": "UNSIGNED-PAYLOAD",
      Authorization: signed.authorization,
    });
    assert.match(
      signed.authorization,
      /^OSS4-HMAC-SHA256 Credential=AKID\/20261128\/cn-hangzhou\/oss\/aliyun_v4_request,Signature=[0-9a-f]{64}$/,
    );
    assert.equal(
      signed.canonicalRequest,
      "GET\n/examplebucket/\ncors\ncontent-type:text/plain\n" +
        "x-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20261128T090000Z\n" +
        "x-oss-security-token:tok\n\n\nUNSIGNED-PAYLOAD",
    );
  });
  await t.step("V1 keeps a caller's x-oss-date", () => {
    const signed = authorizeRequest({
      ...BASE,
      signature: "v1",
      headers,
      credentials,
    });
    assert.deepEqual(Object.keys(signed.headers), [
      "X-Oss-Date",
      "X-OSS-Content-Sha256",
      "Content-Type",
      "Date",
      "x-oss-security-token",
      "Authorization",
    ]);
  });
});

Deno.test("authorizeRequest() V4 signs additional headers and the region without oss-", () => {
  const plain = authorizeRequest({
    ...BASE,
    signature: "v4",
    headers: { Host: "examplebucket.oss-cn-hangzhou.aliyuncs.com" },
    additionalHeaders: ["host", "x-oss-meta-a", "absent"],
  });
  assert.match(plain.authorization, /,AdditionalHeaders=host,Signature=/);
  const prefixed = authorizeRequest({
    ...BASE,
    signature: "v4",
    region: "oss-cn-hangzhou",
    headers: { Host: "examplebucket.oss-cn-hangzhou.aliyuncs.com" },
    additionalHeaders: ["Host"],
  });
  assert.equal(prefixed.authorization, plain.authorization);
});

Deno.test("authorizeRequest() V4 needs a region", () => {
  for (const region of [undefined, ""]) {
    assert.throws(
      () => authorizeRequest({ ...BASE, signature: "v4", region }),
      { name: "TypeError", message: "V4 signing needs a region: got none" },
    );
  }
});
