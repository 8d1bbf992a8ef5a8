/**
 * Differential test: presignUrl() against ali-oss 6.23 (through
 * createAliOssEngine) on randomized requests, plus the places where ali-oss
 * is known to differ from the official SDKs.
 */
import assert from "node:assert/strict";
import { presignUrl } from "../../src/sign/presign.ts";
import type { PresignRequest } from "../../src/sign/presign.ts";
import { createAliOssEngine } from "../../src/sign/ali_oss_engine.ts";
import { encodeQuery } from "../../src/oss/encode.ts";
import { CLOCK, Gen, randomRequest, RESPONSE } from "../_random_requests.ts";

const CASES = 10_000;
const SEED = 0x5eed_0551;

/** What a request exercises, to show the random cases cover it. */
function features(req: PresignRequest): string[] {
  const found = [`${req.signature} ${req.method}`];
  const query = req.query ?? {};
  for (const name of Object.keys(query)) found.push(`query ${name}`);
  const process = query["x-oss-process"];
  if (process !== undefined) found.push(`process ${process.split("/")[0]}`);
  if (req.credentials.securityToken !== undefined) found.push("sts");
  if (req.host !== undefined) found.push("custom domain");
  found.push(req.region.startsWith("oss-") ? "region oss-" : "region bare");
  if ((req.additionalHeaders ?? []).length > 0) found.push("additional");
  if (Object.keys(req.headers ?? {}).length > 0) found.push("headers");
  const checks: [string, RegExp][] = [
    ["key CJK", /[报告測試한]/],
    ["key emoji", /\p{Extended_Pictographic}/u],
    ["key space", / /],
    ["key +", /\+/],
    ["key %", /%/],
    ["key !'()*~", /[!'()*~]/],
    ["key deep", /(?:[^/]+\/){8}/],
  ];
  for (const [label, pattern] of checks) {
    if (pattern.test(req.key)) found.push(label);
  }
  const token = req.credentials.securityToken ?? "";
  if (/[+/=%]/.test(token)) found.push("sts +/=%");
  return found;
}

/** The decoded query of a URL as sorted [name, value] pairs. */
function decodedQuery(url: URL): string[][] {
  return [...url.searchParams].sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0
  );
}

/** A `.` or `..` key segment, which URL parsers drop from a path. */
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

function compare(
  key: string,
  ours: string,
  theirs: string,
  signatureParam: string,
): void {
  const a = new URL(ours);
  const b = new URL(theirs);
  assert.equal(a.origin, b.origin);
  // Our path, once parsed and decoded, is the key.
  assert.equal(decodeURIComponent(a.pathname), `/${key}`);
  // ali-oss leaves !'()* raw in the path; both decode to the same key,
  // unless the key has dot segments, which ali-oss's URL loses (see below).
  if (!DOT_SEGMENT.test(key)) {
    assert.equal(decodeURIComponent(b.pathname), `/${key}`);
  }
  assert.equal(
    a.searchParams.get(signatureParam),
    b.searchParams.get(signatureParam),
  );
  assert.deepEqual(decodedQuery(a), decodedQuery(b));
}

const engine = await createAliOssEngine();

Deno.test(`presignUrl() signs ${CASES} random requests as ali-oss 6.23 does`, async (t) => {
  const g = new Gen(SEED);
  let checked = 0;
  const seen = new Map<string, number>();
  for (const signature of ["v1", "v4"] as const) {
    await t.step(signature, async () => {
      for (let i = 0; i < CASES / 2; i++) {
        const req: PresignRequest = { ...randomRequest(g), signature };
        const ours = presignUrl(req);
        const theirs = await engine(req);
        try {
          compare(
            req.key,
            ours,
            theirs,
            signature === "v1" ? "Signature" : "x-oss-signature",
          );
        } catch (error) {
          throw new Error(
            `Case ${i} (${signature}) differs:\n${
              JSON.stringify(req)
            }\nours:   ${ours}\ntheirs: ${theirs}`,
            { cause: error },
          );
        }
        checked++;
        for (const label of features(req)) {
          seen.set(label, (seen.get(label) ?? 0) + 1);
        }
      }
    });
  }
  assert.equal(checked, CASES);
  const expected = [
    "v1 GET",
    "v1 HEAD",
    "v1 PUT",
    "v4 GET",
    "v4 HEAD",
    "v4 PUT",
    ...RESPONSE.map((name) => `query ${name}`),
    "query x-oss-process",
    "query versionId",
    "query x-oss-traffic-limit",
    "query t",
    "process style",
    "process image",
    "sts",
    "sts +/=%",
    "custom domain",
    "region oss-",
    "region bare",
    "additional",
    "headers",
    "key CJK",
    "key emoji",
    "key space",
    "key +",
    "key %",
    "key !'()*~",
    "key deep",
  ];
  for (const label of expected) {
    assert.ok(
      (seen.get(label) ?? 0) >= 50,
      `only ${seen.get(label) ?? 0} cases with ${label}`,
    );
  }
});

const FIXED: PresignRequest = {
  signature: "v4",
  method: "GET",
  bucket: "examplebucket",
  key: "dir/a b.txt",
  region: "cn-hangzhou",
  credentials: { accessKeyId: "LTAI5tExample", accessKeySecret: "secret" },
  signedAt: new Date(CLOCK),
  expires: 1800,
};

function v4Signature(url: string): string | null {
  return new URL(url).searchParams.get("x-oss-signature");
}

Deno.test("ali-oss signs an empty V4 query value as name= unless given null", async () => {
  const req = {
    ...FIXED,
    query: { "x-oss-process": "style/thumb", versionId: "" },
  };
  const literal = await createAliOssEngine({ emptyQueryValue: "empty-string" });
  // The official SDKs (and presignUrl) sign the bare name: "versionId".
  assert.equal(encodeQuery(req.query), "versionId&x-oss-process=style%2Fthumb");
  assert.equal(v4Signature(presignUrl(req)), v4Signature(await engine(req)));
  assert.notEqual(
    v4Signature(presignUrl(req)),
    v4Signature(await literal(req)),
  );
  // Without an empty value the two mappings agree.
  const full = { ...req, query: { ...req.query, versionId: "v1" } };
  assert.equal(v4Signature(await literal(full)), v4Signature(presignUrl(full)));
});

Deno.test("ali-oss sorts mixed-case V4 query names with localeCompare, not byte order", async () => {
  const req = { ...FIXED, query: { abc: "1", "X-b": "2" } };
  // Byte order (Go sort.Strings on encoded names): "X-b" < "abc".
  assert.equal(encodeQuery(req.query), "X-b=2&abc=1");
  // localeCompare puts "abc" first, so ali-oss signs another canonical query.
  assert.ok("abc".localeCompare("X-b") < 0);
  assert.notEqual(v4Signature(presignUrl(req)), v4Signature(await engine(req)));
  // Lower-case names sort the same both ways.
  const lower = { ...FIXED, query: { abc: "1", "x-b": "2" } };
  assert.equal(
    v4Signature(presignUrl(lower)),
    v4Signature(await engine(lower)),
  );
});

Deno.test("ali-oss rounds V1 Expires to the nearest second; the official SDKs truncate", async () => {
  const req = {
    ...FIXED,
    signature: "v1" as const,
    signedAt: new Date(CLOCK + 600),
  };
  const ours = new URL(presignUrl(req)).searchParams.get("Expires");
  const theirs = new URL(await engine(req)).searchParams.get("Expires");
  assert.equal(ours, String(CLOCK / 1000 + 1800));
  assert.equal(theirs, String(CLOCK / 1000 + 1801));
  const whole = { ...req, signedAt: new Date(CLOCK + 400) };
  compare(whole.key, presignUrl(whole), await engine(whole), "Signature");
});

Deno.test("presignUrl() and the ali-oss engine drop a V4 additional header with an empty value", async () => {
  const req = {
    ...FIXED,
    headers: { Range: "", "x-oss-meta-a": "1" },
    additionalHeaders: ["range"],
  };
  const ours = new URL(presignUrl(req));
  assert.equal(ours.searchParams.has("x-oss-additional-headers"), false);
  // Go v2 and Python v2 drop it; ali-oss would sign "range:" (its
  // fixAdditionalHeaders keeps it), so the engine drops it before the call.
  compare(req.key, presignUrl(req), await engine(req), "x-oss-signature");
});

Deno.test("ali-oss URLs lose the dot segments of a key; presignUrl encodes / as %2F to keep them", async () => {
  for (const key of ["a/./b.txt", "a/../b.txt", "./a", "a/..", "x/.../y"]) {
    for (const signature of ["v1", "v4"] as const) {
      const req = { ...FIXED, signature, key };
      const ours = new URL(presignUrl(req));
      const theirs = new URL(await engine(req));
      assert.equal(decodeURIComponent(ours.pathname), `/${key}`);
      const param = signature === "v1" ? "Signature" : "x-oss-signature";
      // Same signature: both sign the real key...
      assert.equal(
        ours.searchParams.get(param),
        theirs.searchParams.get(param),
      );
      // ...but a URL parser (browser, fetch) turns ali-oss's path into
      // another key, except for "..." which is no dot segment.
      assert.equal(
        decodeURIComponent(theirs.pathname) === `/${key}`,
        key === "x/.../y",
      );
    }
  }
  assert.throws(() => presignUrl({ ...FIXED, key: ".." }), {
    name: "RangeError",
    message: 'Object key ".." cannot be put in a URL path: parsers remove it',
  });
});

Deno.test("the ali-oss engine restores the clock and console.warn", async () => {
  const warn = console.warn;
  const RealDate = Date;
  const sts = {
    ...FIXED,
    credentials: { ...FIXED.credentials, securityToken: "tok+/=%" },
  };
  await engine(sts);
  await engine({ ...sts, signature: "v1" });
  assert.equal(console.warn, warn);
  assert.equal(Date, RealDate);
  assert.ok(Math.abs(Date.now() - new Date().getTime()) < 1000);
  assert.notEqual(new Date().getTime(), CLOCK);
});

Deno.test("the ali-oss engine reports ali-oss's own refusals", async () => {
  await assert.rejects(
    engine({
      ...FIXED,
      signature: "v1",
      host: "127.0.0.1:9000",
      pathStyle: true,
    }),
    { message: "can not get the object URL when endpoint is IP" },
  );
  await assert.rejects(
    engine({ ...FIXED, bucket: "Bad_Bucket!" }),
    { message: /bucket/i },
  );
});
