import assert from "node:assert/strict";
import {
  type BucketApi,
  BucketRequestError,
  type HeadFacts,
} from "../../src/check/bucket_api.ts";
import {
  BucketReadError,
  listPrefixes,
  readBucket,
} from "../../src/check/read_bucket.ts";
import { formatSnapshot, parseSnapshot } from "../../src/check/snapshot.ts";
import type {
  BucketSnapshot,
  SnapshotFoundObject,
} from "../../src/check/snapshot_schema.ts";
import type { Manifest } from "../../src/manifest/types.ts";
import { validateManifest } from "../../src/pipeline/validate.ts";

const DIR = new URL("../fixtures/check/ok/", import.meta.url);
const NOW = new Date("2026-11-28T08:00:00Z");
const INSTANT = { sleep: () => Promise.resolve(), random: () => 0 };

async function fixture(): Promise<
  { manifest: Manifest; text: string; snapshot: BucketSnapshot }
> {
  const text = await Deno.readTextFile(new URL("links.yaml", DIR));
  const manifest = validateManifest(new TextEncoder().encode(text)).manifest!;
  const snapshot = parseSnapshot(
    await Deno.readTextFile(new URL("snapshot.json", DIR)),
  );
  return { manifest, text, snapshot };
}

function manifestOf(text: string): Manifest {
  const validation = validateManifest(new TextEncoder().encode(text), {
    now: NOW,
  });
  assert.ok(validation.manifest, JSON.stringify(validation.diagnostics));
  return validation.manifest;
}

/** A bucket API answering from a snapshot's facts, counting calls. */
class FakeApi implements BucketApi {
  readonly calls: string[] = [];
  readonly facts: BucketSnapshot;
  /** Failures to throw, by call name, consumed first. */
  readonly failures = new Map<string, unknown[]>();
  /** Keys per listing page. */
  pageSize = 1000;
  inFlight = 0;
  mostInFlight = 0;

  constructor(facts: BucketSnapshot) {
    this.facts = facts;
  }

  async #answer<T>(name: string, value: () => T): Promise<T> {
    this.calls.push(name);
    this.inFlight++;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    try {
      await Promise.resolve();
      const failure = this.failures.get(name)?.shift();
      if (failure !== undefined) throw failure;
      return value();
    } finally {
      this.inFlight--;
    }
  }

  bucketInfo = () => this.#answer("info", () => this.facts.info);
  cors = () => this.#answer("cors", () => this.facts.cors);
  cnames = () => this.#answer("cname", () => [...this.facts.cnames]);
  styles = () => this.#answer("style", () => [...this.facts.styles]);
  referer = () => this.#answer("referer", () => this.facts.referer);
  head(key: string, version: string | null) {
    return this.#answer(
      `head ${key} ${version}`,
      (): HeadFacts | "not-found" => {
        const found = this.facts.objects.find((object) =>
          object.key === key && object.status === "found" &&
          (version === null ? true : object.versionId === version)
        ) as SnapshotFoundObject | undefined;
        if (found === undefined) return "not-found";
        const { contentType, contentDisposition, size, versionId } = found;
        return { contentType, contentDisposition, size, versionId };
      },
    );
  }
  listPage(prefix: string, token: string | undefined) {
    return this.#answer(`list ${prefix} ${token ?? ""}`, () => {
      const keys = this.facts.prefixes.find((entry) => entry.prefix === prefix)
        ?.keys ?? [];
      const start = token === undefined ? 0 : Number(token);
      const end = start + this.pageSize;
      return {
        keys: keys.slice(start, end),
        next: end < keys.length ? String(end) : undefined,
      };
    });
  }
  probeRawProcessing(key: string) {
    return this.#answer(`probe ${key}`, () => this.facts.rawImageProcessing);
  }
}

const unavailable = () =>
  new BucketRequestError(
    "oss",
    "503 ServiceUnavailable: Please reduce your request rate",
    {
      status: 503,
      code: "ServiceUnavailable",
    },
  );

Deno.test("readBucket() reads exactly the facts of the fixture", async () => {
  const { manifest, snapshot } = await fixture();
  const api = new FakeApi(snapshot);
  const result = await readBucket(manifest, api, { now: NOW, retry: INSTANT });
  assert.equal(formatSnapshot(result.snapshot), formatSnapshot(snapshot));
  assert.equal(result.stats.retries, 0);
  assert.equal(result.stats.requests, api.calls.length);
  assert.deepEqual(
    api.calls.filter((call) => call.startsWith("head")).sort(),
    [
      "head data/export.csv null",
      "head docs/changelog.txt v1",
      "head gallery/a.png null",
      "head photos/cover.jpg null",
      "head reports/q3.pdf null",
    ],
  );
  assert.ok(!api.calls.some((call) => call.startsWith("probe")));
});

Deno.test("readBucket() retries transient failures and counts them", async () => {
  const { manifest, snapshot } = await fixture();
  const api = new FakeApi(snapshot);
  api.failures.set("cors", [unavailable(), unavailable()]);
  api.failures.set("head reports/q3.pdf null", [
    new BucketRequestError(
      "timeout",
      "timed out: no complete response within 50 ms",
    ),
  ]);
  const waits: number[] = [];
  const result = await readBucket(manifest, api, {
    now: NOW,
    retry: {
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
    },
  });
  assert.equal(result.stats.retries, 3);
  assert.equal(result.stats.requests, api.calls.length);
  assert.deepEqual(waits.sort((a, b) => a - b), [100, 100, 200]);
  assert.equal(formatSnapshot(result.snapshot), formatSnapshot(snapshot));
});

Deno.test("readBucket() names the request that failed for good", async (t) => {
  const { manifest, snapshot } = await fixture();
  await t.step("after the attempts run out", async () => {
    const api = new FakeApi(snapshot);
    api.failures.set("cname", Array.from({ length: 4 }, unavailable));
    await assert.rejects(
      readBucket(manifest, api, { now: NOW, retry: INSTANT }),
      (error) => {
        assert.ok(error instanceof BucketReadError);
        assert.equal(
          error.message,
          'Cannot read bucket "examplebucket": GET ?cname failed after 4 attempts: 503 ServiceUnavailable: Please reduce your request rate',
        );
        assert.equal(error.request, "GET ?cname");
        assert.equal(error.attempts, 4);
        return true;
      },
    );
  });
  await t.step("at once when the failure is not transient", async () => {
    const api = new FakeApi(snapshot);
    api.failures.set("head docs/changelog.txt v1", [
      new BucketRequestError(
        "oss",
        "403 SignatureDoesNotMatch: The request signature we calculated does not match",
        {
          status: 403,
          code: "SignatureDoesNotMatch",
        },
      ),
    ]);
    await assert.rejects(
      readBucket(manifest, api, { now: NOW, retry: INSTANT }),
      {
        name: "BucketReadError",
        message:
          'Cannot read bucket "examplebucket": HEAD "docs/changelog.txt" versionId "v1" failed: 403 SignatureDoesNotMatch: The request signature we calculated does not match',
      },
    );
  });
  await t.step("a malformed answer is not retried", async () => {
    const api = new FakeApi(snapshot);
    api.failures.set("referer", [
      new BucketRequestError(
        "malformed",
        "malformed response: Unclosed root tag",
      ),
    ]);
    await assert.rejects(
      readBucket(manifest, api, { now: NOW, retry: INSTANT }),
      {
        message:
          'Cannot read bucket "examplebucket": GET ?referer failed: malformed response: Unclosed root tag',
      },
    );
    assert.equal(api.calls.filter((call) => call === "referer").length, 1);
  });
});

Deno.test("readBucket() tells a missing version from a missing key", async () => {
  const { snapshot } = await fixture();
  const manifest = manifestOf(`version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - {key: docs/changelog.txt, version: v9}
  - {key: gone.txt, version: v1}
  - {key: gone.txt, id: gone-current}
`);
  const result = await readBucket(manifest, new FakeApi(snapshot), {
    now: NOW,
    retry: INSTANT,
  });
  assert.deepEqual(result.snapshot.objects, [
    { key: "docs/changelog.txt", version: "v9", status: "no-such-version" },
    { key: "gone.txt", version: null, status: "no-such-key" },
    { key: "gone.txt", version: "v1", status: "no-such-key" },
  ]);
});

Deno.test("readBucket() lists prefixes page by page", async (t) => {
  const { snapshot } = await fixture();
  const keys = Array.from(
    { length: 25 },
    (_, i) => `many/${String(i).padStart(2, "0")}.txt`,
  );
  const facts: BucketSnapshot = {
    ...snapshot,
    prefixes: [{ prefix: "many/", keys }],
    objects: keys.map((key) => ({
      key,
      version: null,
      status: "found",
      contentType: "text/plain",
      contentDisposition: null,
      size: 1,
      versionId: null,
    })),
  };
  const manifest = manifestOf(`version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - prefix: many/
`);
  await t.step("all pages, every key headed, bounded concurrency", async () => {
    const api = new FakeApi(facts);
    api.pageSize = 10;
    const result = await readBucket(manifest, api, {
      now: NOW,
      retry: INSTANT,
      concurrency: 3,
    });
    assert.deepEqual(result.snapshot.prefixes, [{ prefix: "many/", keys }]);
    assert.deepEqual(
      api.calls.filter((call) => call.startsWith("list")),
      ["list many/ ", "list many/ 10", "list many/ 20"],
    );
    assert.equal(result.snapshot.objects.length, 25);
    assert.equal(api.mostInFlight, 3);
  });
  await t.step("listPrefixes() alone, for sign --live", async () => {
    const api = new FakeApi(facts);
    api.pageSize = 7;
    const result = await listPrefixes(manifest, api, { retry: INSTANT });
    assert.deepEqual([...result.prefixes], [["many/", keys]]);
    assert.equal(result.stats.requests, 4);
  });
  await t.step("a listing that repeats its token stops", async () => {
    const api = new FakeApi(facts);
    api.listPage = () =>
      Promise.resolve({ keys: ["many/00.txt"], next: "same" });
    await assert.rejects(listPrefixes(manifest, api, { retry: INSTANT }), {
      message:
        'Cannot read bucket "examplebucket": GET ?list-type=2 prefix "many/" page 2 failed: the listing repeats a continuation token',
    });
  });
});

Deno.test("readBucket() probes raw processing only when a link uses it", async () => {
  const { snapshot } = await fixture();
  const manifest = manifestOf(`version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
defaults: {process: "image/resize,w_100"}
objects:
  - key: reports/q3.pdf
  - key: missing.png
  - key: photos/cover.jpg
`);
  const api = new FakeApi({ ...snapshot, rawImageProcessing: "refused" });
  const result = await readBucket(manifest, api, { now: NOW, retry: INSTANT });
  assert.equal(result.snapshot.rawImageProcessing, "refused");
  assert.deepEqual(
    api.calls.filter((call) => call.startsWith("probe")),
    ["probe photos/cover.jpg"],
  );
});
