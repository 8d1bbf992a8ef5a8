import assert from "node:assert/strict";
import { presignUrl } from "../../src/sign/presign.ts";
import type { EmulatorHandle } from "../../src/emulator/server.ts";
import {
  bucketData,
  pathStyleRequest,
  send,
  startTestEmulator,
  testConfig,
  xmlValue,
} from "../_emulator.ts";

/** A signed V4 bucket-level GET with the given query. */
function bucketUrl(
  emulator: EmulatorHandle,
  query: Record<string, string>,
  signature: "v1" | "v4" = "v4",
): string {
  return presignUrl(
    pathStyleRequest(emulator.port, { signature, key: "", query }),
  );
}

function allValues(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((
    m,
  ) => m[1]!);
}

Deno.test("emulator serves the bucket configuration APIs", async (t) => {
  const referer = {
    allowEmptyReferer: false,
    refererList: ["https://*.example.com/*"],
    refererBlacklist: ["https://evil.example.com/*"],
  };
  await using emulator = await startTestEmulator(
    await testConfig([{
      ...bucketData(),
      referer: { ...referer, allowEmptyReferer: true },
    }]),
  );

  await t.step("GetBucketCors, with ResponseVary", async (t) => {
    const response = await send(bucketUrl(emulator, { cors: "" }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/xml");
    assert.deepEqual(allValues(response.text, "AllowedOrigin"), [
      "https://*.example.com",
      "*",
    ]);
    assert.deepEqual(allValues(response.text, "MaxAgeSeconds"), ["600", "60"]);
    assert.equal(xmlValue(response.text, "ResponseVary"), "true");
    await t.assertSnapshot(response.text);
  });

  await t.step(
    "GetBucketCors without a configuration is NoSuchCORSConfiguration",
    async () => {
      const { cors: _cors, ...noCors } = bucketData();
      await using plain = await startTestEmulator(await testConfig([noCors]));
      const response = await send(bucketUrl(plain, { cors: "" }));
      assert.equal(response.status, 404);
      assert.equal(xmlValue(response.text, "Code"), "NoSuchCORSConfiguration");
      assert.equal(xmlValue(response.text, "EC"), "0034-00000001");
    },
  );

  await t.step("ListCname, with the certificate", async (t) => {
    const response = await send(bucketUrl(emulator, { cname: "" }, "v1"));
    assert.equal(response.status, 200);
    assert.equal(xmlValue(response.text, "Domain"), "static.example.com");
    assert.equal(xmlValue(response.text, "CertId"), "493000-cn-hangzhou");
    assert.equal(
      xmlValue(response.text, "ValidEndDate"),
      "Wed, 30 Jun 2027 00:00:00 GMT",
    );
    await t.assertSnapshot(response.text);
  });

  await t.step("ListStyle and GetStyle", async () => {
    const list = await send(bucketUrl(emulator, { style: "" }));
    assert.deepEqual(allValues(list.text, "Name"), ["thumb"]);
    assert.equal(xmlValue(list.text, "Content"), "image/resize,w_200");
    assert.equal(xmlValue(list.text, "Category"), "image");
    const one = await send(
      bucketUrl(emulator, { style: "", styleName: "thumb" }),
    );
    assert.match(one.text, /^<\?xml[^>]*>\n<Style>/);
    const missing = await send(
      bucketUrl(emulator, { style: "", styleName: "nope" }),
    );
    assert.equal(missing.status, 404);
    assert.equal(xmlValue(missing.text, "Code"), "NoSuchStyle");
  });

  await t.step("GetBucketReferer", async (t) => {
    const response = await send(bucketUrl(emulator, { referer: "" }));
    assert.equal(xmlValue(response.text, "AllowEmptyReferer"), "true");
    assert.deepEqual(allValues(response.text, "Referer"), [
      "https://*.example.com/*",
      "https://evil.example.com/*",
    ]);
    await t.assertSnapshot(response.text);
  });

  await t.step(
    "GetBucketInfo, GetBucketAcl and GetBucketLocation",
    async (t) => {
      const info = await send(bucketUrl(emulator, { bucketInfo: "" }));
      assert.equal(
        xmlValue(info.text, "CreationDate"),
        "2024-03-01T00:00:00.000Z",
      );
      assert.equal(xmlValue(info.text, "Location"), "oss-cn-hangzhou");
      assert.equal(xmlValue(info.text, "Grant"), "private");
      assert.equal(xmlValue(info.text, "Versioning"), "Enabled");
      await t.assertSnapshot(info.text);
      const acl = await send(bucketUrl(emulator, { acl: "" }));
      assert.equal(xmlValue(acl.text, "Grant"), "private");
      const location = await send(bucketUrl(emulator, { location: "" }));
      assert.equal(
        xmlValue(location.text, "LocationConstraint"),
        "oss-cn-hangzhou",
      );
    },
  );

  await t.step(
    "bucket APIs need a signature, even on a public-read bucket",
    async () => {
      await using open = await startTestEmulator(
        await testConfig([{ ...bucketData(), acl: "public-read" }]),
      );
      const response = await send(`${open.origin}/examplebucket/?cors`);
      assert.equal(response.status, 403);
      assert.equal(xmlValue(response.text, "Code"), "AccessDenied");
    },
  );

  await t.step("an unsupported sub-resource is NotImplemented", async () => {
    const response = await send(bucketUrl(emulator, { lifecycle: "" }));
    assert.equal(response.status, 501);
    assert.equal(xmlValue(response.text, "Code"), "NotImplemented");
  });
});

const LISTED_KEYS = [
  "a/1.txt",
  "a/2.txt",
  "a/b/3.txt",
  "b.txt",
  "c d/e+f.txt",
  "z.txt",
  "中/报告.pdf",
];

Deno.test("emulator lists objects with ListObjectsV2 and ListObjects", async (t) => {
  const config = await testConfig([{
    ...bucketData(),
    objects: LISTED_KEYS.toReversed().map((key) => ({ key, content: key })),
  }]);
  await using emulator = await startTestEmulator(config);
  const list = async (query: Record<string, string>) => {
    const response = await send(bucketUrl(emulator, query));
    assert.equal(response.status, 200, response.text);
    return response.text;
  };

  await t.step("every key in UTF-8 byte order, with KeyCount", async (t) => {
    const xml = await list({ "list-type": "2" });
    assert.deepEqual(allValues(xml, "Key"), LISTED_KEYS);
    assert.equal(xmlValue(xml, "KeyCount"), "7");
    assert.equal(xmlValue(xml, "IsTruncated"), "false");
    assert.equal(xmlValue(xml, "MaxKeys"), "100");
    await t.assertSnapshot(xml);
  });

  await t.step("prefix and delimiter give common prefixes", async () => {
    const xml = await list({ "list-type": "2", delimiter: "/" });
    assert.deepEqual(allValues(xml, "Key"), ["b.txt", "z.txt"]);
    assert.deepEqual(allValues(xml, "Prefix").slice(1), ["a/", "c d/", "中/"]);
    const inside = await list({
      "list-type": "2",
      delimiter: "/",
      prefix: "a/",
    });
    assert.deepEqual(allValues(inside, "Key"), ["a/1.txt", "a/2.txt"]);
    assert.deepEqual(allValues(inside, "Prefix").slice(1), ["a/b/"]);
  });

  await t.step(
    "paging with continuation-token reproduces the listing",
    async () => {
      for (const delimiter of ["", "/"]) {
        const seen: string[] = [];
        let token: string | undefined;
        for (let page = 0; page < 10; page++) {
          const query: Record<string, string> = {
            "list-type": "2",
            "max-keys": "2",
            delimiter,
          };
          if (token !== undefined) query["continuation-token"] = token;
          const xml = await list(query);
          seen.push(
            ...allValues(xml, "Key"),
            ...allValues(xml, "Prefix").slice(1),
          );
          token = xmlValue(xml, "NextContinuationToken");
          if (xmlValue(xml, "IsTruncated") === "false") break;
          assert.notEqual(token, undefined);
        }
        const expected = delimiter === ""
          ? LISTED_KEYS
          : ["a/", "b.txt", "c d/", "z.txt", "中/"];
        assert.deepEqual(seen.toSorted(), expected.toSorted());
      }
    },
  );

  await t.step("start-after and encoding-type=url", async () => {
    const after = await list({ "list-type": "2", "start-after": "b.txt" });
    assert.deepEqual(allValues(after, "Key"), [
      "c d/e+f.txt",
      "z.txt",
      "中/报告.pdf",
    ]);
    const encoded = await list({
      "list-type": "2",
      "encoding-type": "url",
      prefix: "c d/",
    });
    assert.deepEqual(allValues(encoded, "Key"), ["c%20d%2Fe%2Bf.txt"]);
    assert.equal(xmlValue(encoded, "Prefix"), "c%20d%2F");
    assert.equal(xmlValue(encoded, "EncodingType"), "url");
  });

  await t.step("fetch-owner adds the owner", async () => {
    const xml = await list({
      "list-type": "2",
      "fetch-owner": "true",
      "max-keys": "1",
    });
    assert.equal(xmlValue(xml, "ID"), "1000000000000000");
  });

  await t.step("ListObjects (V1) pages with marker", async () => {
    const first = await list({ "max-keys": "3" });
    assert.deepEqual(allValues(first, "Key"), LISTED_KEYS.slice(0, 3));
    assert.equal(xmlValue(first, "NextMarker"), "a/b/3.txt");
    const second = await list({ "max-keys": "100", marker: "a/b/3.txt" });
    assert.deepEqual(allValues(second, "Key"), LISTED_KEYS.slice(3));
  });

  await t.step(
    "bad max-keys, encoding-type and continuation-token",
    async () => {
      for (
        const query of [
          { "list-type": "2", "max-keys": "1001" },
          { "list-type": "2", "max-keys": "-1" },
          { "list-type": "2", "encoding-type": "base64" },
          { "list-type": "2", "continuation-token": "not a token" },
        ]
      ) {
        const response = await send(bucketUrl(emulator, query));
        assert.equal(response.status, 400, JSON.stringify(query));
        assert.equal(xmlValue(response.text, "Code"), "InvalidArgument");
      }
    },
  );
});
