/**
 * `prefix:` listings streamed page by page into the signing pipeline:
 * `prefixLister` follows continuation tokens one page ahead, `liveListing`
 * turns failures into runtime failures and refuses a listing that changed
 * between passes, and the scan and signing passes expand a prefix from the
 * pages in order.
 */
import assert from "node:assert/strict";
import type { BucketApi, ListPage } from "../../src/check/bucket_api.ts";
import { BucketRequestError } from "../../src/check/bucket_api.ts";
import { prefixLister } from "../../src/check/read_bucket.ts";
import { liveListing } from "../../src/cli/live_listing.ts";
import { RuntimeFailure } from "../../src/cli/usage_error.ts";
import {
  manifestLinkBatches,
  scanManifestLinks,
} from "../../src/sign/manifest_links.ts";
import { validateManifest } from "../../src/pipeline/validate.ts";

const INSTANT = { sleep: () => Promise.resolve(), random: () => 0 };
const NOW = new Date("2026-11-28T09:00:00Z");
const CREDENTIALS = { accessKeyId: "AKID", accessKeySecret: "secret" };

/** A bucket listing `keys` in pages of `size`, counting its requests. */
function pagedApi(
  keys: () => readonly string[],
  size: number,
): { api: BucketApi; requests: string[] } {
  const requests: string[] = [];
  const listPage = (prefix: string, token: string | undefined) => {
    requests.push(`${prefix} ${token ?? "-"}`);
    const matching = keys().filter((key) => key.startsWith(prefix));
    const at = token === undefined ? 0 : Number(token);
    const next = at + size < matching.length ? String(at + size) : undefined;
    return Promise.resolve<ListPage>({
      keys: matching.slice(at, at + size),
      next,
    });
  };
  return { api: { listPage } as unknown as BucketApi, requests };
}

function numbered(count: number, prefix = "bulk/"): string[] {
  return Array.from(
    { length: count },
    (_, i) => `${prefix}${String(i).padStart(4, "0")}.txt`,
  );
}

async function pagesOf(
  source: AsyncIterable<readonly string[]>,
): Promise<(readonly string[])[]> {
  const pages = [];
  for await (const page of source) pages.push(page);
  return pages;
}

Deno.test("prefixLister() yields a listing page by page, one page ahead", async (t) => {
  const keys = numbered(25);
  await t.step("every page, in order", async () => {
    const { api, requests } = pagedApi(() => keys, 7);
    const lister = prefixLister("examplebucket", api, { retry: INSTANT });
    const pages = await pagesOf(lister.list("bulk/"));
    assert.deepEqual(pages.map((page) => page.length), [7, 7, 7, 4]);
    assert.deepEqual(pages.flat(), keys);
    assert.deepEqual(requests, ["bulk/ -", "bulk/ 7", "bulk/ 14", "bulk/ 21"]);
    assert.deepEqual(lister.stats(), { requests: 4, retries: 0 });
  });
  await t.step("a consumer that stops early stops the listing", async () => {
    const { api, requests } = pagedApi(() => keys, 7);
    const lister = prefixLister("examplebucket", api, { retry: INSTANT });
    for await (const page of lister.list("bulk/")) {
      assert.equal(page.length, 7);
      break;
    }
    // The first page, and the second asked for ahead.
    assert.deepEqual(requests, ["bulk/ -", "bulk/ 7"]);
  });
  await t.step("a repeated continuation token stops the listing", async () => {
    const api = {
      listPage: () => Promise.resolve({ keys: ["bulk/a"], next: "same" }),
    } as unknown as BucketApi;
    const lister = prefixLister("examplebucket", api, { retry: INSTANT });
    await assert.rejects(
      pagesOf(lister.list("bulk/")),
      /GET \?list-type=2 prefix "bulk\/" page 2 failed: the listing repeats a continuation token/,
    );
  });
});

Deno.test("liveListing() fails as a runtime failure, and when a listing changes between passes", async (t) => {
  await t.step("a failed request names the request", async () => {
    const api = {
      listPage: () =>
        Promise.reject(
          new BucketRequestError("oss", "AccessDenied", { status: 403 }),
        ),
    } as unknown as BucketApi;
    const list = liveListing(
      prefixLister("examplebucket", api, { retry: INSTANT }),
    );
    await assert.rejects(
      pagesOf(list("bulk/")),
      (error: unknown) =>
        error instanceof RuntimeFailure &&
        /^Cannot read bucket "examplebucket": GET \?list-type=2 prefix "bulk\/" failed/
          .test(error.message),
    );
  });
  await t.step(
    "the same listing twice passes; a changed one fails at its end",
    async () => {
      let keys = numbered(5);
      const { api } = pagedApi(() => keys, 2);
      const list = liveListing(
        prefixLister("examplebucket", api, { retry: INSTANT }),
      );
      assert.equal((await pagesOf(list("bulk/"))).flat().length, 5);
      assert.equal((await pagesOf(list("bulk/"))).flat().length, 5);
      keys = [...numbered(5).slice(0, 4), "bulk/9999.txt"];
      await assert.rejects(
        pagesOf(list("bulk/")),
        (error: unknown) =>
          error instanceof RuntimeFailure &&
          error.message ===
            'The listing of prefix "bulk/" changed while signing (5 keys, then 5): sign again',
      );
    },
  );
});

Deno.test("scanManifestLinks() and manifestLinkBatches() expand a prefix from its pages, listing it on each pass", async () => {
  const manifest = validateManifest(
    new TextEncoder().encode(`version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - key: first.txt
  - prefix: bulk/
  - key: last.txt
`),
    { now: NOW },
  ).manifest!;
  const keys = numbered(2500);
  const { api, requests } = pagedApi(() => keys, 1000);
  const listPrefix = liveListing(
    prefixLister("examplebucket", api, { retry: INSTANT }),
  );
  const scan = await scanManifestLinks(manifest, { listPrefix });
  assert.equal(scan.total, 2502);
  assert.deepEqual(scan.findings, []);
  assert.equal(requests.length, 3);
  const signed: string[] = [];
  for await (
    const batch of manifestLinkBatches(manifest, {
      listPrefix,
      credentials: CREDENTIALS,
      signedAt: NOW,
    })
  ) {
    assert.ok(batch.length <= 1000, "no batch larger than a page");
    signed.push(...batch.map((link) => link.key));
  }
  assert.deepEqual(signed, ["first.txt", ...keys, "last.txt"]);
  assert.equal(requests.length, 6);
});
