import assert from "node:assert/strict";
import { contentDisposition } from "../../src/sign/content_disposition.ts";
import type { ListFileResult } from "../../src/rules/list_file.ts";
import type { Manifest, ObjectEntry } from "../../src/manifest/types.ts";
import { planLinks } from "../../src/sign/plan.ts";

const NOW = new Date("2026-11-28T09:00:00Z");

function manifest(
  objects: ObjectEntry[],
  rest: Partial<Manifest> = {},
): Manifest {
  return {
    version: 1,
    bucket: { name: "examplebucket", region: "cn-hangzhou" },
    styles: ["thumb"],
    objects,
    ...rest,
  };
}

function planOf(entry: ObjectEntry, rest: Partial<Manifest> = {}) {
  const result = planLinks(manifest([entry], rest), { now: NOW });
  assert.deepEqual(result.findings, []);
  assert.equal(result.plans.length, 1);
  return result.plans[0]!;
}

function list(...objects: ListFileResult["objects"]): ListFileResult {
  return { objects, diagnostics: [] };
}

Deno.test("planLinks() plans a bare key as a 30-minute attachment download", () => {
  assert.deepEqual(planOf({ key: "docs/price list 2026.xlsx" }), {
    id: "docs/price list 2026.xlsx",
    key: "docs/price list 2026.xlsx",
    method: "GET",
    disposition: "attachment",
    filename: "price list 2026.xlsx",
    process: null,
    expires: 1800,
    query: {
      "response-content-disposition":
        `attachment; filename="price list 2026.xlsx"; filename*=UTF-8''price%20list%202026.xlsx`,
    },
  });
});

Deno.test("planLinks() merges defaults under each entry", async (t) => {
  const defaults = {
    expires: "2h",
    disposition: "inline" as const,
    style: "thumb",
    method: "HEAD" as const,
    trafficLimit: 819200,
  };
  await t.step("an entry inherits every default", () => {
    const plan = planOf({ key: "a.jpg" }, { defaults });
    assert.equal(plan.expires, 7200);
    assert.equal(plan.disposition, "inline");
    assert.equal(plan.method, "HEAD");
    assert.equal(plan.process, "style/thumb");
    assert.deepEqual(plan.query, {
      "response-content-disposition": "inline",
      "x-oss-process": "style/thumb",
      "x-oss-traffic-limit": "819200",
    });
  });
  await t.step("an entry's own options win", () => {
    const plan = planOf({
      key: "a.jpg",
      expires: 60,
      disposition: "attachment",
      filename: "b.jpg",
      method: "GET",
      trafficLimit: 8388608,
    }, { defaults });
    assert.equal(plan.expires, 60);
    assert.equal(plan.method, "GET");
    assert.equal(plan.filename, "b.jpg");
    assert.equal(
      plan.query["response-content-disposition"],
      `attachment; filename="b.jpg"; filename*=UTF-8''b.jpg`,
    );
    assert.equal(plan.query["x-oss-traffic-limit"], "8388608");
  });
  await t.step("response overrides merge header by header", () => {
    const plan = planOf({
      key: "a.pdf",
      response: {
        "content-type": "application/pdf",
        "cache-control": "max-age=60",
      },
    }, {
      defaults: {
        response: { "cache-control": "no-store", "content-language": "zh-CN" },
      },
    });
    assert.equal(plan.query["response-content-type"], "application/pdf");
    assert.equal(plan.query["response-cache-control"], "max-age=60");
    assert.equal(plan.query["response-content-language"], "zh-CN");
  });
  await t.step(
    "an entry's process replaces the default style, and back",
    () => {
      const processed = planOf(
        { key: "a.jpg", process: "image/resize,w_200" },
        { defaults: { style: "thumb" } },
      );
      assert.equal(processed.query["x-oss-process"], "image/resize,w_200");
      const styled = planOf(
        { key: "a.jpg", style: "thumb" },
        { defaults: { process: "image/resize,w_200" } },
      );
      assert.equal(styled.query["x-oss-process"], "style/thumb");
    },
  );
});

Deno.test("planLinks() builds response-content-disposition", async (t) => {
  await t.step("attachment without filename: the key's last segment", () => {
    for (
      const [key, name] of [
        ["report.pdf", "report.pdf"],
        ["reports/2026/Q3 报告.pdf", "Q3 报告.pdf"],
      ]
    ) {
      const plan = planOf({ key: key! });
      assert.equal(plan.filename, name);
      assert.equal(
        plan.query["response-content-disposition"],
        contentDisposition("attachment", name),
      );
    }
  });
  await t.step("inline without filename: bare inline", () => {
    const plan = planOf({ key: "a/b.jpg", disposition: "inline" });
    assert.equal(plan.query["response-content-disposition"], "inline");
  });
  await t.step("inline with a filename keeps it", () => {
    const plan = planOf({
      key: "a/b.pdf",
      disposition: "inline",
      filename: "报告.pdf",
    });
    assert.equal(
      plan.query["response-content-disposition"],
      contentDisposition("inline", "报告.pdf"),
    );
    assert.equal(plan.filename, "报告.pdf");
  });
  await t.step("a filename with control characters throws", () => {
    assert.throws(
      () => planLinks(manifest([{ key: "a", filename: "a\nb" }]), { now: NOW }),
      RangeError,
    );
  });
});

Deno.test("planLinks() signs style, process, overrides, version and traffic limit", async (t) => {
  await t.step("style becomes x-oss-process=style/<name>", () => {
    const plan = planOf({ key: "a.jpg", style: "thumb" });
    assert.equal(plan.process, "style/thumb");
    assert.equal(plan.query["x-oss-process"], "style/thumb");
  });
  await t.step("process is signed as written", () => {
    const plan = planOf({
      key: "a.jpg",
      process: "image/resize,w_800/quality,q_90",
    });
    assert.equal(plan.process, "image/resize,w_800/quality,q_90");
    assert.equal(
      plan.query["x-oss-process"],
      "image/resize,w_800/quality,q_90",
    );
  });
  await t.step("every response override", () => {
    const plan = planOf({
      key: "a.pdf",
      response: {
        "content-type": "application/pdf",
        "content-language": "zh-CN",
        "cache-control": "no-store",
        "content-encoding": "identity",
        "expires": "Thu, 01 Jan 2037 00:00:00 GMT",
      },
    });
    assert.deepEqual(plan.query, {
      "response-content-disposition":
        `attachment; filename="a.pdf"; filename*=UTF-8''a.pdf`,
      "response-cache-control": "no-store",
      "response-content-encoding": "identity",
      "response-content-language": "zh-CN",
      "response-content-type": "application/pdf",
      "response-expires": "Thu, 01 Jan 2037 00:00:00 GMT",
    });
  });
  await t.step("versionId and x-oss-traffic-limit", () => {
    const plan = planOf({
      key: "v.mp4",
      version:
        "CAEQNhiBgMDJgZCA0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFmZjRjOWQ1NjBm",
      trafficLimit: 838860800,
    });
    assert.equal(
      plan.query["versionId"],
      "CAEQNhiBgMDJgZCA0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFmZjRjOWQ1NjBm",
    );
    assert.equal(plan.query["x-oss-traffic-limit"], "838860800");
  });
});

Deno.test("planLinks() resolves expiries against the signing time", async (t) => {
  const cases: [string | number | undefined, number][] = [
    [undefined, 1800],
    [90, 90],
    ["600", 600],
    ["90s", 90],
    ["30m", 1800],
    ["12h", 43200],
    ["7d", 604800],
    ["1d2h3m4s", 93784],
    ["2026-11-28T10:00:00Z", 3600],
    ["2026-11-28T18:00:00+08:00", 3600],
    ["2026-11-28T10:00:00.999Z", 3600],
  ];
  for (const [expires, seconds] of cases) {
    await t.step(String(expires), () => {
      const entry = expires === undefined
        ? { key: "a" }
        : { key: "a", expires };
      assert.equal(planOf(entry).expires, seconds);
    });
  }
  await t.step("a default expiry applies to list entries", () => {
    const result = planLinks(
      manifest([{ list: "k.txt" }], { defaults: { expires: "1h" } }),
      { now: NOW, lists: new Map([["k.txt", list({ key: "x" })]]) },
    );
    assert.equal(result.plans[0]!.expires, 3600);
  });
  await t.step("an expiry validation rejects throws", () => {
    assert.throws(
      () => planLinks(manifest([{ key: "a", expires: "soon" }]), { now: NOW }),
      RangeError,
    );
  });
});

Deno.test("planLinks() expands list: entries", async (t) => {
  const lists = new Map([
    ["one.txt", list({ key: "a.txt" }, { key: "b.pdf", id: "bee" })],
    [
      "two.ndjson",
      list(
        { key: "c.txt", filename: "报告.txt" },
        { key: "d.jpg", disposition: "inline" },
        { key: "a.txt" },
      ),
    ],
  ]);
  const entries: ObjectEntry[] = [
    { list: "one.txt", expires: 60 },
    { list: "two.ndjson", disposition: "attachment", filename: "x.bin" },
  ];
  const result = planLinks(manifest(entries), { now: NOW, lists });
  await t.step("ids, options and per-line overrides", () => {
    assert.deepEqual(
      result.plans.map((
        p,
      ) => [p.id, p.key, p.expires, p.disposition, p.filename]),
      [
        ["a.txt", "a.txt", 60, "attachment", "a.txt"],
        ["bee", "b.pdf", 60, "attachment", "b.pdf"],
        ["c.txt", "c.txt", 1800, "attachment", "报告.txt"],
        ["d.jpg", "d.jpg", 1800, "inline", "x.bin"],
      ],
    );
  });
  await t.step(
    "a duplicate id across list files is a finding, not a link",
    () => {
      assert.deepEqual(result.findings, [{
        rule: "duplicate-id",
        path: ["objects", 1, "list"],
        message: 'Duplicate link id "a.txt": objects[0] has it too',
      }]);
    },
  );
  await t.step("a list that was not read", () => {
    const missing = planLinks(manifest([{ list: "gone.txt" }]), { now: NOW });
    assert.deepEqual(missing.plans, []);
    assert.deepEqual(missing.findings.map((f) => [f.rule, f.path]), [
      ["list-unreadable", ["objects", 0, "list"]],
    ]);
  });
  await t.step("a duplicate id between a key and a list entry", () => {
    const both = planLinks(
      manifest([{ key: "a.txt" }, { list: "one.txt" }]),
      { now: NOW, lists },
    );
    assert.deepEqual(both.plans.map((p) => p.id), ["a.txt", "bee"]);
    assert.equal(both.findings[0]!.rule, "duplicate-id");
  });
});

Deno.test("planLinks() expands prefix: entries only from a listing", () => {
  const entries: ObjectEntry[] = [{ prefix: "photos/", style: "thumb" }];
  const unlisted = planLinks(manifest(entries), { now: NOW });
  assert.deepEqual(unlisted.plans, []);
  assert.deepEqual(unlisted.findings.map((f) => [f.rule, f.path]), [
    ["prefix-needs-listing", ["objects", 0, "prefix"]],
  ]);
  const listed = planLinks(manifest(entries), {
    now: NOW,
    prefixes: new Map([["photos/", ["photos/a.jpg", "photos/b.jpg"]]]),
  });
  assert.deepEqual(listed.findings, []);
  assert.deepEqual(
    listed.plans.map((p) => [p.id, p.process]),
    [["photos/a.jpg", "style/thumb"], ["photos/b.jpg", "style/thumb"]],
  );
});
