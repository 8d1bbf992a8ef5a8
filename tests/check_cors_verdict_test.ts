import assert from "node:assert/strict";
import {
  corsVerdict,
  isSafelistedRequestHeader,
} from "../src/check/cors_verdict.ts";
import type { SnapshotCors } from "../src/check/snapshot.ts";
import {
  CORS_CASES,
  corsWithPorts,
  PAGE_ORIGINS,
  withPorts,
} from "./_cors_cases.ts";

const PORTS = { port: 8080, port2: 9090 };

Deno.test("corsVerdict() gives the expected verdict for every CORS case", async (t) => {
  assert.ok(CORS_CASES.length >= 20);
  for (const item of CORS_CASES) {
    await t.step(item.name, () => {
      const verdict = corsVerdict(corsWithPorts(item.cors, PORTS), {
        origin: withPorts(PAGE_ORIGINS[item.origin], PORTS),
        method: item.method,
        headers: item.headers,
        expose: item.expose,
      });
      assert.equal(verdict.allowed, item.expected.allowed, "allowed");
      assert.equal(verdict.preflight, item.expected.preflight, "preflight");
      if (item.expected.allowed) {
        assert.deepEqual(verdict.readable, item.expected.readable ?? {});
        assert.equal(verdict.denial, undefined);
      } else {
        assert.notEqual(verdict.denial, undefined);
        assert.ok(Object.values(verdict.readable).every((value) => !value));
      }
    });
  }
});

const ONE_RULE: SnapshotCors = {
  responseVary: false,
  rules: [
    {
      allowedOrigins: ["https://app.example.com"],
      allowedMethods: ["GET"],
      allowedHeaders: ["x-a"],
      exposeHeaders: [],
    },
    {
      allowedOrigins: ["https://app.example.com"],
      allowedMethods: ["GET"],
      allowedHeaders: ["x-b"],
      exposeHeaders: ["*"],
    },
  ],
};

Deno.test("corsVerdict() says why a request is refused", async (t) => {
  const ask = (
    origin: string,
    method: string,
    headers: string[],
  ) =>
    corsVerdict(ONE_RULE, {
      origin,
      method,
      headers: headers.map((name) => ({ name })),
      expose: [],
    });
  await t.step("no configuration", () => {
    assert.deepEqual(
      corsVerdict("none", {
        origin: "https://a.example",
        method: "GET",
        headers: [],
        expose: ["ETag"],
      }).denial,
      { kind: "no-config" },
    );
  });
  await t.step("origin", () => {
    assert.deepEqual(ask("https://evil.example", "GET", []).denial, {
      kind: "origin",
    });
  });
  await t.step("method", () => {
    assert.deepEqual(ask("https://app.example.com", "HEAD", []).denial, {
      kind: "method",
    });
  });
  await t.step("headers no rule allows", () => {
    assert.deepEqual(
      ask("https://app.example.com", "GET", ["X-A", "X-C"]).denial,
      { kind: "headers", missing: ["x-c"] },
    );
  });
  await t.step("headers no single rule allows together", () => {
    const verdict = ask("https://app.example.com", "GET", ["X-B", "X-A"]);
    assert.deepEqual(verdict.denial, { kind: "header-combination" });
    assert.deepEqual(verdict.preflightHeaders, ["x-a", "x-b"]);
  });
  await t.step(
    "the preflight and the request can be answered by different rules",
    () => {
      const verdict = corsVerdict(ONE_RULE, {
        origin: "https://app.example.com",
        method: "GET",
        headers: [{ name: "X-B" }],
        expose: ["ETag"],
      });
      assert.equal(verdict.preflightRule, 1);
      assert.equal(verdict.rule, 0);
      assert.deepEqual(verdict.readable, { ETag: false });
    },
  );
  await t.step("ExposeHeader * exposes every header (uncredentialed)", () => {
    const verdict = corsVerdict(
      { responseVary: false, rules: [ONE_RULE.rules[1]!] },
      {
        origin: "https://app.example.com",
        method: "GET",
        headers: [],
        expose: ["ETag"],
      },
    );
    assert.deepEqual(verdict.readable, { ETag: true });
  });
});

Deno.test("isSafelistedRequestHeader() follows the Fetch safelist", () => {
  const cases: [string, string | undefined, boolean][] = [
    ["Accept", undefined, true],
    ["accept-language", "de", true],
    ["Content-Language", "en", true],
    ["Range", undefined, false],
    ["Range", "bytes=0-99", true],
    ["Range", "bytes=100-", true],
    ["Range", "bytes=-100", false],
    ["Range", "bytes=9-1", false],
    ["Range", "bytes=0-1,5-6", false],
    ["Content-Type", undefined, false],
    ["Content-Type", "text/plain;charset=utf-8", true],
    ["Content-Type", "application/json", false],
    ["X-Requested-With", "XMLHttpRequest", false],
  ];
  for (const [name, value, expected] of cases) {
    assert.equal(
      isSafelistedRequestHeader({ name, value }),
      expected,
      `${name}: ${value}`,
    );
  }
});
