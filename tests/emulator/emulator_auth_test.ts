import assert from "node:assert/strict";
import { parseDateTime } from "../../src/oss/auth_v4.ts";
import { type PresignRequest, presignUrl } from "../../src/sign/presign.ts";
import {
  bucketData,
  EXPIRED_STS,
  KEY,
  NOW,
  pathStyleRequest as request,
  seededRandom,
  send,
  startTestEmulator,
  STS,
  TestClock,
  testConfig,
  xmlValue,
} from "../_emulator.ts";

const PIECES = [
  ..."abcXYZ019",
  " ",
  "+",
  "!",
  "'",
  "(",
  ")",
  "*",
  "~",
  "%",
  "&",
  "=",
  "?",
  "#",
  ";",
  "@",
  "中",
  "报告",
  "é",
  "😀",
  "-",
  "_",
  ".",
];

function randomKey(random: () => number): string {
  const segments: string[] = [];
  const count = 1 + Math.floor(random() * 3);
  while (segments.length < count) {
    let segment = "";
    const length = 1 + Math.floor(random() * 6);
    for (let i = 0; i < length; i++) {
      segment += PIECES[Math.floor(random() * PIECES.length)];
    }
    if (segment !== "." && segment !== "..") segments.push(segment);
  }
  return segments.join("/");
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

Deno.test("emulator accepts presignUrl links for random keys, signatures, credentials and overrides", async () => {
  const random = seededRandom(20261128);
  const keys = [
    ...new Set(Array.from({ length: 40 }, () => randomKey(random))),
  ];
  const base = bucketData();
  const config = await testConfig([{
    ...base,
    objects: keys.map((key) => ({ key, content: `body of ${key}` })),
  }]);
  await using emulator = await startTestEmulator(config);
  const via = emulator;
  const hosts = [
    { host: `127.0.0.1:${emulator.port}`, pathStyle: true },
    { host: emulator.bucketHost("examplebucket"), pathStyle: false },
    { host: undefined, pathStyle: false }, // examplebucket.oss-cn-hangzhou.aliyuncs.com
    { host: "static.example.com", pathStyle: false },
  ];
  for (let i = 0; i < 80; i++) {
    const key = pick(random, keys);
    const signature = pick(random, ["v1", "v4"] as const);
    const query: Record<string, string> = {};
    if (random() < 0.5) {
      query["response-content-type"] = "text/plain; charset=utf-8";
    }
    if (random() < 0.5) {
      query["response-content-disposition"] =
        `attachment; filename="a b.txt"; filename*=UTF-8''${
          encodeURIComponent("报告 (1).txt")
        }`;
    }
    if (random() < 0.3) query["response-cache-control"] = "no-store";
    if (random() < 0.3) query["response-content-language"] = "zh-CN";
    if (random() < 0.3) query["x-oss-process"] = "style/thumb";
    const expires = signature === "v4"
      ? 1 + Math.floor(random() * 604800)
      : 1 + Math.floor(random() * 1e7);
    const age = Math.floor(random() * Math.min(expires - 1, 3600));
    const url = presignUrl(request(emulator.port, {
      signature,
      key,
      ...pick(random, hosts),
      credentials: random() < 0.5 ? KEY : STS,
      signedAt: new Date(NOW.getTime() - age * 1000),
      expires,
      query,
    }));
    const response = await send(url, { via });
    assert.equal(response.status, 200, `${url}\n${response.text}`);
    assert.equal(response.text, `body of ${key}`);
    for (const [name, value] of Object.entries(query)) {
      if (name.startsWith("response-")) {
        assert.equal(
          response.headers.get(name.slice("response-".length)),
          value,
        );
      }
    }
  }
});

/** The codes a tampered parameter may give, by parameter name. */
const TAMPER_CODES: Readonly<Record<string, readonly string[]>> = {
  Signature: ["SignatureDoesNotMatch"],
  "x-oss-signature": ["SignatureDoesNotMatch"],
  OSSAccessKeyId: ["InvalidAccessKeyId"],
  Expires: ["SignatureDoesNotMatch", "AccessDenied"],
  "security-token": ["AccessKeyIdAndSecurityTokenNotMatch"],
  "x-oss-security-token": ["AccessKeyIdAndSecurityTokenNotMatch"],
  "x-oss-credential": ["InvalidAccessKeyId", "InvalidArgument"],
  "x-oss-date": [
    "InvalidArgument",
    "AccessDenied",
    "SignatureDoesNotMatch",
    "RequestTimeTooSkewed",
  ],
  "x-oss-expires": ["InvalidArgument", "AccessDenied", "SignatureDoesNotMatch"],
  "x-oss-signature-version": ["InvalidArgument"],
};

const REPLACEMENTS =
  "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Every URL that differs from `url` in one character of one parameter value or of the path. */
function* tampered(
  url: string,
  pathStyle: boolean,
  random: () => number,
): Generator<[string, string]> {
  const [base = "", search = ""] = url.split("?");
  const pairs = search.split("&").map((pair) => {
    const at = pair.indexOf("=");
    return [pair.slice(0, at), decodeURIComponent(pair.slice(at + 1))] as const;
  });
  const change = (text: string, index: number) => {
    const chars = [...text];
    let replacement = chars[index];
    while (replacement === chars[index]) {
      replacement = REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)];
    }
    chars[index] = replacement!;
    return chars.join("");
  };
  for (const [index, [name, value]] of pairs.entries()) {
    for (let at = 0; at < [...value].length; at++) {
      const query = pairs.map(([n, v], i) =>
        `${n}=${encodeURIComponent(i === index ? change(value, at) : v)}`
      ).join("&");
      yield [name, `${base}?${query}`];
    }
  }
  const pathStart = base.indexOf("/", "http://".length);
  const path = decodeURIComponent(base.slice(pathStart));
  const keyStart = pathStyle ? path.indexOf("/", 1) + 1 : 1;
  for (let at = keyStart; at < [...path].length; at++) {
    const changed = change(path, at).split("/").map(encodeURIComponent).join(
      "/",
    );
    yield ["(key)", `${base.slice(0, pathStart)}${changed}?${search}`];
  }
}

Deno.test("emulator rejects every single-character tamper of a signed link", async (t) => {
  await using emulator = await startTestEmulator();
  const via = emulator;
  const random = seededRandom(7);
  const query = {
    "response-content-disposition": 'attachment; filename="q3.txt"',
    "response-content-type": "text/plain",
    "x-oss-process": "style/thumb",
  };
  const cases: [string, PresignRequest][] = [
    ["V1, path style", request(emulator.port, { signature: "v1", query })],
    [
      "V1 STS, virtual host",
      request(emulator.port, {
        signature: "v1",
        credentials: STS,
        host: emulator.bucketHost("examplebucket"),
        pathStyle: false,
      }),
    ],
    [
      "V4, custom domain",
      request(emulator.port, {
        host: "static.example.com",
        pathStyle: false,
        query,
      }),
    ],
    ["V4 STS, path style", request(emulator.port, { credentials: STS, query })],
  ];
  for (const [name, presign] of cases) {
    await t.step(name, async () => {
      const url = presignUrl(presign);
      const control = await send(url, { via });
      assert.equal(control.status, 200, control.text);
      let count = 0;
      for (
        const [parameter, bad] of tampered(
          url,
          presign.pathStyle ?? false,
          random,
        )
      ) {
        const response = await send(bad, { via });
        const code = xmlValue(response.text, "Code");
        const allowed = TAMPER_CODES[parameter] ?? ["SignatureDoesNotMatch"];
        assert.ok(
          code !== undefined && allowed.includes(code),
          `${parameter}: ${response.status} ${code}\n${bad}`,
        );
        count++;
      }
      assert.ok(count > 50, `only ${count} tampered URLs`);
    });
  }
});

Deno.test("emulator rejects links with the OSS error codes", async (t) => {
  const clock = new TestClock();
  await using emulator = await startTestEmulator(undefined, clock);
  const port = emulator.port;

  await t.step(
    "an expired link, expiry checked against the injected clock",
    async () => {
      for (const signature of ["v1", "v4"] as const) {
        const url = presignUrl(request(port, { signature, expires: 60 }));
        assert.equal((await send(url)).status, 200);
        clock.advance(60);
        assert.equal(
          (await send(url)).status,
          200,
          "valid at the expiry second",
        );
        clock.advance(1);
        const response = await send(url);
        assert.equal(response.status, 403);
        assert.equal(xmlValue(response.text, "Code"), "AccessDenied");
        assert.equal(
          xmlValue(response.text, "Message"),
          "Request has expired.",
        );
        assert.equal(xmlValue(response.text, "EC"), "0002-00000069");
        assert.equal(response.headers.get("x-oss-ec"), "0002-00000069");
        assert.equal(
          xmlValue(response.text, "Expires"),
          "2026-11-28T09:01:00.000Z",
        );
        assert.equal(
          xmlValue(response.text, "ServerTime"),
          "2026-11-28T09:01:01.000Z",
        );
        clock.advance(-61);
      }
    },
  );

  await t.step("expiry is checked before the signature", async () => {
    const url = presignUrl(request(port, {
      signature: "v1",
      credentials: { ...KEY, accessKeySecret: "wrong" },
      signedAt: new Date(NOW.getTime() - 3600_000),
      expires: 60,
    }));
    const response = await send(url);
    assert.equal(xmlValue(response.text, "EC"), "0002-00000069");
  });

  await t.step("a link signed for another region", async () => {
    const url = presignUrl(request(port, { region: "cn-beijing" }));
    const response = await send(url);
    assert.equal(response.status, 400);
    assert.equal(xmlValue(response.text, "Code"), "InvalidArgument");
    assert.equal(xmlValue(response.text, "EC"), "0002-00000228");
    const via = emulator;
    const hosted = presignUrl(request(port, {
      region: "cn-beijing",
      host: "examplebucket.oss-cn-hangzhou.aliyuncs.com",
      pathStyle: false,
    }));
    assert.equal(
      xmlValue((await send(hosted, { via })).text, "EC"),
      "0002-00000226",
    );
    const wrongEndpoint = presignUrl(request(port, {
      region: "cn-beijing",
      host: "examplebucket.oss-cn-beijing.aliyuncs.com",
      pathStyle: false,
    }));
    const endpoint = await send(wrongEndpoint, { via });
    assert.equal(endpoint.status, 403);
    assert.equal(
      xmlValue(endpoint.text, "Endpoint"),
      "oss-cn-hangzhou.aliyuncs.com",
    );
  });

  await t.step(
    "a wrong secret, with the string to sign in the error",
    async () => {
      const v1 = await send(presignUrl(request(port, {
        signature: "v1",
        credentials: { ...KEY, accessKeySecret: "wrong" },
      })));
      assert.equal(v1.status, 403);
      assert.equal(xmlValue(v1.text, "Code"), "SignatureDoesNotMatch");
      assert.equal(
        xmlValue(v1.text, "StringToSign"),
        `GET\n\n\n${NOW.getTime() / 1000 + 600}\n/examplebucket/hello.txt`,
      );
      const v4 = await send(presignUrl(request(port, {
        credentials: { ...KEY, accessKeySecret: "wrong" },
      })));
      assert.equal(xmlValue(v4.text, "Code"), "SignatureDoesNotMatch");
      assert.match(
        xmlValue(v4.text, "StringToSign") ?? "",
        /^OSS4-HMAC-SHA256\n20261128T090000Z\n20261128\/cn-hangzhou\/oss\/aliyun_v4_request\n[0-9a-f]{64}$/,
      );
      assert.match(
        xmlValue(v4.text, "CanonicalRequest") ?? "",
        /^GET\n\/examplebucket\/hello\.txt\n/,
      );
    },
  );

  await t.step("an unknown AccessKey", async () => {
    for (const signature of ["v1", "v4"] as const) {
      const response = await send(presignUrl(request(port, {
        signature,
        credentials: { ...KEY, accessKeyId: "LTAI5tUnknown" },
      })));
      assert.equal(response.status, 403);
      assert.equal(xmlValue(response.text, "Code"), "InvalidAccessKeyId");
      assert.equal(xmlValue(response.text, "OSSAccessKeyId"), "LTAI5tUnknown");
    }
  });

  await t.step("a missing, wrong or expired STS token", async () => {
    for (const signature of ["v1", "v4"] as const) {
      const missing = await send(presignUrl(request(port, {
        signature,
        credentials: { ...STS, securityToken: undefined },
      })));
      assert.equal(xmlValue(missing.text, "Code"), "InvalidSecurityToken");
      const wrong = await send(presignUrl(request(port, {
        signature,
        credentials: { ...STS, securityToken: "other" },
      })));
      assert.equal(
        xmlValue(wrong.text, "Code"),
        "AccessKeyIdAndSecurityTokenNotMatch",
      );
      const expired = await send(
        presignUrl(request(port, { signature, credentials: EXPIRED_STS })),
      );
      assert.equal(expired.status, 403);
      assert.equal(xmlValue(expired.text, "Code"), "SecurityTokenExpired");
      assert.equal(xmlValue(expired.text, "EC"), "0002-00000007");
      const token = await send(presignUrl(request(port, {
        signature,
        credentials: { ...KEY, securityToken: "unexpected" },
      })));
      assert.equal(xmlValue(token.text, "Code"), "InvalidSecurityToken");
    }
  });

  await t.step(
    "a URL signature together with an Authorization header",
    async () => {
      const url = presignUrl(request(port));
      const response = await send(url, {
        headers: { authorization: "OSS a:b" },
      });
      assert.equal(response.status, 400);
      assert.equal(xmlValue(response.text, "Code"), "InvalidArgument");
      assert.match(xmlValue(response.text, "Message") ?? "", /not both/);
    },
  );

  await t.step("malformed V1 and V4 parameters", async () => {
    const origin = `http://127.0.0.1:${port}/examplebucket/hello.txt`;
    const ecOf = async (query: string) =>
      xmlValue((await send(`${origin}?${query}`)).text, "EC");
    assert.equal(await ecOf("OSSAccessKeyId=a&Signature=b"), "0002-00000067");
    assert.equal(
      await ecOf("OSSAccessKeyId=a&Signature=b&Expires="),
      "0002-00000068",
    );
    assert.equal(
      await ecOf("OSSAccessKeyId=a&Signature=b&Expires=soon"),
      "0002-00000070",
    );
    const v4 = new URL(presignUrl(request(port)));
    v4.searchParams.set("x-oss-expires", "604801");
    assert.equal(xmlValue((await send(v4.href)).text, "EC"), "0002-00000232");
    v4.searchParams.delete("x-oss-expires");
    assert.equal(xmlValue((await send(v4.href)).text, "EC"), "0002-00000215");
  });

  await t.step("a key of another bucket", async () => {
    const other = {
      ...bucketData(),
      name: "otherbucket",
      credentials: [{ accessKeyId: "LTAI5tOther", accessKeySecret: "other" }],
      domains: [],
    };
    await using second = await startTestEmulator(
      await testConfig([bucketData(), other]),
    );
    const response = await send(presignUrl(request(second.port, {
      credentials: { accessKeyId: "LTAI5tOther", accessKeySecret: "other" },
    })));
    assert.equal(response.status, 403);
    assert.equal(xmlValue(response.text, "Code"), "AccessDenied");
    assert.equal(
      xmlValue(response.text, "Message"),
      "The bucket you access does not belong to you.",
    );
  });

  await t.step(
    "V1 ignores an appended unsigned parameter, V4 does not",
    async () => {
      const v1 = `${presignUrl(request(port, { signature: "v1" }))}&t=123`;
      assert.equal((await send(v1)).status, 200);
      const v4 = `${presignUrl(request(port))}&t=123`;
      assert.equal(
        xmlValue((await send(v4)).text, "Code"),
        "SignatureDoesNotMatch",
      );
    },
  );

  await t.step(
    "a literal + in the query is a space, so an unencoded Signature fails",
    async () => {
      let url = "";
      for (let expires = 600; !url.includes("%2B"); expires++) {
        url = presignUrl(request(port, { signature: "v1", expires }));
      }
      assert.equal((await send(url)).status, 200);
      const mangled = url.replace(
        /Signature=[^&]*/,
        (part) => part.replaceAll("%2B", "+"),
      );
      assert.equal(
        xmlValue((await send(mangled)).text, "Code"),
        "SignatureDoesNotMatch",
      );
    },
  );

  await t.step("anonymous reads need a public-read ACL", async () => {
    const response = await send(
      `http://127.0.0.1:${port}/examplebucket/hello.txt`,
    );
    assert.equal(response.status, 403);
    assert.equal(xmlValue(response.text, "Code"), "AccessDenied");
    await using open = await startTestEmulator(
      await testConfig([{ ...bucketData(), acl: "public-read" }]),
    );
    const anonymous = await send(`${open.origin}/examplebucket/hello.txt`);
    assert.equal(anonymous.status, 200);
    assert.equal(anonymous.text, "hello, world");
  });
});

Deno.test("emulator refuses a V4 x-oss-date that names no real time", () => {
  assert.equal(
    parseDateTime("20261128T090000Z")?.toISOString(),
    "2026-11-28T09:00:00.000Z",
  );
  for (
    const value of ["20260230T000000Z", "20261128T240000Z", "00991128T090000Z"]
  ) {
    assert.equal(parseDateTime(value), undefined, value);
  }
});
