import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  EmulatorConfigError,
  loadEmulatorConfig,
  parseEmulatorConfig,
} from "../../src/emulator/config.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { presignUrl } from "../../src/sign/presign.ts";
import { NOW, send, TestClock, xmlValue } from "../_emulator.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DAY_MS = 86_400_000;

/** `days` days after (or before) a time. */
function daysFrom(time: Date, days: number): string {
  return new Date(time.getTime() + days * DAY_MS).toISOString();
}

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
  const config = await loadEmulatorConfig(text, {
    baseDir: ROOT,
    now: () => NOW,
  });
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
      // Relative to the emulator's start: the clock given to the loader.
      assert.equal(
        bucket.domains[0]?.certificate?.validStartDate.toISOString(),
        daysFrom(NOW, -30),
      );
      assert.equal(
        bucket.domains[0]?.certificate?.validEndDate.toISOString(),
        daysFrom(NOW, 400),
      );
      assert.deepEqual(bucket.styles.map((style) => style.name), [
        "thumb",
        "watermark",
      ]);
      assert.equal(bucket.referer?.allowEmptyReferer, true);
      assert.equal(
        bucket.credentials[1]?.expiration?.toISOString(),
        daysFrom(NOW, 7),
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

Deno.test("emulator.example.yaml's relative times follow the emulator's clock", async (t) => {
  const text = await Deno.readTextFile(`${ROOT}emulator.example.yaml`);
  // The suite's fixed time, and the same moved 5 years ahead (as CI does).
  for (const start of [NOW, new Date(Date.UTC(2031, 10, 28, 9))]) {
    await t.step(start.toISOString(), async () => {
      const clock = new TestClock(start);
      const config = await loadEmulatorConfig(text, {
        baseDir: ROOT,
        now: clock.now,
      });
      await using emulator = await startEmulator({ config, now: clock.now });
      const sts = {
        accessKeyId: "STS.EmulatorDemoTemporaryKey",
        accessKeySecret: "emulator-demo-sts-secret",
        securityToken: "emulator-demo-security-token",
      };
      const cname = () =>
        send(
          presignUrl({
            signature: "v4",
            method: "GET",
            bucket: "examplebucket",
            key: "",
            region: "cn-hangzhou",
            host: `127.0.0.1:${emulator.port}`,
            pathStyle: true,
            https: false,
            credentials: sts,
            signedAt: clock.now(),
            expires: 600,
            query: { cname: "" },
          }),
        );
      const response = await cname();
      assert.equal(response.status, 200, response.text);
      assert.equal(
        new Date(xmlValue(response.text, "ValidStartDate")!).toISOString(),
        daysFrom(start, -30),
      );
      assert.equal(
        new Date(xmlValue(response.text, "ValidEndDate")!).toISOString(),
        daysFrom(start, 400),
      );
      // Resolved once, at the start: the STS token expires 7 days later.
      clock.advance(7 * 86_400 + 1);
      const expired = await cname();
      assert.equal(expired.status, 403);
      assert.equal(xmlValue(expired.text, "Code"), "SecurityTokenExpired");
    });
  }
});

Deno.test("parseEmulatorConfig() takes times relative to the emulator's start", async (t) => {
  const start = new Date("2030-05-06T07:08:09.000Z");
  const withTimes = (times: Record<string, unknown>) => ({
    buckets: [{
      name: "abc",
      region: "cn-hangzhou",
      creationDate: times["creationDate"] ?? "2024-01-01T00:00:00Z",
      domains: [{
        domain: "cdn.example.com",
        certificate: {
          certId: "c",
          validStartDate: times["validStartDate"] ?? "-1d",
          validEndDate: times["validEndDate"] ?? "+1d",
        },
      }],
      objects: [{
        key: "a",
        content: "x",
        lastModified: times["lastModified"] ?? "2024-01-01T00:00:00Z",
      }],
    }],
  });
  await t.step(
    "durations with a sign, whole seconds from the start",
    async () => {
      const config = await parseEmulatorConfig(
        withTimes({
          creationDate: "-400d",
          validStartDate: "-1h30m",
          validEndDate: " +2d12h ",
          lastModified: "+0s",
        }),
        { now: () => start },
      );
      const [bucket] = config.buckets;
      assert.equal(bucket?.creationDate.toISOString(), daysFrom(start, -400));
      const certificate = bucket?.domains[0]?.certificate;
      assert.equal(
        certificate?.validStartDate.toISOString(),
        "2030-05-06T05:38:09.000Z",
      );
      assert.equal(
        certificate?.validEndDate.toISOString(),
        "2030-05-08T19:08:09.000Z",
      );
      assert.equal(
        bucket?.objects[0]?.versions[0].lastModified.toISOString(),
        start.toISOString(),
      );
    },
  );
  await t.step("absolute times stay as written", async () => {
    const config = await parseEmulatorConfig(
      withTimes({
        validStartDate: "2026-01-01T00:00:00Z",
        validEndDate: new Date("2027-06-30T00:00:00Z"),
      }),
      { now: () => start },
    );
    const certificate = config.buckets[0]?.domains[0]?.certificate;
    assert.equal(
      certificate?.validStartDate.toISOString(),
      "2026-01-01T00:00:00.000Z",
    );
    assert.equal(
      certificate?.validEndDate.toISOString(),
      "2027-06-30T00:00:00.000Z",
    );
  });
  await t.step("the clock is read once", async () => {
    let reads = 0;
    await parseEmulatorConfig(withTimes({}), {
      now: () => {
        reads++;
        return start;
      },
    });
    assert.equal(reads, 1);
  });
  await t.step("a relative end must still come after the start", async () => {
    await assert.rejects(
      parseEmulatorConfig(
        withTimes({ validStartDate: "+2d", validEndDate: "+1d" }),
        { now: () => start },
      ),
      (error: unknown) =>
        error instanceof EmulatorConfigError &&
        /validEndDate: "validStartDate" must be before "validEndDate"/.test(
          error.message,
        ),
    );
  });
  for (const bad of ["400d", "+400", "+4w", "+", "+-1d", "+1m2h", "now"]) {
    await t.step(`"${bad}" is no time`, async () => {
      await assert.rejects(
        parseEmulatorConfig(withTimes({ validEndDate: bad }), {
          now: () => start,
        }),
        (error: unknown) =>
          error instanceof EmulatorConfigError &&
          error.issues.length === 1 &&
          error.issues[0]!.path ===
            "buckets[0].domains[0].certificate.validEndDate" &&
          error.issues[0]!.message.endsWith(`got "${bad}"`),
      );
    });
  }
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
    [
      "an unknown key",
      "bucket: []\n",
      [["bucket", /^Unknown field "bucket" in the config$/]],
    ],
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
          /^Expected an ISO 8601 date or a time relative to the emulator's start such as "\+400d" or "-30d", got "yesterday"$/,
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
