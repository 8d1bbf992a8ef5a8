import assert from "node:assert/strict";
import { presignUrl } from "../../mod.ts";
import { v1Signature, v1StringToSign } from "../../src/oss/v1.ts";
import {
  v4CanonicalRequest,
  v4Signature,
  v4SigningKey,
  v4StringToSign,
} from "../../src/oss/v4.ts";
import { Gen, randomRequest } from "../_random_requests.ts";

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

const BASE = {
  signature: "v4",
  method: "GET",
  bucket: "examplebucket",
  key: "a.txt",
  region: "oss-cn-hangzhou",
  credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
  signedAt: new Date("2026-11-28T09:00:00Z"),
  expires: 1800,
} as const;

Deno.test("presignUrl() refuses expiries the server would reject", async (t) => {
  for (const expires of [0, -1, 1.5, Number.NaN, Infinity]) {
    await t.step(`V1 and V4 refuse ${expires}`, () => {
      for (const signature of ["v1", "v4"] as const) {
        assert.throws(() => presignUrl({ ...BASE, signature, expires }), {
          name: "RangeError",
          message:
            `Expiry must be a positive whole number of seconds: got "${expires}"`,
        });
      }
    });
  }
  await t.step("V4 refuses more than 7 days, V1 accepts it", () => {
    assert.throws(() => presignUrl({ ...BASE, expires: 604801 }), {
      name: "RangeError",
      message:
        'V4 expiry must be at most 604800 seconds (7 days): got "604801"',
    });
    const v4 = new URL(presignUrl({ ...BASE, expires: 604800 }));
    assert.equal(v4.searchParams.get("x-oss-expires"), "604800");
    const v1 = new URL(
      presignUrl({ ...BASE, signature: "v1", expires: 604801 }),
    );
    assert.equal(v1.searchParams.get("Expires"), String(1795856400 + 604801));
  });
  await t.step("an invalid signing time is refused", () => {
    assert.throws(
      () => presignUrl({ ...BASE, signedAt: new Date(Number.NaN) }),
      { name: "RangeError", message: "Signing time is not a valid date" },
    );
  });
});

Deno.test("presignUrl() refuses query parameters the signer sets", async (t) => {
  const reserved = {
    v1: ["OSSAccessKeyId", "Expires", "Signature", "security-token"],
    v4: [
      "x-oss-additional-headers",
      "x-oss-credential",
      "x-oss-date",
      "x-oss-expires",
      "x-oss-security-token",
      "x-oss-signature",
      "x-oss-signature-version",
    ],
  };
  for (const signature of ["v1", "v4"] as const) {
    for (const name of reserved[signature]) {
      await t.step(`${signature} ${name}`, () => {
        assert.throws(
          () => presignUrl({ ...BASE, signature, query: { [name]: "x" } }),
          {
            name: "TypeError",
            message:
              `Query parameter "${name}" is reserved: the ${signature.toUpperCase()} signer sets it`,
          },
        );
      });
    }
  }
  await t.step("the other algorithm's names are ordinary parameters", () => {
    const url = presignUrl({ ...BASE, query: { Signature: "x" } });
    assert.equal(new URL(url).searchParams.get("Signature"), "x");
  });
});

Deno.test("presignUrl() treats an empty STS token as no token", () => {
  const credentials = { ...BASE.credentials, securityToken: "" };
  const v1 = new URL(presignUrl({ ...BASE, signature: "v1", credentials }));
  const v4 = new URL(presignUrl({ ...BASE, credentials }));
  assert.equal(v1.searchParams.has("security-token"), false);
  assert.equal(v4.searchParams.has("x-oss-security-token"), false);
  assert.equal(
    presignUrl({ ...BASE, credentials }),
    presignUrl({ ...BASE }),
  );
});

Deno.test("presignUrl() sorts the URL query by encoded name, bare names for empty values", () => {
  const url = presignUrl({
    ...BASE,
    query: { "x-oss-process": "style/thumb", "Z": "", "a b": "c d" },
  });
  const query = url.slice(url.indexOf("?") + 1);
  const names = query.split("&").map((pair) => pair.split("=")[0]);
  assert.deepEqual(names, [
    "Z",
    "a%20b",
    "x-oss-credential",
    "x-oss-date",
    "x-oss-expires",
    "x-oss-process",
    "x-oss-signature",
    "x-oss-signature-version",
  ]);
  assert.ok(query.startsWith("Z&a%20b=c%20d&"));
});

Deno.test("presignUrl() builds the default, custom and path-style hosts", () => {
  assert.ok(
    presignUrl(BASE).startsWith(
      "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/a.txt?",
    ),
  );
  const custom = presignUrl({ ...BASE, host: "static.example.com" });
  assert.ok(custom.startsWith("https://static.example.com/a.txt?"));
  const local = presignUrl({
    ...BASE,
    host: "127.0.0.1:9000",
    pathStyle: true,
    https: false,
  });
  assert.ok(local.startsWith("http://127.0.0.1:9000/examplebucket/a.txt?"));
  // The bucket is in the canonical URI whatever the host: same signature.
  const sig = (url: string) => new URL(url).searchParams.get("x-oss-signature");
  assert.equal(sig(custom), sig(presignUrl(BASE)));
  assert.equal(sig(local), sig(presignUrl(BASE)));
});

Deno.test("presignUrl() URLs verify with the exported canonical functions", async (t) => {
  const g = new Gen(0x7e51f1);
  for (const signature of ["v1", "v4"] as const) {
    await t.step(signature, () => {
      for (let i = 0; i < 1000; i++) {
        const request = { ...randomRequest(g), signature };
        const url = new URL(presignUrl(request));
        // What a verifier sees: the decoded key and query of the URL.
        const key = decodeURIComponent(url.pathname.slice(1));
        const query = Object.fromEntries(url.searchParams);
        assert.equal(key, request.key);
        const secret = request.credentials.accessKeySecret;
        const headers = request.headers ?? {};
        if (signature === "v1") {
          const { Signature: sig, OSSAccessKeyId: _, Expires, ...rest } = query;
          const stringToSign = v1StringToSign({
            method: request.method,
            expiresOrDate: Expires!,
            headers,
            bucket: request.bucket,
            key,
            query: rest,
          });
          assert.equal(v1Signature(secret, stringToSign), sig);
        } else {
          const { "x-oss-signature": sig, ...rest } = query;
          const dateTime = rest["x-oss-date"]!;
          const scope = rest["x-oss-credential"]!.split("/").slice(1).join("/");
          const [date8, region, product] = scope.split("/") as [
            string,
            string,
            string,
          ];
          const canonical = v4CanonicalRequest({
            method: request.method,
            bucket: request.bucket,
            key,
            query: rest,
            headers,
            additionalHeaders: (rest["x-oss-additional-headers"] ?? "")
              .split(";").filter((name) => name !== ""),
          });
          assert.equal(
            v4Signature(
              v4SigningKey(secret, date8, region, product),
              v4StringToSign(dateTime, scope, canonical),
            ),
            sig,
          );
        }
      }
    });
  }
});
