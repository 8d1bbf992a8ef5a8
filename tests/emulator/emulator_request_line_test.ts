/**
 * The emulator's access log line, as pure functions: which query values are
 * redacted, how a request's signature is named, and the line's format.
 */
import assert from "node:assert/strict";
import { parseEmulatorConfig } from "../../src/emulator/config.ts";
import {
  type EmulatorRequestEntry,
  formatRequestLine,
  redactedTarget,
  signatureKind,
} from "../../src/emulator/request_line.ts";
import { startEmulator } from "../../src/emulator/server.ts";

const BASE = "http://127.0.0.1:9000";

Deno.test("redactedTarget() hides signatures and tokens, and nothing else", async (t) => {
  const cases: [string, string][] = [
    ["/examplebucket/a.txt", "/examplebucket/a.txt"],
    [
      "/b/a.txt?OSSAccessKeyId=LTAI5tKey&Expires=1800000000&Signature=abc%2Bdef%3D&security-token=tok",
      "/b/a.txt?OSSAccessKeyId=LTAI5tKey&Expires=1800000000&Signature=[redacted]&security-token=[redacted]",
    ],
    [
      "/b/a.txt?x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-credential=LTAI5tKey%2F20261128%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-security-token=tok&x-oss-signature=0123abcd",
      "/b/a.txt?x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-credential=LTAI5tKey%2F20261128%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-security-token=[redacted]&x-oss-signature=[redacted]",
    ],
    // Names in any case or percent-encoding, repeated, or without a value.
    [
      "/b/?SIGNATURE=a&x%2Doss%2Dsignature=b&Authorization=c&signature&signature=d",
      "/b/?SIGNATURE=[redacted]&x%2Doss%2Dsignature=[redacted]&Authorization=[redacted]&signature=[redacted]&signature=[redacted]",
    ],
    ["/b/?cors", "/b/?cors"],
    [
      "/b/?response-content-type=text%2Fplain",
      "/b/?response-content-type=text%2Fplain",
    ],
  ];
  for (const [target, expected] of cases) {
    await t.step(target, () => {
      assert.equal(redactedTarget(new URL(target, BASE)), expected);
    });
  }
});

Deno.test("signatureKind() names how a request is signed", async (t) => {
  const cases: [string, string | undefined, string][] = [
    ["/b/k", undefined, "anonymous"],
    ["/b/k?OSSAccessKeyId=K&Expires=1&Signature=s", undefined, "V1-url"],
    [
      "/b/k?x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-signature=s",
      undefined,
      "V4-url",
    ],
    ["/b/k?x-oss-credential=K", undefined, "V4-url"],
    [
      "/b/k?x-oss-signature-version=OSS2&x-oss-signature=s",
      undefined,
      "V2-url",
    ],
    ["/b/k", "OSS K:c2ln", "V1-header"],
    [
      "/b/k",
      "OSS4-HMAC-SHA256 Credential=K/20261128/cn-hangzhou/oss/aliyun_v4_request,Signature=s",
      "V4-header",
    ],
    ["/b/k", "OSS2 AccessKeyId:K,Signature:s", "V2-header"],
    ["/b/k", "Bearer abc", "other-header"],
    ["/b/k?Signature=s&OSSAccessKeyId=K", "OSS K:s", "V1-url+V1-header"],
  ];
  for (const [target, authorization, expected] of cases) {
    await t.step(`${target} ${authorization ?? ""}`, () => {
      assert.equal(
        signatureKind(new URL(target, BASE), authorization),
        expected,
      );
    });
  }
});

Deno.test("formatRequestLine() writes the documented fields in order", async (t) => {
  const entry = {
    method: "GET",
    target: "/examplebucket/a.txt",
    host: undefined,
    status: 200,
    durationMs: 0.4,
    signature: "anonymous",
    code: undefined,
  };
  await t.step("a success", () => {
    assert.equal(
      formatRequestLine(entry),
      "GET /examplebucket/a.txt 200 0ms anonymous",
    );
  });
  await t.step("an error on a virtual host", () => {
    assert.equal(
      formatRequestLine({
        ...entry,
        method: "HEAD",
        target: "/a.txt",
        host: "examplebucket.oss-cn-hangzhou.aliyuncs.com",
        status: 403,
        durationMs: 12.6,
        signature: "V4-header",
        code: "SignatureDoesNotMatch",
      }),
      "HEAD /a.txt 403 13ms V4-header code=SignatureDoesNotMatch host=examplebucket.oss-cn-hangzhou.aliyuncs.com",
    );
  });
  await t.step("no control character or space gets through", () => {
    const line = formatRequestLine({
      ...entry,
      method: "GET\x1b[2J",
      host: "evil\nhost",
      code: "A B",
    });
    assert.equal(
      line,
      "GET?[2J /examplebucket/a.txt 200 0ms anonymous code=A?B host=evil?host",
    );
  });
});

Deno.test("startEmulator() reports each request to onRequest once it is answered", async () => {
  const config = await parseEmulatorConfig({
    buckets: [{
      name: "examplebucket",
      region: "cn-hangzhou",
      acl: "public-read",
      objects: [{ key: "a.txt", content: "a" }],
    }],
  });
  const entries: EmulatorRequestEntry[] = [];
  await using emulator = await startEmulator({
    config,
    onRequest: (entry) => entries.push(entry),
  });
  const response = await fetch(
    `${emulator.origin}/examplebucket/a.txt?Signature=secret-value&OSSAccessKeyId=K&Expires=1`,
  );
  await response.body?.cancel();
  const virtual = await emulator.fetch(
    "http://examplebucket.oss-cn-hangzhou.aliyuncs.com/missing.txt",
    { method: "HEAD" },
  );
  await virtual.body?.cancel();
  assert.equal(entries.length, 2);
  const [first, second] = entries;
  assert.ok(first!.durationMs >= 0);
  assert.deepEqual({ ...first, durationMs: 0 }, {
    method: "GET",
    target:
      "/examplebucket/a.txt?Signature=[redacted]&OSSAccessKeyId=K&Expires=1",
    host: undefined,
    status: response.status,
    durationMs: 0,
    signature: "V1-url",
    code: "AccessDenied",
  });
  assert.deepEqual({ ...second, durationMs: 0 }, {
    method: "HEAD",
    target: "/missing.txt",
    host: "examplebucket.oss-cn-hangzhou.aliyuncs.com",
    status: 404,
    durationMs: 0,
    signature: "anonymous",
    code: "NoSuchKey",
  });
});
