import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  EmulatorConfigError,
  loadEmulatorConfig,
  parseEmulatorConfig,
} from "../src/emulator/config.ts";
import { startEmulator } from "../src/emulator/server.ts";
import { presignUrl } from "../src/sign/presign.ts";
import { NOW, send } from "./_emulator.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

async function issuesOf(text: string): Promise<[string, string][]> {
  try {
    await loadEmulatorConfig(text, { baseDir: ROOT });
  } catch (error) {
    assert.ok(error instanceof EmulatorConfigError, String(error));
    return error.issues.map((issue) => [issue.path, issue.message]);
  }
  assert.fail("the config was accepted");
}

Deno.test("loadEmulatorConfig() loads emulator.example.yaml", async (t) => {
  const text = await Deno.readTextFile(`${ROOT}emulator.example.yaml`);
  const config = await loadEmulatorConfig(text, { baseDir: ROOT });
  const [bucket, gallery] = config.buckets;
  assert.ok(bucket !== undefined && gallery !== undefined);

  await t.step(
    "buckets, objects from a folder and inline, sorted by key",
    () => {
      assert.equal(bucket.name, "examplebucket");
      assert.equal(bucket.region, "cn-hangzhou");
      assert.equal(
        bucket.creationDate.toISOString(),
        "2024-03-01T00:00:00.000Z",
      );
      assert.deepEqual(bucket.objects.map((object) => object.key), [
        "docs/changelog.txt",
        "docs/handbook.pdf",
        "docs/price list 2026.xlsx",
        "example.jpg",
        "example.png",
        "exampleobject.txt",
        "notes/stored-attachment.txt",
        "notes/welcome.html",
        "photos/2026/cover.png",
        "photos/2026/sunset.png",
        "reports/2026/Q3 报告.pdf",
        "reports/2026/q3-report.pdf",
        "video/intro.mp4",
      ]);
      const types = Object.fromEntries(
        bucket.objects.map((
          object,
        ) => [object.key, object.versions[0].contentType]),
      );
      assert.equal(types["example.png"], "image/png");
      assert.equal(types["reports/2026/Q3 报告.pdf"], "application/pdf");
      assert.equal(types["notes/welcome.html"], "text/html");
      assert.deepEqual(gallery.objects.map((object) => object.key), [
        "photos/2026/sunset.png",
      ]);
      assert.equal(gallery.stylesOnly, true);
      assert.equal(gallery.acl, "public-read");
    },
  );

  await t.step(
    "metadata, versions, CORS, domains, styles, referer, STS",
    () => {
      const report = bucket.objects.find((object) =>
        object.key === "reports/2026/Q3 报告.pdf"
      );
      assert.deepEqual(report?.versions[0].meta, { department: "finance" });
      assert.equal(report?.versions[0].cacheControl, "no-cache");
      const changelog = bucket.objects.find((object) =>
        object.key === "docs/changelog.txt"
      );
      assert.equal(changelog?.versions.length, 2);
      assert.equal(
        new TextDecoder().decode(changelog?.versions[1]?.body),
        "v1: first\n",
      );
      assert.equal(bucket.cors?.responseVary, true);
      assert.deepEqual(bucket.cors?.rules[0]?.allowedMethods, ["GET", "HEAD"]);
      assert.equal(
        bucket.domains[0]?.certificate?.validEndDate.toISOString(),
        "2027-06-30T00:00:00.000Z",
      );
      assert.deepEqual(bucket.styles.map((style) => style.name), [
        "thumb",
        "watermark",
      ]);
      assert.equal(bucket.referer?.allowEmptyReferer, true);
      assert.equal(
        bucket.credentials[1]?.expiration?.toISOString(),
        "2099-01-01T00:00:00.000Z",
      );
    },
  );

  await t.step(
    "the demo objects are served through the bound domain",
    async () => {
      await using emulator = await startEmulator({ config, now: () => NOW });
      const url = presignUrl({
        signature: "v4",
        method: "GET",
        bucket: "examplebucket",
        key: "reports/2026/Q3 报告.pdf",
        region: "cn-hangzhou",
        host: "static.example.com",
        https: false,
        credentials: {
          accessKeyId: "LTAI5tEmulatorDemoKey",
          accessKeySecret: "emulator-demo-secret",
        },
        signedAt: NOW,
        expires: 600,
      });
      const response = await send(url, { via: emulator });
      assert.equal(response.status, 200);
      assert.match(response.text, /^%PDF-1\.4\n/);
      assert.match(response.text, /%%EOF\n$/);
    },
  );
});

Deno.test("parseEmulatorConfig() builds objects from every source", async () => {
  const config = await parseEmulatorConfig({
    buckets: [{
      name: "data-1",
      region: "oss-cn-shanghai",
      objects: [
        {
          folder: "demo/bucket/photos",
          prefix: "img/",
          cacheControl: "max-age=60",
        },
        {
          key: "img/2026/sunset.png",
          content: "replaced",
          contentType: "text/plain",
        },
        { key: "b64.bin", contentBase64: "AAEC/w==" },
        {
          key: "Meta.TXT",
          content: "m",
          meta: { Owner: "me" },
          lastModified: "2025-01-02",
        },
      ],
    }],
  }, { baseDir: ROOT });
  const [bucket] = config.buckets;
  assert.equal(bucket?.region, "cn-shanghai");
  const byKey = new Map(
    bucket?.objects.map((object) => [object.key, object.versions[0]]),
  );
  assert.equal(byKey.get("img/2026/sunset.png")?.contentType, "text/plain");
  assert.deepEqual([...byKey.get("b64.bin")?.body ?? []], [0, 1, 2, 255]);
  assert.equal(byKey.get("b64.bin")?.contentType, "application/octet-stream");
  assert.equal(byKey.get("Meta.TXT")?.contentType, "text/plain");
  assert.deepEqual(byKey.get("Meta.TXT")?.meta, { owner: "me" });
  assert.equal(
    byKey.get("Meta.TXT")?.lastModified.toISOString(),
    "2025-01-02T00:00:00.000Z",
  );
  assert.equal(
    byKey.get("Meta.TXT")?.etag,
    '"6F8F57715090DA2632453988D9A1501B"',
  );
  assert.deepEqual(config.faults, []);
});

Deno.test("loadEmulatorConfig() accepts an empty or comment-only file", async () => {
  for (const text of ["", "\n", "# nothing yet\n  # really\n"]) {
    assert.deepEqual(await loadEmulatorConfig(text), {
      buckets: [],
      faults: [],
    });
  }
});

Deno.test("loadEmulatorConfig() reports every problem with its path", async (t) => {
  const cases: [string, string, [string, RegExp][]][] = [
    ["YAML syntax", "buckets: [\n", [["", /^Cannot parse YAML: /]]],
    ["an unknown key", "bucket: []\n", [["", /Unrecognized key: "bucket"/]]],
    [
      "a bad bucket name and region",
      "buckets:\n  - name: Bad_Name\n    region: Hang Zhou\n",
      [["buckets[0].name", /bucket name must be 3 to 63/], [
        "buckets[0].region",
        /region is an id/,
      ]],
    ],
    [
      "CORS wildcards and methods",
      "buckets:\n  - name: abc\n    region: cn-hangzhou\n    cors:\n      rules:\n        - allowedOrigins: ['https://*.*.com']\n          allowedMethods: [PATCH]\n          exposeHeaders: ['*']\n",
      [
        ["buckets[0].cors.rules[0].allowedOrigins[0]", /at most one "\*"/],
        ["buckets[0].cors.rules[0].allowedMethods[0]", /expected one of/],
        ["buckets[0].cors.rules[0].exposeHeaders[0]", /cannot contain "\*"/],
      ],
    ],
    [
      "object sources",
      "buckets:\n  - name: abc\n    region: cn-hangzhou\n    objects:\n      - key: a\n      - key: b\n        content: x\n        file: y\n      - folder: f\n        content: x\n      - key: /lead\n        content: x\n",
      [
        ["buckets[0].objects[0]", /Exactly one of "file", "content"/],
        ["buckets[0].objects[1]", /Exactly one of "file", "content"/],
        [
          "buckets[0].objects[2].content",
          /"folder" entry cannot have "content"/,
        ],
        ["buckets[0].objects[3].key", /must be 1 to 1023 UTF-8 bytes/],
      ],
    ],
    [
      "versions need an id on the current version",
      "buckets:\n  - name: abc\n    region: cn-hangzhou\n    objects:\n      - key: a\n        content: x\n        versions: [{ versionId: v1, content: y }]\n",
      [["buckets[0].objects[0].versionId", /needs its own "versionId"/]],
    ],
    [
      "dates and certificates",
      "buckets:\n  - name: abc\n    region: cn-hangzhou\n    creationDate: yesterday\n    domains:\n      - domain: cdn.example.com\n        certificate: { certId: c, validStartDate: 2027-01-01, validEndDate: 2026-01-01 }\n",
      [
        [
          "buckets[0].creationDate",
          /Expected an ISO 8601 date, got "yesterday"/,
        ],
        ["buckets[0].domains[0].certificate.validEndDate", /must be before/],
      ],
    ],
    [
      "STS expiration without a token",
      "buckets:\n  - name: abc\n    region: cn-hangzhou\n    credentials: [{ accessKeyId: a, accessKeySecret: b, expiration: 2030-01-01 }]\n",
      [["buckets[0].credentials[0].expiration", /Only an STS credential/]],
    ],
    [
      "duplicates across the file",
      [
        "buckets:",
        "  - name: abc",
        "    region: cn-hangzhou",
        "    credentials: [{ accessKeyId: k, accessKeySecret: one }]",
        "    domains: [{ domain: cdn.example.com }]",
        "    styles: [{ name: s, content: 'image/resize,w_1' }, { name: s, content: 'image/resize,w_2' }]",
        "    objects: [{ key: a, content: x }, { key: a, content: y }]",
        "  - name: abc",
        "    region: cn-hangzhou",
        "    credentials: [{ accessKeyId: k, accessKeySecret: two }]",
        "    domains: [{ domain: CDN.example.com }]",
        "",
      ].join("\n"),
      [
        ["buckets[0].styles[1].name", /Style "s" is declared twice/],
        ["buckets[1].name", /Bucket "abc" is declared twice/],
        ["buckets[1].domains[0].domain", /already bound to bucket "abc"/],
        [
          "buckets[1].credentials[0].accessKeyId",
          /declared again with a different secret/,
        ],
      ],
    ],
    [
      "fault rules",
      "faults: [{ status: 200 }, { times: 1.5 }, { times: .inf }]\n",
      [["faults[0].status", /expected number to be >=400/i], [
        "faults[1].times",
        /whole number/,
      ]],
    ],
    [
      "missing files",
      "buckets:\n  - name: abc\n    region: cn-hangzhou\n    objects: [{ folder: no-such-folder }, { key: a, file: no-such-file.txt }]\n",
      [
        [
          "buckets[0].objects[0].folder",
          /^Cannot list folder ".*no-such-folder": /,
        ],
        ["buckets[0].objects[1]", /^Cannot read file ".*no-such-file\.txt": /],
      ],
    ],
  ];
  for (const [name, text, expected] of cases) {
    await t.step(name, async () => {
      const issues = await issuesOf(text);
      assert.equal(issues.length, expected.length, JSON.stringify(issues));
      for (const [index, [path, message]] of expected.entries()) {
        assert.equal(issues[index]?.[0], path, JSON.stringify(issues));
        assert.match(issues[index]?.[1] ?? "", message);
      }
    });
  }
  await t.step("duplicate object keys are found after validation", async () => {
    const issues = await issuesOf(
      "buckets:\n  - name: abc\n    region: cn-hangzhou\n    objects: [{ key: a, content: x }, { key: a, content: y }]\n",
    );
    assert.deepEqual(issues, [[
      "buckets[0].objects[1].key",
      'Object "a" is declared twice',
    ]]);
  });
  await t.step("the message lists every problem on its own line", async () => {
    const error = await loadEmulatorConfig(
      "buckets:\n  - name: A\n    region: B\n",
    ).catch((e) => e);
    assert.ok(error instanceof EmulatorConfigError);
    assert.equal(
      error.message.split("\n")[0],
      "Invalid emulator config: 2 problems",
    );
  });
});
