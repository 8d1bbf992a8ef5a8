import assert from "node:assert/strict";
import {
  assumedRequestHeaderValue,
  corsUnsafeRequestHeaderNames,
  corsVerdict,
  isForbiddenRequestHeader,
  isSafelistedRequestHeader,
} from "../../src/check/cors_verdict.ts";
import type { SnapshotCors } from "../../src/check/snapshot_schema.ts";
import {
  CORS_CASES,
  corsWithPorts,
  PAGE_ORIGINS,
  withPorts,
} from "../_cors_cases.ts";

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
    // Judged as the assumed "bytes=0-" (it was judged as needing a preflight
    // before, which browsers do not send for the ranges pages use).
    ["Range", undefined, true],
    ["Range", "bytes=0-99", true],
    ["Range", "bytes=100-", true],
    ["Range", "bytes=-100", false],
    ["Range", "bytes=9-1", false],
    ["Range", "bytes=0-1,5-6", false],
    ["Content-Type", undefined, false],
    ["Content-Type", "text/plain;charset=utf-8", true],
    ["Content-Type", "application/json", false],
    ["X-Requested-With", "XMLHttpRequest", false],
    ["Accept", "a\u0000b", false],
    ["Accept", "\ttext/plain\t", true],
    ["Accept", "text/plain\u0100", false],
    ["Accept-Language", "*", true],
    ["Content-Language", "en\tus", false],
    ["Content-Type", " text/plain ; charset=utf-8", true],
    ["Content-Type", "text/", false],
    ["Content-Type", "/plain", false],
    ["Content-Type", "text/plain@x", false],
    ["Range", "bytes=0-", true],
    ["Range", "bytes=-", false],
    ["Range", "bytes=3-3", true],
    ["Range", "bytes=9223372036854775807-", true],
    ["Range", "bytes=9223372036854775808-", false],
    ["Range", "bytes=0-9223372036854775808", false],
    ["Range", "items=0-3", false],
    ["Save-Data", "on", false],
  ];
  for (const [name, value, expected] of cases) {
    assert.equal(
      isSafelistedRequestHeader({ name, value }),
      expected,
      `${name}: ${value}`,
    );
  }
});

Deno.test("assumedRequestHeaderValue() gives the values pages usually send", () => {
  assert.equal(assumedRequestHeaderValue("RANGE"), "bytes=0-");
  assert.equal(assumedRequestHeaderValue("Accept"), "*/*");
  assert.equal(assumedRequestHeaderValue("Content-Type"), undefined);
  assert.equal(assumedRequestHeaderValue("X-Custom"), undefined);
});

Deno.test("isForbiddenRequestHeader() follows Fetch's forbidden request-headers", () => {
  const cases: [string, string | undefined, boolean][] = [
    ["Cookie", "a=b", true],
    ["referer", undefined, true],
    ["Accept-Encoding", "gzip", true],
    ["Sec-Fetch-Mode", "cors", true],
    ["Proxy-Authorization", "x", true],
    ["X-HTTP-Method-Override", "TRACE", true],
    ["X-Method-Override", "get, track", true],
    ["X-HTTP-Method", "GET", false],
    ["X-HTTP-Method-Override", undefined, false],
    ["Range", "bytes=0-", false],
    ["User-Agent", "x", false],
  ];
  for (const [name, value, expected] of cases) {
    assert.equal(
      isForbiddenRequestHeader({ name, value }),
      expected,
      `${name}: ${value}`,
    );
  }
});

Deno.test("corsUnsafeRequestHeaderNames() counts the safelisted bytes", async (t) => {
  await t.step("unsafe names, lower case, sorted, once", () => {
    assert.deepEqual(
      corsUnsafeRequestHeaderNames([
        { name: "X-B", value: "1" },
        { name: "Range", value: "bytes=0-1" },
        { name: "x-a", value: "1" },
        { name: "x-b", value: "2" },
      ]),
      ["x-a", "x-b"],
    );
  });
  await t.step("more than 1024 safelisted bytes make them all unsafe", () => {
    const entry = { name: "Accept", value: "a".repeat(114) };
    assert.deepEqual(
      corsUnsafeRequestHeaderNames(Array(8).fill(entry)),
      [],
      "8 × 114 = 912 bytes",
    );
    assert.deepEqual(
      corsUnsafeRequestHeaderNames([
        ...Array(8).fill(entry),
        { name: "Content-Language", value: "e".repeat(113) },
        { name: "X-Custom", value: "1" },
      ]),
      ["accept", "content-language", "x-custom"],
      "912 + 113 = 1025 bytes",
    );
  });
  await t.step(
    "corsVerdict() joins a repeated header and drops forbidden ones",
    () => {
      const verdict = corsVerdict("none", {
        origin: "https://app.example.com",
        method: "GET",
        headers: [
          { name: "Accept", value: "a".repeat(100) },
          { name: "Accept", value: "b".repeat(100) },
          { name: "Cookie", value: "a=b" },
        ],
        expose: [],
      });
      assert.deepEqual(verdict.preflightHeaders, ["accept"]);
    },
  );
});
