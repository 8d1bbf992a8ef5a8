/**
 * Seeded random presign requests for the differential test and the
 * signing benchmark: keys with CJK, emoji, spaces and reserved characters,
 * deep paths, response-* overrides, image processing, versions, traffic
 * limits, STS tokens, custom domains and both region forms.
 *
 * @module
 */
import type { PresignRequest } from "../src/sign/presign.ts";

/** 2026-11-28T09:00:00Z: the fixed clock; every request adds whole seconds. */
export const CLOCK: number = Date.UTC(2026, 10, 28, 9, 0, 0);

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded generator of numbers, choices and strings. */
export class Gen {
  readonly #next: () => number;
  constructor(seed: number) {
    this.#next = prng(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.#next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  text(alphabet: readonly string[], min: number, max: number): string {
    let text = "";
    for (let i = this.int(min, max); i > 0; i--) text += this.pick(alphabet);
    return text;
  }
}

const ASCII = [
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
];
const KEY_CHARS = [
  ...ASCII,
  ..."-_.~ +%!'()*=&?#@$,;:[]",
  "报",
  "告",
  "測",
  "試",
  "ファイル",
  "한",
  "é",
  "ß",
  "😀",
  "👨‍👩‍👧",
  "🇨🇳",
];
const VALUE_CHARS = [...KEY_CHARS, '"', "\\", "/", "<", ">", "|", "^", "`"];
const BASE64 = [...ASCII, "+", "/", "="];
const TOKEN_CHARS = [...BASE64, "%", "-", "_", ".", "~", "!", "*"];
const REGIONS = [
  "cn-hangzhou",
  "cn-shanghai",
  "cn-beijing",
  "cn-shenzhen",
  "ap-southeast-1",
  "us-west-1",
  "eu-central-1",
];
const DOMAINS = [
  "static.example.com",
  "cdn.example.org:8443",
  "files.xn--fsqu00a.cn",
];
/** The six `response-*` overrides. */
export const RESPONSE: readonly string[] = [
  "response-content-type",
  "response-content-language",
  "response-expires",
  "response-cache-control",
  "response-content-disposition",
  "response-content-encoding",
];

function key(g: Gen): string {
  const segments: string[] = [];
  for (let i = g.int(1, 12); i > 0; i--) {
    segments.push(g.text(KEY_CHARS, 1, 12));
  }
  const key = segments.join("/");
  // ali-oss V1 strips leading slashes; OSS keys cannot start with one. No
  // URL path can carry the keys "." and "..".
  return key.startsWith("/") || key === "." || key === ".." ? `k${key}` : key;
}

function processValue(g: Gen): string {
  if (g.chance(0.4)) return `style/${g.text([...ASCII, "-", "_", "."], 1, 20)}`;
  const actions = [
    () => `resize,w_${g.int(1, 4096)}`,
    () => `resize,m_lfit,h_${g.int(1, 4096)},w_${g.int(1, 4096)}`,
    () => `quality,q_${g.int(1, 100)}`,
    () => `crop,x_${g.int(0, 99)},y_${g.int(0, 99)},w_${g.int(1, 999)}`,
    () => `rotate,${g.int(0, 360)}`,
    () => "format,webp",
    () => `watermark,text_${g.text(BASE64, 4, 16)}`,
  ];
  const steps: string[] = [];
  for (let i = g.int(1, 4); i > 0; i--) steps.push(g.pick(actions)());
  return `image/${steps.join("/")}`;
}

/**
 * One random request, without its signature version.
 *
 * @param g The generator to draw from.
 * @returns The request.
 */
export function randomRequest(g: Gen): Omit<PresignRequest, "signature"> {
  const query: Record<string, string> = {};
  for (const name of RESPONSE) {
    if (g.chance(0.3)) query[name] = g.text(VALUE_CHARS, 1, 40);
  }
  if (g.chance(0.5)) query["x-oss-process"] = processValue(g);
  if (g.chance(0.3)) query["versionId"] = g.text(BASE64, 8, 64);
  if (g.chance(0.2)) {
    query["x-oss-traffic-limit"] = String(g.int(819200, 838860800));
  }
  // A cache buster: unsigned in V1, signed in V4.
  if (g.chance(0.1)) query["t"] = String(g.int(0, 1e9));
  const headers: Record<string, string> = {};
  if (g.chance(0.1)) {
    headers["Content-Type"] = g.pick([
      "image/png",
      "text/plain; charset=utf-8",
    ]);
  }
  if (g.chance(0.1)) headers["x-oss-meta-note"] = g.text(ASCII, 1, 20);
  const additionalHeaders: string[] = [];
  if (g.chance(0.1)) {
    headers["Range"] = `bytes=0-${g.int(0, 9999)}`;
    additionalHeaders.push(g.pick(["range", "Range"]));
  }
  const region = g.pick(REGIONS);
  const token = g.chance(0.4) ? g.text(TOKEN_CHARS, 20, 300) : undefined;
  return {
    method: g.pick(["GET", "GET", "HEAD", "PUT"]),
    bucket: g.text([..."abcdefghijklmnopqrstuvwxyz0123456789"], 3, 20) + "-b",
    key: key(g),
    region: g.chance(0.5) ? region : `oss-${region}`,
    ...(g.chance(0.3) ? { host: g.pick(DOMAINS) } : {}),
    https: g.chance(0.8),
    credentials: {
      accessKeyId: (token === undefined ? "LTAI" : "STS.") +
        g.text(ASCII, 12, 24),
      accessKeySecret: g.text(BASE64, 20, 40),
      ...(token === undefined ? {} : { securityToken: token }),
    },
    signedAt: new Date(CLOCK + g.int(0, 10_000_000) * 1000),
    expires: g.int(1, 604800),
    query,
    headers,
    additionalHeaders,
  };
}
