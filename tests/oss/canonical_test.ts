import assert from "node:assert/strict";
import {
  isV1SignedParam,
  V1_SUBRESOURCES,
  v1CanonicalizedResource,
} from "../../src/oss/v1.ts";
import { v4AdditionalHeaders, v4CanonicalRequest } from "../../src/oss/v4.ts";
import {
  encodedPair,
  encodePath,
  encodeQuery,
  encodeRfc3986,
  joinAround,
  joinPairs,
  joinWith,
  sortPairs,
} from "../../src/oss/encode.ts";
import { Gen } from "../_random_requests.ts";

Deno.test("isV1SignedParam() signs whitelisted and x-oss-* parameters only", () => {
  for (const name of ["versionId", "response-content-disposition", "acl"]) {
    assert.equal(isV1SignedParam(name), true, name);
  }
  // Go v2 and Python/Java v2 list these two; Go v1 lists the rest.
  for (const name of ["sequential", "cloudboxes", "cors", "style"]) {
    assert.equal(V1_SUBRESOURCES.has(name), true, name);
  }
  for (const name of ["x-oss-process", "x-oss-traffic-limit"]) {
    assert.equal(isV1SignedParam(name), true, name);
  }
  for (const name of ["t", "param1", "VersionId", "X-Oss-Process", ""]) {
    assert.equal(isV1SignedParam(name), false, name);
  }
});

Deno.test("v1CanonicalizedResource() sorts raw values and keeps empty ones bare", async (t) => {
  await t.step("object", () => {
    assert.equal(
      v1CanonicalizedResource("b", "dir/报告 1+.txt", {
        "x-oss-process": "image/resize,w_200",
        "response-content-type": "text/plain; charset=utf-8",
        "t": "123",
        "versionId": "",
      }),
      "/b/dir/报告 1+.txt?response-content-type=text/plain; charset=utf-8" +
        "&versionId&x-oss-process=image/resize,w_200",
    );
  });
  await t.step("bucket and service", () => {
    assert.equal(v1CanonicalizedResource("b", "", { cors: "" }), "/b/?cors");
    assert.equal(v1CanonicalizedResource("", "", {}), "/");
  });
  await t.step("a token given apart is signed as if in the query", () => {
    const query = { "x-oss-process": "style/a", "response-expires": "0" };
    for (const token of ["CAIS+/=", ""]) {
      assert.equal(
        v1CanonicalizedResource("b", "k", query, token),
        v1CanonicalizedResource("b", "k", {
          ...query,
          "security-token": token,
        }),
      );
    }
    assert.equal(
      v1CanonicalizedResource("b", "k", { "security-token": "q" }, "t"),
      "/b/k?security-token=q",
      "the query's own token wins",
    );
  });
});

Deno.test("v4AdditionalHeaders() keeps only extra headers the request carries with a value", () => {
  assert.deepEqual(
    v4AdditionalHeaders(["Host", "ZAbc", "abc", "ABC", "empty", "missing"], {
      host: "b.example.com",
      zabc: "v",
      Abc: "v",
      Empty: "",
    }),
    ["abc", "host", "zabc"],
  );
  assert.deepEqual(
    v4AdditionalHeaders(["content-type", "Content-MD5", "x-oss-meta-a"], {
      "content-type": "text/plain",
      "content-md5": "x",
      "x-oss-meta-a": "1",
    }),
    [],
  );
});

Deno.test("v4CanonicalRequest() has the documented layout", () => {
  assert.equal(
    v4CanonicalRequest({
      method: "GET",
      bucket: "examplebucket",
      key: "a!b'(c)*~d e.txt",
      query: { "response-content-type": "a/b", versionId: "", "x": "1 2" },
      headers: {
        Host: "h",
        "Content-Type": " text/plain ",
        "X-Oss-Meta-A": "1",
      },
      additionalHeaders: ["host"],
    }),
    [
      "GET",
      "/examplebucket/a%21b%27%28c%29%2A~d%20e.txt",
      "response-content-type=a%2Fb&versionId&x=1%202",
      "content-type:text/plain",
      "host:h",
      "x-oss-meta-a:1",
      "",
      "host",
      "UNSIGNED-PAYLOAD",
    ].join("\n"),
  );
  assert.ok(
    v4CanonicalRequest({
      method: "GET",
      bucket: "",
      key: "",
      query: {},
      headers: {},
      additionalHeaders: [],
    }).startsWith("GET\n/\n\n\n\n"),
  );
});

Deno.test("encodeRfc3986() and encodePath() equal encodeURIComponent plus !'()* escaping", () => {
  const reference = (text: string) =>
    encodeURIComponent(text).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  const g = new Gen(0xe4c0de);
  const chars = [
    ...Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)),
    "é",
    "ß",
    "报",
    "\u0800",
    "\uffff",
    "😀",
    "\u{10ffff}",
  ];
  for (let i = 0; i < 3000; i++) {
    const text = g.text(chars, 0, 40);
    assert.equal(encodeRfc3986(text), reference(text), JSON.stringify(text));
    assert.equal(
      encodePath(text),
      reference(text).replaceAll("%2F", "/"),
      JSON.stringify(text),
    );
  }
  for (const lone of ["\ud800", "a\udc00", "\ud800b", "x\udbff"]) {
    assert.throws(() => encodeRfc3986(lone), URIError);
  }
});

Deno.test("joinAround() merges two sorted lists and splits them at a name; joinWith() puts a pair there", () => {
  const mine = sortPairs([
    encodedPair("x-oss-signature-version", "OSS4-HMAC-SHA256"),
    encodedPair("x-oss-credential", "AKID/scope"),
  ]);
  const theirs = sortPairs([
    encodedPair("x-oss-signature-a", ""),
    encodedPair("a b", "1"),
    encodedPair("z", "2"),
  ]);
  const [before, after] = joinAround(theirs, mine, "x-oss-signature");
  assert.equal(before, "a%20b=1&x-oss-credential=AKID%2Fscope");
  assert.equal(
    after,
    "x-oss-signature-a&x-oss-signature-version=OSS4-HMAC-SHA256&z=2",
  );
  assert.equal(
    `${before}&${after}`,
    joinPairs(sortPairs([...mine, ...theirs])),
    "the parts joined are the whole sorted query",
  );
  assert.equal(
    joinWith(before, "x-oss-signature=f00", after),
    `${before}&x-oss-signature=f00&${after}`,
  );
  assert.deepEqual(joinAround([], [], "m"), ["", ""]);
  assert.deepEqual(joinAround([["a", "a=1"]], [], "m"), ["a=1", ""]);
  assert.deepEqual(joinAround([], [["z", "z"]], "m"), ["", "z"]);
  assert.equal(joinWith("", "s=1", ""), "s=1");
  assert.equal(joinWith("a=1", "s=1", ""), "a=1&s=1");
  assert.equal(joinWith("", "s=1", "z"), "s=1&z");
  assert.equal(encodeQuery({ b: "", a: "x y" }), "a=x%20y&b");
});
