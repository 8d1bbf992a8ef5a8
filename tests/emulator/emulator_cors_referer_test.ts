import assert from "node:assert/strict";
import { presignUrl } from "../../src/sign/presign.ts";
import {
  bucketData,
  pathStyleRequest,
  send,
  startTestEmulator,
  testConfig,
  xmlValue,
} from "../_emulator.ts";

function preflight(
  url: string,
  origin: string,
  method: string,
  headers?: string,
): Promise<ReturnType<typeof send> extends Promise<infer T> ? T : never> {
  const init: Record<string, string> = {
    origin,
    "access-control-request-method": method,
  };
  if (headers !== undefined) init["access-control-request-headers"] = headers;
  return send(url, { method: "OPTIONS", headers: init });
}

Deno.test("emulator answers CORS preflights from the bucket rules", async (t) => {
  await using emulator = await startTestEmulator();
  const url = `${emulator.origin}/examplebucket/hello.txt`;

  await t.step(
    "an allowed origin, method and headers (case-insensitive)",
    async () => {
      const response = await preflight(
        url,
        "https://app.example.com",
        "GET",
        "Range, X-OSS-Meta-A",
      );
      assert.equal(response.status, 200);
      assert.equal(
        response.headers.get("access-control-allow-origin"),
        "https://app.example.com",
      );
      assert.equal(
        response.headers.get("access-control-allow-methods"),
        "GET, HEAD",
      );
      assert.equal(
        response.headers.get("access-control-allow-headers"),
        "range, x-oss-meta-a",
      );
      assert.equal(
        response.headers.get("access-control-expose-headers"),
        "ETag, Content-Disposition",
      );
      assert.equal(response.headers.get("access-control-max-age"), "600");
      assert.equal(response.headers.get("vary"), "Origin");
    },
  );

  await t.step("the first matching rule wins", async () => {
    const first = await preflight(url, "https://a.example.com", "GET");
    assert.equal(first.headers.get("access-control-max-age"), "600");
    const second = await preflight(url, "https://elsewhere.org", "GET");
    assert.equal(second.status, 200);
    assert.equal(second.headers.get("access-control-max-age"), "60");
    assert.equal(second.headers.get("access-control-expose-headers"), null);
  });

  await t.step("a preflight is not authenticated", async () => {
    const response = await preflight(
      `${url}?OSSAccessKeyId=nobody&Expires=1&Signature=bad`,
      "https://app.example.com",
      "GET",
    );
    assert.equal(response.status, 200);
  });

  await t.step("denied: method, header or origin not allowed", async () => {
    for (
      const [origin, method, headers] of [
        ["https://elsewhere.org", "HEAD", undefined],
        ["https://elsewhere.org", "GET", "range"],
        ["https://app.example.com", "PUT", undefined],
        ["https://app.example.com", "GET", "authorization"],
        ["http://app.example.com", "PUT", undefined],
      ] as const
    ) {
      const response = await preflight(url, origin, method, headers);
      assert.equal(response.status, 403, `${origin} ${method} ${headers}`);
      assert.equal(xmlValue(response.text, "Code"), "AccessForbidden");
      assert.match(xmlValue(response.text, "Message") ?? "", /^CORSResponse: /);
      assert.equal(response.headers.get("access-control-allow-origin"), null);
    }
  });

  await t.step("denied: no Origin, or no CORS configuration", async () => {
    const bare = await send(url, {
      method: "OPTIONS",
      headers: { "access-control-request-method": "GET" },
    });
    assert.equal(bare.status, 403);
    const { cors: _cors, ...noCors } = bucketData();
    await using plain = await startTestEmulator(await testConfig([noCors]));
    const response = await preflight(
      `${plain.origin}/examplebucket/hello.txt`,
      "https://app.example.com",
      "GET",
    );
    assert.equal(response.status, 403);
    assert.equal(xmlValue(response.text, "Code"), "AccessForbidden");
    assert.equal(response.headers.get("vary"), null);
  });

  await t.step(
    "an origin pattern has one wildcard that may span dots",
    async () => {
      const config = await testConfig([{
        ...bucketData(),
        cors: {
          rules: [{
            allowedOrigins: ["http://localhost:*"],
            allowedMethods: ["GET"],
          }],
        },
      }]);
      await using local = await startTestEmulator(config);
      const target = `${local.origin}/examplebucket/hello.txt`;
      assert.equal(
        (await preflight(target, "http://localhost:5173", "GET")).status,
        200,
      );
      assert.equal(
        (await preflight(target, "http://localhost", "GET")).status,
        403,
      );
      const response = await preflight(target, "http://localhost:5173", "GET");
      assert.equal(
        response.headers.get("vary"),
        null,
        "no Vary without ResponseVary",
      );
    },
  );
});

Deno.test("emulator adds CORS headers to actual responses", async (t) => {
  await using emulator = await startTestEmulator();
  const url = presignUrl(pathStyleRequest(emulator.port));

  await t.step(
    "a matching origin gets Allow-Origin and Expose-Headers",
    async () => {
      const response = await send(url, {
        headers: { origin: "https://app.example.com" },
      });
      assert.equal(response.status, 200);
      assert.equal(
        response.headers.get("access-control-allow-origin"),
        "https://app.example.com",
      );
      assert.equal(
        response.headers.get("access-control-expose-headers"),
        "ETag, Content-Disposition",
      );
      assert.equal(response.headers.get("vary"), "Origin");
    },
  );

  await t.step(
    "an error response gets them too, so a page can read it",
    async () => {
      const response = await send(
        `${emulator.origin}/examplebucket/hello.txt`,
        {
          headers: { origin: "https://app.example.com" },
        },
      );
      assert.equal(response.status, 403);
      assert.equal(
        response.headers.get("access-control-allow-origin"),
        "https://app.example.com",
      );
    },
  );

  await t.step(
    "Vary: Origin is sent with ResponseVary even without an Origin",
    async () => {
      const response = await send(url);
      assert.equal(response.headers.get("vary"), "Origin");
      assert.equal(response.headers.get("access-control-allow-origin"), null);
    },
  );
});

Deno.test("emulator enforces Referer rules on URL-signed and anonymous requests", async (t) => {
  const config = await testConfig([{
    ...bucketData(),
    acl: "public-read",
    referer: {
      allowEmptyReferer: false,
      refererList: ["https://*.example.com/*", "https://app.example.org"],
      refererBlacklist: ["https://evil.example.com/*"],
    },
  }]);
  await using emulator = await startTestEmulator(config);
  const url = `${emulator.origin}/examplebucket/hello.txt`;
  const cases: [string, number, string | undefined][] = [
    ["https://www.example.com/page", 200, undefined],
    ["https://app.example.org?from=mail", 200, undefined],
    ["https://app.example.org/page", 403, "0003-00000503"],
    ["https://other.org/", 403, "0003-00000503"],
    ["https://evil.example.com/x", 403, "0003-00000502"],
  ];
  for (const [referer, status, ec] of cases) {
    await t.step(referer, async () => {
      const response = await send(url, { headers: { referer } });
      assert.equal(response.status, status);
      if (ec !== undefined) {
        assert.equal(
          xmlValue(response.text, "Message"),
          "You are denied by bucket referer policy.",
        );
        assert.equal(xmlValue(response.text, "EC"), ec);
      }
    });
  }
  await t.step("an empty Referer when it is not allowed", async () => {
    const response = await send(url);
    assert.equal(response.status, 403);
    assert.equal(xmlValue(response.text, "EC"), "0003-00000501");
  });
  await t.step("a signed URL is checked too", async () => {
    const signed = presignUrl(
      pathStyleRequest(emulator.port, { signature: "v1" }),
    );
    assert.equal((await send(signed)).status, 403);
    assert.equal(
      (await send(signed, { headers: { referer: "https://a.example.com/" } }))
        .status,
      200,
    );
  });
  await t.step("truncatePath compares only the origin", async () => {
    const truncating = await testConfig([{
      ...bucketData(),
      acl: "public-read",
      referer: { truncatePath: true, refererList: ["https://app.example.org"] },
    }]);
    await using other = await startTestEmulator(truncating);
    const response = await send(`${other.origin}/examplebucket/hello.txt`, {
      headers: { referer: "https://app.example.org/deep/page?x=1" },
    });
    assert.equal(response.status, 200);
  });
});
