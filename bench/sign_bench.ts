/**
 * Signing speed, side by side in one run: presignUrl() against ali-oss
 * 6.23 (`signatureUrl` for V1, `signatureUrlV4` for V4) and against a bare
 * node:crypto HMAC over the same strings to sign.
 *
 * 100,000 distinct links of one batch (one bucket, one STS credential set,
 * one signing time, as `sign` does), drawn with a seed; every iteration
 * signs the next link. Run with `deno task bench`.
 */
import { createHash, createHmac } from "node:crypto";
import {
  cachedHmacKey,
  hmacBase64,
  hmacHex,
  hmacKey,
} from "../src/oss/crypto.ts";
import { presignUrl } from "../src/sign/presign.ts";
import type { PresignRequest } from "../src/sign/presign.ts";
import { v1StringToSign } from "../src/oss/v1.ts";
import {
  v4AdditionalHeaders,
  v4CanonicalRequest,
  v4DateTime,
  v4Scope,
  v4SigningKey,
  v4StringToSign,
} from "../src/oss/v4.ts";
import { CLOCK } from "../tests/_random_requests.ts";
import { BATCH, benchLinks, LINKS } from "./_presign_links.ts";
import { aliOssClient, aliV1Options } from "./_ali_oss.ts";

const links = benchLinks();
const v1Links: PresignRequest[] = links.map((r) => ({ ...r, signature: "v1" }));
const v4Links: PresignRequest[] = links.map((r) => ({ ...r, signature: "v4" }));

// The strings to sign of the same links, for the bare HMAC loops.
const secret = BATCH.credentials.accessKeySecret;
const token = BATCH.credentials.securityToken;
const expiresBase = Math.floor(CLOCK / 1000);
const v1Strings = links.map((r) =>
  v1StringToSign({
    method: r.method,
    expiresOrDate: String(expiresBase + r.expires),
    headers: {},
    bucket: r.bucket,
    key: r.key,
    query: { ...r.query, "security-token": token },
  })
);
const dateTime = v4DateTime(BATCH.signedAt);
const scope = v4Scope(dateTime.slice(0, 8), "cn-hangzhou", "oss");
const signingKey = v4SigningKey(
  secret,
  dateTime.slice(0, 8),
  "cn-hangzhou",
  "oss",
);
const v4Strings = links.map((r) =>
  v4StringToSign(
    dateTime,
    scope,
    v4CanonicalRequest({
      method: r.method,
      bucket: r.bucket,
      key: r.key,
      query: {
        ...r.query,
        "x-oss-signature-version": "OSS4-HMAC-SHA256",
        "x-oss-credential": `${BATCH.credentials.accessKeyId}/${scope}`,
        "x-oss-date": dateTime,
        "x-oss-expires": String(r.expires),
        "x-oss-security-token": token,
      },
      headers: {},
      additionalHeaders: v4AdditionalHeaders([], {}),
    }),
  )
);

const client = await aliOssClient();
const aliOptions = aliV1Options(links);

/**
 * HMAC with the pad blocks hashed once per key through node:crypto's
 * `hash.copy()`: the alternative to the pure-JS pads of `crypto.ts`.
 */
function copyPadsHmac(
  algorithm: "sha1" | "sha256",
  key: string | Uint8Array,
  encoding: "base64" | "hex",
): (data: string) => string {
  const bytes = typeof key === "string" ? new TextEncoder().encode(key) : key;
  const [inner, outer] = [0x36, 0x5c].map((fill) => {
    const block = new Uint8Array(64).fill(fill);
    for (let i = 0; i < bytes.length; i++) block[i] = bytes[i]! ^ fill;
    return createHash(algorithm).update(block);
  });
  return (data) =>
    outer!.copy().update(inner!.copy().update(data, "utf8").digest())
      .digest(encoding);
}

/** Each benchmark signs every link once, after a warm-up pass over 10%. */
const RUN = { n: LINKS, warmup: LINKS / 10 };
let sink = 0;

function cycle(): () => number {
  let i = 0;
  return () => i++ % LINKS;
}

const nextV1 = cycle();
Deno.bench({
  name: "native presignUrl V1",
  group: "v1",
  baseline: true,
  ...RUN,
  fn: () => {
    sink += presignUrl(v1Links[nextV1()]!).length;
  },
});
const nextAliV1 = cycle();
Deno.bench({
  name: "ali-oss signatureUrl",
  group: "v1",
  ...RUN,
  fn: () => {
    const n = nextAliV1();
    sink += client.signatureUrl(links[n]!.key, { ...aliOptions[n]! }, false)
      .length;
  },
});
const nextHmacV1 = cycle();
Deno.bench({
  name: "bare createHmac sha1 (string to sign only)",
  group: "v1",
  ...RUN,
  fn: () => {
    sink += createHmac("sha1", secret).update(v1Strings[nextHmacV1()]!, "utf8")
      .digest("base64").length;
  },
});

const nextPadsV1 = cycle();
const padsV1 = hmacKey("sha1", secret);
Deno.bench({
  name: "bare HMAC-SHA1, precomputed pads (crypto.ts)",
  group: "v1",
  ...RUN,
  fn: () => {
    sink += hmacBase64(padsV1, v1Strings[nextPadsV1()]!).length;
  },
});
const nextCopyV1 = cycle();
const copyV1 = copyPadsHmac("sha1", secret, "base64");
Deno.bench({
  name: "bare HMAC-SHA1, node:crypto hash.copy() pads",
  group: "v1",
  ...RUN,
  fn: () => {
    sink += copyV1(v1Strings[nextCopyV1()]!).length;
  },
});

const nextV4 = cycle();
Deno.bench({
  name: "native presignUrl V4",
  group: "v4",
  baseline: true,
  ...RUN,
  fn: () => {
    sink += presignUrl(v4Links[nextV4()]!).length;
  },
});
const nextAliV4 = cycle();
Deno.bench({
  name: "ali-oss signatureUrlV4",
  group: "v4",
  ...RUN,
  fn: async () => {
    const r = links[nextAliV4()]!;
    sink += (await client.signatureUrlV4(r.method, r.expires, {
      headers: {},
      queries: { ...r.query },
    }, r.key)).length;
  },
});
const nextHmacV4 = cycle();
Deno.bench({
  name: "bare createHmac sha256 (string to sign only)",
  group: "v4",
  ...RUN,
  fn: () => {
    sink += createHmac("sha256", signingKey)
      .update(v4Strings[nextHmacV4()]!, "utf8").digest("hex").length;
  },
});

const nextPadsV4 = cycle();
const padsV4 = cachedHmacKey("sha256", signingKey);
Deno.bench({
  name: "bare HMAC-SHA256, precomputed pads (crypto.ts)",
  group: "v4",
  ...RUN,
  fn: () => {
    sink += hmacHex(padsV4, v4Strings[nextPadsV4()]!).length;
  },
});
const nextCopyV4 = cycle();
const copyV4 = copyPadsHmac("sha256", signingKey, "hex");
Deno.bench({
  name: "bare HMAC-SHA256, node:crypto hash.copy() pads",
  group: "v4",
  ...RUN,
  fn: () => {
    sink += copyV4(v4Strings[nextCopyV4()]!).length;
  },
});

globalThis.addEventListener("unload", () => {
  if (sink === 0) console.log("unreachable");
});
