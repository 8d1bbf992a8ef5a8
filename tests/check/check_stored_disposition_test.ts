/**
 * `preview-stored-attachment` for images: on its default domain OSS answers
 * a HEAD of an image with the `attachment` it forces, hiding the stored
 * Content-Disposition. `readBucket()` asks again with a signed
 * `response-content-type` of a type OSS does not force, and records what is
 * stored; against the emulator, and against fakes of the two ways OSS may
 * differ from it (UNCONFIRMED in oss-facts).
 */
import assert from "node:assert/strict";
import type {
  BucketApi,
  HeadFacts,
  HeadOptions,
} from "../../src/check/bucket_api.ts";
import { readBucket } from "../../src/check/read_bucket.ts";
import type { SnapshotObject } from "../../src/check/snapshot_schema.ts";
import { checkCommand } from "../../src/cli/commands/check.ts";
import type { Manifest } from "../../src/manifest/types.ts";
import { validateManifest } from "../../src/pipeline/validate.ts";
import { bucketData, KEY, PNG_BASE64 } from "../_emulator.ts";
import { fakeIo, jsonDiagnostics, runCommand } from "../_fake_io.ts";
import { startLiveEmulator } from "../_live.ts";

const NOW = "2026-11-28T09:00:00Z";
const INSTANT = { sleep: () => Promise.resolve(), random: () => 0 };

const MANIFEST = `version: 1
bucket:
  name: examplebucket
  region: cn-hangzhou
  domain: static.example.com
defaults:
  disposition: inline
objects:
  - key: image.png
  - key: stored.png
  - key: stored-bare.jpg
  - key: hello.txt
`;

function manifestOf(text: string): Manifest {
  const result = validateManifest(new TextEncoder().encode(text), {
    now: new Date(NOW),
  });
  assert.ok(result.manifest, JSON.stringify(result.diagnostics));
  return result.manifest;
}

Deno.test("check --live finds a stored attachment on images despite OSS's forced one", async () => {
  const test = bucketData();
  await using emulator = await startLiveEmulator([{
    ...test,
    objects: [
      ...(test["objects"] as unknown[]),
      {
        key: "stored.png",
        contentBase64: PNG_BASE64,
        contentDisposition: 'attachment; filename="stored.png"',
      },
      {
        key: "stored-bare.jpg",
        contentBase64: PNG_BASE64,
        contentType: "image/jpeg",
        contentDisposition: "attachment",
      },
    ],
  }]);
  const dir = await Deno.makeTempDir({ prefix: "osslinks-stored-" });
  try {
    await Deno.writeTextFile(`${dir}/links.yaml`, MANIFEST);
    const fake = fakeIo({
      disk: true,
      env: {
        OSS_ACCESS_KEY_ID: KEY.accessKeyId,
        OSS_ACCESS_KEY_SECRET: KEY.accessKeySecret,
      },
    });
    const code = await runCommand(
      "check",
      checkCommand,
      [
        `${dir}/links.yaml`,
        "--live",
        "--endpoint",
        emulator.origin,
        "--now",
        NOW,
        "--report",
        "json",
      ],
      fake.io,
      INSTANT,
    );
    const found = jsonDiagnostics(fake.stderr()).map((d) =>
      `${d.line} ${d.rule}`
    );
    assert.deepEqual(found, [
      "10 preview-stored-attachment",
      "11 preview-stored-attachment",
    ]);
    assert.equal(code, 0, "a warning");
    const heads = emulator.requests().filter((record) =>
      record.operation === "HeadObject"
    ).map((record) => record.key).sort();
    assert.deepEqual(heads, [
      "hello.txt",
      "image.png",
      "image.png",
      "stored-bare.jpg",
      "stored-bare.jpg",
      "stored.png",
      "stored.png",
    ], "a second HEAD only where OSS forced the download");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A bucket of images whose HEAD answers a test decides. */
class HeadOnlyApi implements BucketApi {
  readonly heads: string[] = [];
  readonly answer: (key: string, options: HeadOptions) => HeadFacts;

  constructor(answer: (key: string, options: HeadOptions) => HeadFacts) {
    this.answer = answer;
  }

  bucketInfo = () =>
    Promise.resolve({
      creationDate: "2024-03-01T00:00:00.000Z",
      location: "oss-cn-hangzhou",
      acl: "private" as const,
    });
  cors = () => Promise.resolve("none" as const);
  cnames = () => Promise.resolve([]);
  styles = () => Promise.resolve([]);
  referer = () => Promise.resolve(null);
  head(key: string, _version: string | null, options: HeadOptions = {}) {
    this.heads.push(`${key} ${options.responseContentType ?? ""}`.trim());
    return Promise.resolve(this.answer(key, options));
  }
  listPage = () => Promise.resolve({ keys: [], next: undefined });
  probeRawProcessing = () => Promise.resolve("unknown" as const);
}

const STORED: Readonly<Record<string, string | null>> = {
  "image.png": null,
  "stored.png": 'attachment; filename="stored.png"',
  "stored-bare.jpg": "attachment",
  "hello.txt": null,
};

function typeOf(key: string): string {
  return key.endsWith(".png")
    ? "image/png"
    : key.endsWith(".jpg")
    ? "image/jpeg"
    : "text/plain";
}

async function objectsRead(api: BucketApi): Promise<SnapshotObject[]> {
  const { snapshot } = await readBucket(manifestOf(MANIFEST), api, {
    now: new Date(NOW),
    retry: INSTANT,
  });
  return [...snapshot.objects];
}

function found(
  key: string,
  contentDisposition: string | null,
  hidden = false,
): SnapshotObject {
  return {
    key,
    version: null,
    status: "found",
    contentType: typeOf(key),
    contentDisposition,
    ...(hidden ? { contentDispositionHidden: true as const } : {}),
    size: 1,
    versionId: null,
  };
}

Deno.test("readBucket() reads the stored disposition whether or not OSS says it forced one", async (t) => {
  await t.step(
    "OSS forces HEADs without x-oss-force-download: the override still shows what is stored",
    async () => {
      const api = new HeadOnlyApi((key, options) => {
        const type = options.responseContentType ?? typeOf(key);
        const forced = type.startsWith("image/");
        return {
          contentType: type,
          contentDisposition: forced ? "attachment" : STORED[key] ?? null,
          size: 1,
          versionId: null,
        };
      });
      assert.deepEqual(await objectsRead(api), [
        found("hello.txt", null),
        found("image.png", null),
        found("stored-bare.jpg", "attachment"),
        found("stored.png", 'attachment; filename="stored.png"'),
      ]);
    },
  );
  await t.step(
    "OSS forces despite the override: a bare attachment is hidden, a stored one with parameters is kept",
    async () => {
      const api = new HeadOnlyApi((key) => {
        const forced = typeOf(key).startsWith("image/");
        const stored = STORED[key] ?? null;
        return {
          contentType: typeOf(key),
          // OSS keeps a stored attachment, else sends a bare one.
          contentDisposition: forced && !stored?.startsWith("attachment")
            ? "attachment"
            : stored,
          ...(forced ? { forcedDownload: true } : {}),
          size: 1,
          versionId: null,
        };
      });
      assert.deepEqual(await objectsRead(api), [
        found("hello.txt", null),
        found("image.png", null, true),
        found("stored-bare.jpg", null, true),
        found("stored.png", 'attachment; filename="stored.png"'),
      ]);
      assert.deepEqual(api.heads.sort(), [
        "hello.txt",
        "image.png",
        "image.png application/octet-stream",
        "stored-bare.jpg",
        "stored-bare.jpg application/octet-stream",
        "stored.png",
        "stored.png application/octet-stream",
      ]);
    },
  );
});
