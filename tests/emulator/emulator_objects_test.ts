import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { presignUrl } from "../../src/sign/presign.ts";
import type { EmulatorHandle } from "../../src/emulator/server.ts";
import {
  bucketData,
  KEY,
  NOW,
  PNG_BASE64,
  send,
  startTestEmulator,
  testConfig,
  xmlValue,
} from "../_emulator.ts";

type Addressing = "default" | "path" | "custom";

/** A signed V4 GET (or HEAD) URL for a key, through one addressing style. */
function signed(
  emulator: EmulatorHandle,
  key: string,
  options: {
    via?: Addressing;
    query?: Record<string, string>;
    method?: string;
    bucket?: string;
  } = {},
): string {
  const via = options.via ?? "default";
  const bucket = options.bucket ?? "examplebucket";
  return presignUrl({
    signature: "v4",
    method: options.method ?? "GET",
    bucket,
    key,
    region: "cn-hangzhou",
    host: via === "path"
      ? `127.0.0.1:${emulator.port}`
      : via === "custom"
      ? "static.example.com"
      : emulator.bucketHost(bucket),
    pathStyle: via === "path",
    https: false,
    credentials: KEY,
    signedAt: NOW,
    expires: 600,
    query: options.query,
  });
}

Deno.test("emulator serves objects with OSS headers", async (t) => {
  await using emulator = await startTestEmulator();
  const via = emulator;

  await t.step("GET returns the body and metadata headers", async () => {
    const response = await send(signed(emulator, "hello.txt"), { via });
    assert.equal(response.status, 200);
    assert.equal(response.text, "hello, world");
    assert.equal(response.headers.get("content-type"), "text/plain");
    assert.equal(response.headers.get("content-length"), "12");
    assert.equal(
      response.headers.get("etag"),
      '"E4D7F1B4ED2E42D15898F4B27B019DA4"',
    );
    assert.equal(
      response.headers.get("last-modified"),
      "Fri, 01 Mar 2024 00:00:00 GMT",
    );
    assert.equal(response.headers.get("accept-ranges"), "bytes");
    assert.equal(response.headers.get("x-oss-object-type"), "Normal");
    assert.equal(response.headers.get("server"), "AliyunOSS");
    assert.match(
      response.headers.get("x-oss-request-id") ?? "",
      /^[0-9A-F]{24}$/,
    );
  });

  await t.step("HEAD returns the headers without a body", async () => {
    const url = signed(emulator, "hello.txt", { method: "HEAD" });
    const response = await send(url, { via, method: "HEAD" });
    assert.equal(response.status, 200);
    assert.equal(response.text, "");
    assert.equal(response.headers.get("content-length"), "12");
  });

  await t.step("a GET link cannot be used for HEAD", async () => {
    const response = await send(signed(emulator, "hello.txt"), {
      via,
      method: "HEAD",
    });
    assert.equal(response.status, 403);
    const error = Buffer.from(response.headers.get("x-oss-err") ?? "", "base64")
      .toString();
    assert.equal(xmlValue(error, "Code"), "SignatureDoesNotMatch");
  });

  await t.step("response-* overrides set the response headers", async () => {
    const query = {
      "response-content-type": "application/json",
      "response-content-language": "zh-CN",
      "response-expires": "Thu, 01 Dec 2026 16:00:00 GMT",
      "response-cache-control": "no-store",
      "response-content-disposition":
        "attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A.txt",
      "response-content-encoding": "identity",
    };
    const response = await send(signed(emulator, "hello.txt", { query }), {
      via,
    });
    assert.equal(response.status, 200);
    for (const [name, value] of Object.entries(query)) {
      assert.equal(response.headers.get(name.slice("response-".length)), value);
    }
  });

  await t.step(
    "a missing key is NoSuchKey; on HEAD the error is in x-oss-err",
    async () => {
      const get = await send(signed(emulator, "missing.txt"), { via });
      assert.equal(get.status, 404);
      assert.equal(get.headers.get("content-type"), "application/xml");
      assert.equal(xmlValue(get.text, "Code"), "NoSuchKey");
      assert.equal(xmlValue(get.text, "Key"), "missing.txt");
      assert.equal(
        xmlValue(get.text, "HostId"),
        emulator.bucketHost("examplebucket"),
      );
      assert.equal(
        xmlValue(get.text, "RequestId"),
        get.headers.get("x-oss-request-id"),
      );
      const head = await send(
        signed(emulator, "missing.txt", { method: "HEAD" }),
        {
          via,
          method: "HEAD",
        },
      );
      assert.equal(head.status, 404);
      assert.equal(head.text, "");
      const error = Buffer.from(head.headers.get("x-oss-err") ?? "", "base64")
        .toString();
      assert.match(error, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error>/);
      assert.equal(xmlValue(error, "Code"), "NoSuchKey");
    },
  );

  await t.step("versions are served by versionId", async () => {
    const current = await send(signed(emulator, "docs/changelog.txt"), {
      via,
    });
    assert.equal(current.text, "second");
    assert.equal(current.headers.get("x-oss-version-id"), "v2");
    const older = await send(
      signed(emulator, "docs/changelog.txt", { query: { versionId: "v1" } }),
      { via },
    );
    assert.equal(older.text, "first");
    assert.equal(older.headers.get("x-oss-version-id"), "v1");
    const missing = await send(
      signed(emulator, "docs/changelog.txt", { query: { versionId: "v9" } }),
      { via },
    );
    assert.equal(missing.status, 404);
    assert.equal(xmlValue(missing.text, "Code"), "NoSuchVersion");
  });

  await t.step(
    "x-oss-traffic-limit must be 819200 to 838860800 bit/s",
    async () => {
      for (
        const [limit, status] of [["819200", 200], ["838860800", 200], [
          "819199",
          400,
        ], ["1e6", 400]] as const
      ) {
        const query = { "x-oss-traffic-limit": limit };
        const response = await send(signed(emulator, "hello.txt", { query }), {
          via,
        });
        assert.equal(response.status, status, limit);
        if (status === 400) {
          assert.equal(
            xmlValue(response.text, "EC"),
            "0004-00000502",
          );
        }
      }
    },
  );

  await t.step("HEAD ?objectMeta returns the basic metadata", async () => {
    const url = signed(emulator, "hello.txt", {
      method: "HEAD",
      query: { objectMeta: "" },
    });
    const response = await send(url, { via, method: "HEAD" });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-length"), "12");
    assert.equal(response.headers.get("content-type"), null);
  });
});

Deno.test("emulator answers Range requests as OSS does", async (t) => {
  await using emulator = await startTestEmulator();
  const via = emulator;
  const url = signed(emulator, "hello.txt");
  const cases: [string, number, string, string | null][] = [
    ["bytes=0-4", 206, "hello", "bytes 0-4/12"],
    ["bytes=7-", 206, "world", "bytes 7-11/12"],
    ["bytes=-5", 206, "world", "bytes 7-11/12"],
    ["bytes=7-100", 206, "world", "bytes 7-11/12"],
    ["bytes=abc", 200, "hello, world", null],
    ["bytes=0-1,3-4", 200, "hello, world", null],
    ["bytes=5-2", 200, "hello, world", null],
  ];
  for (const [range, status, body, contentRange] of cases) {
    await t.step(range, async () => {
      const response = await send(url, { via, headers: { range } });
      assert.equal(response.status, status);
      assert.equal(response.text, body);
      assert.equal(response.headers.get("content-range"), contentRange);
      assert.equal(response.headers.get("content-length"), String(body.length));
    });
  }
  await t.step("bytes=12- is not satisfiable", async () => {
    const response = await send(url, {
      via,
      headers: { range: "bytes=12-" },
    });
    assert.equal(response.status, 416);
    assert.equal(xmlValue(response.text, "Code"), "InvalidRange");
    assert.equal(response.headers.get("content-range"), "bytes */12");
  });
});

Deno.test("emulator forces downloads on the default domain only", async (t) => {
  await using emulator = await startTestEmulator();
  const via = emulator;
  const png = Buffer.from(PNG_BASE64, "base64").toString("latin1");

  await t.step(
    "an image on the default domain is forced to download",
    async () => {
      for (const addressing of ["default", "path"] as const) {
        const response = await send(
          signed(emulator, "image.png", { via: addressing }),
          {
            via,
          },
        );
        assert.equal(response.status, 200);
        assert.equal(response.headers.get("content-disposition"), "attachment");
        assert.equal(response.headers.get("x-oss-force-download"), "true");
      }
    },
  );

  await t.step(
    "the same image previews inline through the bound domain",
    async () => {
      const response = await emulator.fetch(
        signed(emulator, "image.png", { via: "custom" }),
      );
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "image/png");
      assert.equal(response.headers.get("content-disposition"), null);
      assert.equal(response.headers.get("x-oss-force-download"), null);
      assert.equal(
        Buffer.from(await response.arrayBuffer()).toString("latin1"),
        png,
      );
    },
  );

  await t.step(
    "response-content-disposition=inline does not beat it; HEAD shows it too",
    async () => {
      const query = { "response-content-disposition": "inline" };
      const response = await send(signed(emulator, "image.png", { query }), {
        via,
      });
      assert.equal(response.headers.get("content-disposition"), "attachment");
      const head = await send(
        signed(emulator, "image.png", { method: "HEAD" }),
        {
          via,
          method: "HEAD",
        },
      );
      assert.equal(head.headers.get("x-oss-force-download"), "true");
    },
  );

  await t.step(
    "HTML is forced on the default domain, inline on the bound domain",
    async () => {
      const forced = await send(signed(emulator, "page.html"), { via });
      assert.equal(forced.headers.get("x-oss-force-download"), "true");
      const inline = await send(
        signed(emulator, "page.html", { via: "custom" }),
        { via },
      );
      assert.equal(inline.headers.get("content-disposition"), null);
      assert.equal(inline.text, "<p>hi</p>");
    },
  );

  await t.step(
    "a text file is not forced; a stored attachment downloads everywhere",
    async () => {
      const text = await send(signed(emulator, "hello.txt"), { via });
      assert.equal(text.headers.get("content-disposition"), null);
      const stored = await send(
        signed(emulator, "stored.txt", { via: "custom" }),
        { via },
      );
      assert.equal(
        stored.headers.get("content-disposition"),
        'attachment; filename="stored.txt"',
      );
      assert.equal(stored.headers.get("x-oss-force-download"), null);
    },
  );

  await t.step(
    "buckets created before 2019-09-24 are not forced for images",
    async () => {
      await using old = await startTestEmulator(
        await testConfig([{
          ...bucketData(),
          creationDate: "2018-01-01T00:00:00Z",
        }]),
      );
      const response = await send(signed(old, "image.png"), {
        via: old,
      });
      assert.equal(response.headers.get("x-oss-force-download"), null);
    },
  );

  await t.step(
    "APK/IPA is forbidden on the default domain, served on the bound domain",
    async () => {
      const forbidden = await send(signed(emulator, "app.apk"), { via });
      assert.equal(forbidden.status, 400);
      assert.equal(xmlValue(forbidden.text, "Code"), "ApkDownloadForbidden");
      const served = await send(
        signed(emulator, "app.apk", { via: "custom" }),
        { via },
      );
      assert.equal(served.status, 200);
      assert.equal(
        served.headers.get("content-type"),
        "application/vnd.android.package-archive",
      );
    },
  );
});

Deno.test("emulator checks image styles and source-image protection", async (t) => {
  const gallery = {
    ...bucketData(),
    name: "gallery",
    acl: "public-read",
    stylesOnly: true,
    domains: [],
  };
  await using emulator = await startTestEmulator(
    await testConfig([bucketData(), gallery]),
  );
  const via = emulator;

  await t.step("a defined style serves the original bytes", async () => {
    const query = { "x-oss-process": "style/thumb" };
    const response = await emulator.fetch(
      signed(emulator, "image.png", { query, via: "custom" }),
    );
    assert.equal(response.status, 200);
    assert.equal(
      Buffer.from(await response.arrayBuffer()).toString("base64"),
      PNG_BASE64,
    );
  });

  await t.step("an undefined style is NoSuchStyle", async () => {
    const query = { "x-oss-process": "style/missing" };
    const response = await send(signed(emulator, "image.png", { query }), {
      via,
    });
    assert.equal(response.status, 404);
    assert.equal(xmlValue(response.text, "Code"), "NoSuchStyle");
  });

  await t.step("processing a missing object is NoSuchFile", async () => {
    const query = { "x-oss-process": "image/resize,w_10" };
    const response = await send(signed(emulator, "nothing.png", { query }), {
      via,
    });
    assert.equal(xmlValue(response.text, "Code"), "NoSuchFile");
  });

  await t.step(
    "a styles-only bucket refuses image/ processing, even signed",
    async () => {
      const query = { "x-oss-process": "image/resize,w_200" };
      const response = await send(
        signed(emulator, "image.png", { query, bucket: "gallery" }),
        {
          via,
        },
      );
      assert.equal(response.status, 403);
      assert.equal(
        xmlValue(response.text, "Message"),
        "The channel can be only accessed using style",
      );
      assert.equal(xmlValue(response.text, "EC"), "0040-00000031");
    },
  );

  await t.step(
    "anonymous readers get images only through a style",
    async () => {
      const base = `${emulator.origin}/gallery/image.png`;
      assert.equal((await send(base)).status, 403);
      assert.equal(
        (await send(`${base}?x-oss-process=style/thumb`)).status,
        200,
      );
      assert.equal(
        (await send(`${emulator.origin}/gallery/hello.txt`)).status,
        200,
      );
      const signedOriginal = await send(
        signed(emulator, "image.png", { bucket: "gallery" }),
        {
          via,
        },
      );
      assert.equal(signedOriginal.status, 200);
    },
  );
});

Deno.test("emulator routes hosts and paths to buckets", async (t) => {
  await using emulator = await startTestEmulator(
    await testConfig([{ ...bucketData(), acl: "public-read" }]),
  );
  const via = emulator;
  const get = (url: string) => send(url, { via });

  await t.step(
    "virtual hosts on aliyuncs.com and localhost, path style, bound domain",
    async () => {
      for (
        const url of [
          "http://examplebucket.oss-cn-hangzhou.aliyuncs.com/hello.txt",
          "http://examplebucket.oss-cn-hangzhou-internal.aliyuncs.com/hello.txt",
          `http://${emulator.bucketHost("examplebucket")}/hello.txt`,
          `${emulator.origin}/examplebucket/hello.txt`,
          `http://localhost:${emulator.port}/examplebucket/hello.txt`,
          `http://oss-cn-hangzhou.localhost:${emulator.port}/examplebucket/hello.txt`,
          "http://static.example.com/hello.txt",
        ]
      ) {
        const response = await get(url);
        assert.equal(response.status, 200, url);
        assert.equal(response.text, "hello, world");
      }
    },
  );

  await t.step("an unknown bucket is NoSuchBucket", async () => {
    const response = await get(
      "http://nobucket.oss-cn-hangzhou.aliyuncs.com/a",
    );
    assert.equal(response.status, 404);
    assert.equal(xmlValue(response.text, "Code"), "NoSuchBucket");
    assert.equal(xmlValue(response.text, "EC"), "0015-00000101");
    assert.equal((await get(`${emulator.origin}/nobucket/a`)).status, 404);
    assert.equal((await get("http://unbound.example.org/a")).status, 404);
  });

  await t.step(
    "path style on an aliyuncs.com endpoint is refused",
    async () => {
      const response = await get(
        "http://oss-cn-hangzhou.aliyuncs.com/examplebucket/hello.txt",
      );
      assert.equal(
        xmlValue(response.text, "Code"),
        "SecondLevelDomainForbidden",
      );
    },
  );

  await t.step(
    "a request for / without a bucket is ListBuckets, which needs a signature",
    async () => {
      const response = await get(`${emulator.origin}/`);
      assert.equal(response.status, 403);
      assert.equal(xmlValue(response.text, "Code"), "AccessDenied");
    },
  );

  await t.step("anonymous writes on a private bucket are refused", async () => {
    const response = await send(`${emulator.origin}/examplebucket/new.txt`, {
      method: "PUT",
      body: "x",
    });
    assert.equal(response.status, 403);
    assert.equal(xmlValue(response.text, "Code"), "AccessDenied");
  });
});
