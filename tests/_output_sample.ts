/**
 * A small signed batch for the output tests: unicode keys, quotes, commas, a
 * newline, a formula-like key, an attachment with a CJK filename, a video, a
 * HEAD link. The URLs are V4-shaped but not real signatures, so the golden
 * files do not change when the signer does.
 *
 * @module
 */
import type { SignedBatch, SignedLink } from "../src/link.ts";

/** The documented key order of a link (JSON keys, CSV header), spelled out. */
export const LINK_KEYS: readonly string[] = [
  "id",
  "key",
  "method",
  "url",
  "expiresAt",
  "disposition",
  "filename",
  "process",
];

/** The fixed signing time of the sample batch. */
export const SIGNED_AT = "2026-11-28T09:00:00.000Z";

/** Encodes a key as an OSS URL path: RFC 3986 unreserved kept, `/` kept. */
function encodeKey(key: string): string {
  return key.split("/").map((part) =>
    encodeURIComponent(part).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    )
  ).join("/");
}

/**
 * A V4-shaped URL for `key` at `origin`, valid for `seconds`, with extra
 * query parameters (`response-content-disposition`, `x-oss-process`).
 */
export function sampleUrl(
  origin: string,
  key: string,
  seconds: number,
  query: Readonly<Record<string, string>> = {},
): string {
  const params = new URLSearchParams(query);
  params.set("x-oss-signature-version", "OSS4-HMAC-SHA256");
  params.set(
    "x-oss-credential",
    "LTAI5tExample/20261128/cn-hangzhou/oss/aliyun_v4_request",
  );
  params.set("x-oss-date", "20261128T090000Z");
  params.set("x-oss-expires", String(seconds));
  params.set(
    "x-oss-signature",
    "46a259460762aa26188c96b0ec7eeaab4c73660f788812901c0cb4ede386723b",
  );
  return `${origin}/${encodeKey(key)}?${
    params.toString().replaceAll("+", "%20")
  }`;
}

function expiry(seconds: number): string {
  return new Date(Date.parse(SIGNED_AT) + seconds * 1000).toISOString();
}

/** The content disposition the signer would put in the URL for a filename. */
export function attachmentFor(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7E]/g, "_").replace(
    /["\\]/g,
    "\\$&",
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${
    encodeURIComponent(filename)
  }`;
}

interface Entry {
  readonly id?: string;
  readonly key: string;
  readonly method?: "GET" | "HEAD";
  readonly seconds: number;
  readonly disposition: "inline" | "attachment";
  readonly filename?: string;
  readonly process?: string;
}

/** Builds one sample link the way `sign` would, at `origin`. */
export function sampleLink(origin: string, entry: Entry): SignedLink {
  const query: Record<string, string> = {};
  if (entry.disposition === "attachment") {
    query["response-content-disposition"] = attachmentFor(
      entry.filename ?? entry.key.slice(entry.key.lastIndexOf("/") + 1),
    );
  }
  if (entry.process !== undefined) query["x-oss-process"] = entry.process;
  return {
    id: entry.id ?? entry.key,
    key: entry.key,
    method: entry.method ?? "GET",
    url: sampleUrl(origin, entry.key, entry.seconds, query),
    expiresAt: expiry(entry.seconds),
    disposition: entry.disposition,
    filename: entry.filename ?? null,
    process: entry.process ?? null,
  };
}

/** The sample batch, its URLs at `origin`. */
export function sampleBatch(
  origin = "https://static.example.com",
): SignedBatch {
  const entries: Entry[] = [
    {
      key: "example.jpg",
      seconds: 1800,
      disposition: "inline",
      process: "style/thumb",
    },
    {
      id: "q3-report",
      key: "reports/2026/Q3 报告.pdf",
      seconds: 7200,
      disposition: "attachment",
      filename: "2026年第三季度报告.pdf",
    },
    {
      key: 'data/"quoted", name.csv',
      seconds: 1800,
      disposition: "attachment",
      filename: 'say "hi", ok.csv',
    },
    {
      key: "photos/2026/猫 🐈.png",
      id: "photos-猫",
      seconds: 5400,
      disposition: "inline",
      process: "image/resize,w_200",
    },
    { key: "video/intro.mp4", seconds: 604800, disposition: "inline" },
    {
      key: "notes/line one\nline two.txt",
      seconds: 90,
      disposition: "attachment",
    },
    {
      key: '=HYPERLINK("https://evil.example","x")',
      seconds: 3600,
      disposition: "attachment",
      filename: "-2+3.csv",
    },
    {
      key: "exampleobject.txt",
      method: "HEAD",
      seconds: 3661,
      disposition: "attachment",
    },
  ];
  return {
    version: 1,
    bucket: "examplebucket",
    signedAt: SIGNED_AT,
    links: entries.map((entry) => sampleLink(origin, entry)),
  };
}
