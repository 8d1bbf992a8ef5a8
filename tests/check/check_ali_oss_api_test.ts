import assert from "node:assert/strict";
import {
  classifyAliOssError,
  createAliOssBucketApi,
} from "../../src/check/ali_oss_api.ts";
import { BucketRequestError } from "../../src/check/bucket_api.ts";
import {
  fetchTransport,
  TransportError,
} from "../../src/check/fetch_transport.ts";
import type { BucketConfig } from "../../src/manifest/types.ts";
import { bucketData, KEY, PNG_BASE64, relativeTo } from "../_emulator.ts";
import { LIVE_STS, startLiveEmulator } from "../_live.ts";

const BUCKET: BucketConfig = { name: "examplebucket", region: "cn-hangzhou" };

Deno.test("createAliOssBucketApi() reads the emulator's bucket APIs", async (t) => {
  // Whole seconds: ListCname's dates carry no milliseconds.
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  await using emulator = await startLiveEmulator([{
    ...bucketData(now),
    referer: {
      allowEmptyReferer: false,
      refererList: ["https://app.example.com/*"],
      refererBlacklist: ["https://a.evil/*", "https://b.evil/*"],
    },
    objects: [
      ...(bucketData(now)["objects"] as unknown[]),
      { key: "spaced name+plus 报告.txt", content: "x" },
      {
        key: "stored.png",
        contentBase64: PNG_BASE64,
        contentDisposition: 'attachment; filename="stored.png"',
      },
    ],
  }]);
  for (const signature of ["v4", "v1"] as const) {
    await t.step(`signed ${signature}`, async (t) => {
      const api = await createAliOssBucketApi({
        bucket: { ...BUCKET, signature },
        credentials: KEY,
        endpoint: emulator.origin,
      });
      await t.step("GetBucketInfo", async () => {
        assert.deepEqual(await api.bucketInfo(), {
          creationDate: "2024-03-01T00:00:00.000Z",
          location: "oss-cn-hangzhou",
          acl: "private",
        });
      });
      await t.step(
        "GetBucketCors keeps ResponseVary and the rule order",
        async () => {
          assert.deepEqual(await api.cors(), {
            responseVary: true,
            rules: [
              {
                allowedOrigins: ["https://*.example.com"],
                allowedMethods: ["GET", "HEAD"],
                allowedHeaders: ["range", "x-oss-*"],
                exposeHeaders: ["ETag", "Content-Disposition"],
                maxAgeSeconds: 600,
              },
              {
                allowedOrigins: ["*"],
                allowedMethods: ["GET"],
                allowedHeaders: [],
                exposeHeaders: [],
                maxAgeSeconds: 60,
              },
            ],
          });
        },
      );
      await t.step(
        "ListCname with the certificate's dates in ISO 8601",
        async () => {
          const [cname] = await api.cnames();
          assert.deepEqual(cname, {
            domain: "static.example.com",
            status: "Enabled",
            certificate: {
              type: "CAS",
              certId: "493000-cn-hangzhou",
              status: "Enabled",
              validStartDate: relativeTo("2026-01-01T00:00:00Z", now),
              validEndDate: relativeTo("2027-06-30T00:00:00Z", now),
            },
          });
        },
      );
      await t.step("ListStyle", async () => {
        assert.deepEqual(await api.styles(), ["thumb"]);
      });
      await t.step(
        "GetBucketReferer with one and several entries",
        async () => {
          assert.deepEqual(await api.referer(), {
            allowEmptyReferer: false,
            allowTruncateQueryString: true,
            truncatePath: false,
            refererList: ["https://app.example.com/*"],
            refererBlacklist: ["https://a.evil/*", "https://b.evil/*"],
          });
        },
      );
      await t.step("HeadObject: found, versioned, missing", async () => {
        assert.deepEqual(await api.head("hello.txt", null), {
          contentType: "text/plain",
          contentDisposition: null,
          size: 12,
          versionId: null,
        });
        assert.deepEqual(await api.head("stored.txt", null), {
          contentType: "text/plain",
          contentDisposition: 'attachment; filename="stored.txt"',
          size: 6,
          versionId: null,
        });
        assert.equal(
          (await api.head("docs/changelog.txt", "v1") as { versionId: string })
            .versionId,
          "v1",
        );
        assert.equal(await api.head("docs/changelog.txt", "v9"), "not-found");
        assert.equal(await api.head("nope.txt", null), "not-found");
      });
      await t.step(
        "HeadObject on the default domain: OSS's forced attachment is flagged",
        async () => {
          const facts = await api.head("image.png", null);
          assert.ok(facts !== "not-found");
          assert.equal(facts.contentDisposition, "attachment");
          assert.equal(facts.forcedDownload, true);
          assert.equal(facts.contentType, "image/png");
        },
      );
      await t.step(
        "HeadObject with response-content-type: no forced download, the stored disposition shows",
        async () => {
          const options = { responseContentType: "application/octet-stream" };
          assert.deepEqual(await api.head("image.png", null, options), {
            contentType: "application/octet-stream",
            contentDisposition: null,
            size: 69,
            versionId: null,
          });
          const stored = await api.head("stored.png", null, options);
          assert.ok(stored !== "not-found");
          assert.equal(
            stored.contentDisposition,
            'attachment; filename="stored.png"',
          );
          assert.equal(stored.forcedDownload, undefined);
          assert.equal(
            (await api.head("docs/changelog.txt", "v1", options) as {
              versionId: string;
            }).versionId,
            "v1",
          );
        },
      );
      await t.step("ListObjectsV2 pages and decodes keys", async () => {
        const first = await api.listPage("", undefined);
        assert.equal(first.next, undefined);
        assert.ok(first.keys.includes("spaced name+plus 报告.txt"));
        assert.ok(first.keys.includes("docs/changelog.txt"));
        assert.deepEqual((await api.listPage("docs/", undefined)).keys, [
          "docs/changelog.txt",
        ]);
      });
      await t.step("the raw-processing probe is allowed here", async () => {
        assert.equal(await api.probeRawProcessing("image.png"), "allowed");
      });
    });
  }
});

Deno.test("createAliOssBucketApi() on a styles-only bucket and with STS", async () => {
  await using emulator = await startLiveEmulator();
  const warnings: unknown[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args);
  let api;
  try {
    api = await createAliOssBucketApi({
      bucket: { name: "examplebucket-gallery", region: "cn-hangzhou" },
      credentials: LIVE_STS,
      endpoint: emulator.origin,
    });
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(warnings, [], "ali-oss's STS warning is silenced");
  assert.equal(await api.probeRawProcessing("photos/a.png"), "refused");
  assert.equal(await api.cors(), "none");
  assert.equal((await api.bucketInfo()).acl, "public-read");
});

Deno.test("createAliOssBucketApi() reports a wrong secret as an OSS 403", async () => {
  await using emulator = await startLiveEmulator();
  const api = await createAliOssBucketApi({
    bucket: BUCKET,
    credentials: { ...KEY, accessKeySecret: "wrong-secret-value" },
    endpoint: emulator.origin,
  });
  for (
    const call of [() => api.bucketInfo(), () => api.head("hello.txt", null)]
  ) {
    await assert.rejects(call(), (error) => {
      assert.ok(error instanceof BucketRequestError);
      assert.equal(error.failure, "oss");
      assert.equal(error.status, 403);
      assert.equal(error.code, "SignatureDoesNotMatch");
      assert.equal(error.retryable, false);
      assert.ok(!error.message.includes("wrong-secret-value"));
      return true;
    });
  }
});

Deno.test("createAliOssBucketApi() refuses an endpoint that is not an http(s) URL", async () => {
  await assert.rejects(
    createAliOssBucketApi({
      bucket: BUCKET,
      credentials: KEY,
      endpoint: "ftp://example.com",
    }),
    {
      name: "TypeError",
      message:
        'Invalid endpoint "ftp://example.com": expected an http or https URL',
    },
  );
});

Deno.test("fetchTransport() tells connection failures and timeouts apart", async (t) => {
  await t.step("a refused connection, described without the URL", async () => {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    await assert.rejects(
      fetchTransport().request(`http://127.0.0.1:${port}/?cors`, {}),
      (error) => {
        assert.ok(error instanceof TransportError);
        assert.equal(error.status, -1);
        assert.match(
          error.message,
          new RegExp(
            `^cannot connect to "127\\.0\\.0\\.1:${port}": TCP connection failed \\(Connection refused`,
          ),
        );
        assert.ok(!error.message.includes("?cors"), error.message);
        return true;
      },
    );
  });
  await t.step("a body cut mid-way", async () => {
    const cut = (() =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("<ListBucketResult>"));
            controller.error(new Error("reset"));
          },
        }),
      )) as unknown as typeof fetch;
    await assert.rejects(
      fetchTransport({ fetch: cut }).request("http://x.invalid/", {}),
      {
        status: -1,
        name: "ConnectionError",
        message:
          /^connection to "x\.invalid" lost while reading the response: reset$/,
      },
    );
  });
  await t.step("a response slower than the timeout", async () => {
    const never = ((_: string, init: RequestInit) =>
      new Promise((_resolve, reject) =>
        init.signal?.addEventListener("abort", () =>
          reject(init.signal?.reason))
      )) as unknown as typeof fetch;
    await assert.rejects(
      fetchTransport({ fetch: never }).request("http://x.invalid/", {
        timeout: 20,
      }),
      {
        status: -2,
        name: "RequestTimeoutError",
        message: 'no complete response from "x.invalid" within 20 ms',
      },
    );
    // --timeout is whole seconds, told as the manifest writes durations.
    await assert.rejects(
      fetchTransport({ fetch: never }).request("http://x.invalid/", {
        timeout: 1000,
      }),
      { message: 'no complete response from "x.invalid" within 1s' },
    );
  });
  await t.step("a name that does not resolve names the host", async () => {
    // What Deno's fetch throws when DNS fails (no lookup happens here).
    const dnsFailure = ((url: string) =>
      Promise.reject(
        new TypeError("fetch failed", {
          cause: new Error(
            `error sending request for url (${url}): client error (Connect): dns error: failed to lookup address information: Name or service not known`,
          ),
        }),
      )) as unknown as typeof fetch;
    await assert.rejects(
      fetchTransport({ fetch: dnsFailure }).request(
        "https://examplebucket.oss-cn-shangai.aliyuncs.com/?cors",
        {},
      ),
      {
        status: -1,
        name: "ConnectionError",
        message:
          'cannot connect to "examplebucket.oss-cn-shangai.aliyuncs.com": the name does not resolve (DNS: failed to lookup address information: Name or service not known)',
      },
    );
  });
  await t.step(
    "the Host header ali-oss sets for IP endpoints is left to fetch",
    async () => {
      let seen: Headers | undefined;
      const spy = ((_: string, init: RequestInit) => {
        seen = new Headers(init.headers);
        return Promise.resolve(new Response("ok", { headers: { "x-a": "1" } }));
      }) as unknown as typeof fetch;
      const result = await fetchTransport({ fetch: spy }).request("http://x/", {
        headers: {
          host: "b.oss-cn-hangzhou.aliyuncs.com",
          "x-oss-date": "d",
          skip: undefined,
        },
      });
      assert.equal(seen?.get("host"), null);
      assert.equal(seen?.get("x-oss-date"), "d");
      assert.equal(result.status, 200);
      assert.equal(result.headers["x-a"], "1");
      assert.equal(result.data.toString(), "ok");
    },
  );
});

Deno.test("classifyAliOssError() sorts ali-oss failures", () => {
  const cases: [unknown, string, boolean, string][] = [
    [
      {
        status: 503,
        code: "ServiceUnavailable",
        message: "Please reduce your request rate.",
      },
      "oss",
      true,
      "503 ServiceUnavailable: Please reduce your request rate",
    ],
    [
      { status: 429, code: "TooManyRequests", message: "Slow down" },
      "oss",
      true,
      "429 TooManyRequests: Slow down",
    ],
    [
      { status: 404, code: "NoSuchKey", message: "Object not exists" },
      "oss",
      false,
      "404 NoSuchKey: Object not exists",
    ],
    [
      { status: 502, message: "Unclosed root tag\nraw xml: <Err" },
      "oss",
      true,
      "502 with an unreadable error body",
    ],
    [
      {
        status: -1,
        name: "ConnectionError",
        message: "cannot connect: refused",
      },
      "network",
      true,
      "cannot connect: refused",
    ],
    [
      {
        status: -2,
        name: "RequestTimeoutError",
        message: "no complete response within 5 ms",
      },
      "timeout",
      true,
      "timed out: no complete response within 5 ms",
    ],
    [
      new Error("Unclosed root tag\nLine: 8"),
      "malformed",
      false,
      "malformed response: Unclosed root tag",
    ],
  ];
  for (const [thrown, failure, retryable, message] of cases) {
    const error = classifyAliOssError(thrown);
    assert.equal(error.failure, failure, message);
    assert.equal(error.retryable, retryable, message);
    assert.equal(error.message, message);
  }
});

Deno.test("createAliOssBucketApi() refuses answers that lack what the checks need", async (t) => {
  const answering = (body: string) =>
    (() =>
      Promise.resolve(
        new Response(body, { headers: { "content-type": "application/xml" } }),
      )) as unknown as typeof fetch;
  const api = (body: string) =>
    createAliOssBucketApi({
      bucket: BUCKET,
      credentials: KEY,
      endpoint: "http://127.0.0.1:9",
      fetch: answering(body),
    });
  await t.step("BucketInfo without CreationDate", async () => {
    await assert.rejects(
      (await api(
        "<BucketInfo><Bucket><Name>examplebucket</Name></Bucket></BucketInfo>",
      ))
        .bucketInfo(),
      {
        name: "BucketRequestError",
        message: "malformed response: BucketInfo has no CreationDate",
      },
    );
  });
  await t.step("BucketInfo with an unknown grant", async () => {
    await assert.rejects(
      (await api(
        "<BucketInfo><Bucket><CreationDate>2024-03-01T00:00:00.000Z</CreationDate><AccessControlList><Grant>odd</Grant></AccessControlList></Bucket></BucketInfo>",
      )).bucketInfo(),
      {
        message:
          'malformed response: BucketInfo has no known ACL grant (got "odd")',
      },
    );
  });
  await t.step("a truncated listing without a token", async () => {
    await assert.rejects(
      (await api(
        "<ListBucketResult><IsTruncated>true</IsTruncated><KeyCount>0</KeyCount></ListBucketResult>",
      )).listPage("a/", undefined),
      {
        message:
          "malformed response: truncated listing without NextContinuationToken",
      },
    );
  });
  await t.step("XML cut in the middle", async () => {
    await assert.rejects(
      (await api("<CORSConfiguration><CORSRule><AllowedOrigin>*</Allo")).cors(),
      (error) => {
        assert.ok(error instanceof BucketRequestError);
        assert.equal(error.failure, "malformed");
        assert.equal(error.retryable, false);
        return true;
      },
    );
  });
});
