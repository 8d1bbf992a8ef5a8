/**
 * ali-oss 6.23 against the emulator: header-signed API calls (V1 and V4),
 * listing with paging, and the URLs its signers make. ali-oss signs with
 * the real clock, so the emulator's injected clock is fixed at the time the
 * test starts. ali-oss keeps sockets alive after a test, so these tests turn
 * the resource and op sanitizers off.
 */
import assert from "node:assert/strict";
import OSS from "npm:ali-oss@6.23.0";
import type { EmulatorHandle } from "../../src/emulator/server.ts";
import {
  aliOssOptions,
  bucketData,
  send,
  startTestEmulator,
  STS,
  TestClock,
  testConfig,
} from "../_emulator.ts";

const MANY = 1205;

async function aliEmulator(clock: TestClock): Promise<EmulatorHandle> {
  const base = bucketData(clock.now());
  return await startTestEmulator(
    await testConfig([{
      ...base,
      objects: [
        ...(base.objects as Record<string, unknown>[]),
        ...Array.from({ length: MANY }, (_, i) => ({
          key: `many/${String(i).padStart(4, "0")}.txt`,
          content: String(i),
        })),
      ],
      referer: {
        allowEmptyReferer: false,
        refererList: ["https://app.example.com/*"],
      },
    }]),
    clock,
  );
}

/** An ali-oss client on the emulator: an IP endpoint makes it send the bucket's virtual host in `Host`. */
function aliClient(
  emulator: EmulatorHandle,
  options: Record<string, unknown> = {},
): OSS {
  return new OSS(aliOssOptions(emulator, options));
}

/** ali-oss options for the STS key (with a refresher, which ali-oss asks for). */
function stsOptions(): Record<string, unknown> {
  const credentials = {
    accessKeyId: STS.accessKeyId,
    accessKeySecret: STS.accessKeySecret,
    stsToken: STS.securityToken,
  };
  return {
    ...credentials,
    refreshSTSToken: () => Promise.resolve(credentials),
    refreshSTSTokenInterval: 3_600_000,
  };
}

const ALI = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "emulator serves ali-oss header-signed calls (V1 and V4)",
  ...ALI,
  fn: async (t) => {
    await using emulator = await aliEmulator(new TestClock(new Date()));
    for (const authorizationV4 of [false, true]) {
      const client = aliClient(emulator, { authorizationV4 });
      const label = authorizationV4 ? "V4" : "V1";

      await t.step(`${label}: getBucketCORS`, async () => {
        const result = await client.getBucketCORS("examplebucket");
        assert.equal(result.rules.length, 2);
        assert.equal(result.rules[0].allowedOrigin, "https://*.example.com");
        assert.deepEqual(result.rules[0].allowedMethod, ["GET", "HEAD"]);
        assert.equal(result.rules[1].maxAgeSeconds, "60");
      });

      await t.step(
        `${label}: head, and the Referer rule does not apply to header auth`,
        async () => {
          const result = await client.head("hello.txt");
          assert.equal(result.status, 200);
          assert.equal(result.res.headers["content-length"], "12");
          assert.equal(
            result.res.headers["etag"],
            '"E4D7F1B4ED2E42D15898F4B27B019DA4"',
          );
        },
      );

      await t.step(
        `${label}: head on a missing key throws NoSuchKey`,
        async () => {
          await assert.rejects(client.head("missing.txt"), {
            code: "NoSuchKey",
            status: 404,
          });
        },
      );

      await t.step(
        `${label}: a wrong secret is SignatureDoesNotMatch, read from x-oss-err`,
        async () => {
          const wrong = aliClient(emulator, {
            authorizationV4,
            accessKeySecret: "wrong",
          });
          await assert.rejects(wrong.head("hello.txt"), {
            code: "SignatureDoesNotMatch",
            status: 403,
          });
          await assert.rejects(wrong.getBucketCORS("examplebucket"), {
            code: "SignatureDoesNotMatch",
          });
        },
      );

      await t.step(`${label}: listV2 pages over ${MANY} objects`, async () => {
        const names: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const query: Record<string, string> = {
            prefix: "many/",
            "max-keys": "1000",
          };
          if (token !== undefined) query["continuation-token"] = token;
          const result = await client.listV2(query, {});
          names.push(
            ...result.objects.map((object: { name: string }) => object.name),
          );
          token = result.isTruncated ? result.nextContinuationToken : undefined;
          pages++;
        } while (token !== undefined && pages < 5);
        assert.equal(pages, 2);
        assert.equal(names.length, MANY);
        assert.equal(new Set(names).size, MANY);
        assert.equal(names[0], "many/0000.txt");
        assert.equal(names.at(-1), `many/${MANY - 1}.txt`);
      });

      await t.step(`${label}: listV2 with a delimiter`, async () => {
        const result = await client.listV2({
          delimiter: "/",
          "max-keys": "100",
        }, {});
        assert.deepEqual(result.prefixes, ["docs/", "many/"]);
      });

      await t.step(
        `${label}: client.request for ListCname and GetBucketCors`,
        async () => {
          const cname = await client.request({
            method: "GET",
            bucket: "examplebucket",
            subres: "cname",
            successStatuses: [200],
            xmlResponse: true,
          });
          assert.equal(cname.data.Cname.Domain, "static.example.com");
          assert.equal(cname.data.Cname.Certificate.Status, "Enabled");
          const cors = await client.request({
            method: "GET",
            bucket: "examplebucket",
            subres: "cors",
            successStatuses: [200],
            xmlResponse: true,
          });
          assert.equal(cors.data.ResponseVary, "true");
        },
      );
    }

    await t.step("an STS client sends its token", async () => {
      const sts = aliClient(emulator, stsOptions());
      assert.equal((await sts.head("hello.txt")).status, 200);
      const noToken = aliClient(emulator, {
        ...stsOptions(),
        stsToken: undefined,
      });
      await assert.rejects(noToken.getBucketCORS("examplebucket"), {
        code: "InvalidSecurityToken",
      });
    });

    await t.step("path style (sldEnable) on localhost", async () => {
      const client = aliClient(emulator, {
        endpoint: `http://localhost:${emulator.port}`,
      });
      client.setSLDEnabled(true);
      const result = await client.listV2({ prefix: "docs/" }, {});
      assert.deepEqual(
        result.objects.map((object: { name: string }) => object.name),
        [
          "docs/changelog.txt",
        ],
      );
    });
  },
});

Deno.test({
  name:
    "emulator rejects ali-oss requests whose clock is more than 15 minutes off",
  ...ALI,
  fn: async () => {
    const clock = new TestClock(new Date());
    clock.advance(16 * 60);
    await using emulator = await aliEmulator(clock);
    for (const authorizationV4 of [false, true]) {
      await assert.rejects(
        aliClient(emulator, { authorizationV4 }).head("hello.txt"),
        {
          code: "RequestTimeTooSkewed",
          status: 403,
        },
      );
    }
  },
});

Deno.test({
  name: "emulator accepts ali-oss signatureUrl and signatureUrlV4 links",
  ...ALI,
  fn: async (t) => {
    await using emulator = await aliEmulator(new TestClock(new Date()));
    const via = emulator;
    const referer = { referer: "https://app.example.com/page" };

    await t.step(
      "signatureUrl (V1), path style on localhost, with overrides and a style",
      async () => {
        const oss = aliClient(emulator, {
          endpoint: `http://localhost:${emulator.port}`,
        });
        oss.setSLDEnabled(true);
        const url = oss.signatureUrl("image.png", {
          expires: 600,
          process: "style/thumb",
          response: {
            "content-type": "image/png",
            "content-disposition": 'inline; filename="a.png"',
          },
        });
        const response = await send(url, { headers: referer });
        assert.equal(response.status, 200, response.text);
        assert.equal(response.headers.get("x-oss-force-download"), "true");
        const missingReferer = await send(url);
        assert.equal(missingReferer.status, 403);
      },
    );

    await t.step(
      "signatureUrl (V1) with an STS token, through the bucket's .localhost host",
      async () => {
        const oss = aliClient(emulator, {
          endpoint: `http://${emulator.bucketHost("examplebucket")}`,
          cname: true,
          ...stsOptions(),
        });
        const url = oss.signatureUrl("hello.txt", { expires: 600 });
        assert.match(url, /security-token=/);
        const response = await send(url, { via, headers: referer });
        assert.equal(response.status, 200, response.text);
        assert.equal(response.text, "hello, world");
      },
    );

    await t.step(
      "signatureUrlV4 through the bound custom domain, with a signed Range header",
      async () => {
        const oss = aliClient(emulator, {
          endpoint: "http://static.example.com",
          cname: true,
        });
        const url = await oss.signatureUrlV4(
          "GET",
          600,
          {
            headers: { range: "bytes=0-4" },
            queries: { "response-cache-control": "no-store" },
          },
          "hello.txt",
          ["range"],
        );
        const response = await send(url, {
          via,
          headers: { ...referer, range: "bytes=0-4" },
        });
        assert.equal(response.status, 206, response.text);
        assert.equal(response.text, "hello");
        assert.equal(response.headers.get("cache-control"), "no-store");
        const otherRange = await send(url, {
          via,
          headers: { ...referer, range: "bytes=0-5" },
        });
        assert.equal(otherRange.status, 403);
      },
    );

    await t.step("signatureUrlV4 for the wrong region is refused", async () => {
      const oss = aliClient(emulator, {
        endpoint: `http://${emulator.bucketHost("examplebucket")}`,
        cname: true,
        region: "oss-cn-beijing",
      });
      const url = await oss.signatureUrlV4("GET", 600, {
        headers: {},
        queries: {},
      }, "hello.txt");
      const response = await send(url, { via, headers: referer });
      assert.equal(response.status, 400);
      assert.match(response.text, /<EC>0002-00000226<\/EC>/);
    });
  },
});
