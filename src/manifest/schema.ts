/**
 * The manifest (version 1) as a zod schema: the one source of the TypeScript
 * types, the structural validation and the JSON Schema.
 *
 * Semantic limits (expiry ranges, key rules, bucket naming …) are rules in
 * `src/rules/`, so that each has its own id and a precise message.
 *
 * @module
 */
import { z } from "npm:zod@4.6.7";
import type { LinkOptionName } from "./types.ts";
import { TRAFFIC_LIMIT } from "../oss/traffic_limit.ts";

const Disposition = z.enum(["inline", "attachment"]).meta({
  description:
    "How the link opens: `inline` previews in the browser (images, video, PDF and text need `bucket.domain` for that), `attachment` downloads",
  default: "attachment",
  examples: ["inline", "attachment"],
});

// Strings first: most manifests write durations, and a failed first branch
// costs zod an issue object per value.
const Expires = z.union([z.string(), z.number()]).meta({
  description:
    "How long the link lives: seconds, a duration (`90s`, `30m`, `12h`, `7d`, `1h30m`) or an ISO 8601 time with a zone (`2026-12-31T00:00:00Z`); after the signing time, and with V4 at most 7 days",
  default: "30m",
  examples: [1800, "30m", "7d", "2026-12-31T00:00:00Z"],
});

/** A `response` override: a header value OSS answers with. */
function responseHeader(header: string, examples: readonly string[]) {
  return z.string().optional().meta({
    description:
      `The ${header} OSS answers with instead of the stored one (\`response-${header.toLowerCase()}\`); not empty, no control characters`,
    examples: [...examples],
  });
}

const ResponseOverrides = z.strictObject({
  "content-type": responseHeader("Content-Type", [
    "application/pdf",
    "text/plain; charset=utf-8",
  ]),
  "content-language": responseHeader("Content-Language", ["zh-CN", "en"]),
  "cache-control": responseHeader("Cache-Control", [
    "no-store",
    "max-age=3600",
  ]),
  "content-encoding": responseHeader("Content-Encoding", ["gzip"]),
  "expires": responseHeader("Expires", ["Wed, 21 Oct 2015 07:28:00 GMT"]),
}).meta({
  description:
    "Response headers OSS sends instead of the stored ones (signed `response-*` parameters); an entry's overrides merge header by header with those of `defaults`",
  examples: [{
    "content-type": "application/pdf",
    "cache-control": "no-store",
  }],
});

/** The per-link options, shared by `defaults` and each object entry. */
const linkOptions = {
  disposition: Disposition.optional(),
  filename: z.string().optional().meta({
    description:
      "Download filename; any Unicode, encoded as RFC 6266 / RFC 5987; not empty, at most 255 UTF-8 bytes, no control characters. Without it an attachment downloads as the key's last segment",
    examples: ["report.pdf", "报告 2026.pdf"],
  }),
  style: z.string().optional().meta({
    description:
      "Image style declared in `styles`: signs `x-oss-process=style/<name>`; not with `process`",
    examples: ["thumb"],
  }),
  process: z.string().optional().meta({
    description:
      "Raw `x-oss-process` value, `<type>/<action>[,<param>]…`, for example `image/resize,w_200`; not with `style`",
    examples: ["image/resize,w_200", "image/resize,w_200/quality,q_90"],
  }),
  expires: Expires.optional(),
  response: ResponseOverrides.optional(),
  version: z.string().optional().meta({
    description:
      "Object version id (`versionId`); only on `key` entries (not on `prefix`, `list` or `defaults`)",
    examples: [
      "CAEQNhiBgMDJgZCA0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFmZjRjOWQ1NjBm",
    ],
  }),
  trafficLimit: z.number().optional().meta({
    description:
      `Single-connection bandwidth limit in bit/s: a whole number from ${TRAFFIC_LIMIT.min} (100 KB/s) to ${TRAFFIC_LIMIT.max} (100 MB/s)`,
    examples: [TRAFFIC_LIMIT.min, 8388608],
  }),
  method: z.enum(["GET", "HEAD"]).optional().meta({
    description: "HTTP method the link is signed for",
    default: "GET",
    examples: ["GET", "HEAD"],
  }),
};

/** The per-link option names, in schema order. */
export const LINK_OPTION_NAMES: readonly LinkOptionName[] = Object.keys(
  linkOptions,
) as LinkOptionName[];

/** The entry fields that select objects; exactly one per entry. */
export const SELECTORS = ["key", "prefix", "list"] as const;

const DefaultsSchema = z.strictObject(linkOptions).meta({
  description:
    "Options every object entry inherits unless it sets its own: the entry fields except `key`, `prefix`, `list` and `id`",
  examples: [{ expires: "30m", disposition: "attachment" }],
});

const ObjectEntrySchema = z.strictObject({
  key: z.string().optional().meta({
    description:
      "One object key: 1–1023 UTF-8 bytes, no leading `/` or `\\`, no control characters; not with `prefix` or `list`",
    examples: ["example.jpg", "docs/report 2026.pdf"],
  }),
  prefix: z.string().optional().meta({
    description:
      "Every object under this prefix (a live bucket listing); not with `key` or `list`",
    examples: ["photos/2026/"],
  }),
  list: z.string().optional().meta({
    description:
      "A local file of keys, one per line, or NDJSON object entries (`key` and optional `id`, `filename`, `disposition`), relative to the manifest; not with `key` or `prefix`",
    examples: ["keys.txt", "entries.ndjson"],
  }),
  id: z.string().optional().meta({
    description:
      "Unique link id; defaults to the key (or the listed key of a `prefix` or `list` entry)",
    examples: ["annual-report"],
  }),
  ...linkOptions,
}).meta({
  id: "ObjectEntry",
  description:
    "Exactly one of `key` (one object), `prefix` (a listing) or `list` (a file of keys), and its options",
  examples: [
    { key: "example.jpg", disposition: "inline", style: "thumb" },
    { key: "exampleobject.txt", filename: "examplefile.txt" },
    { prefix: "photos/2026/", disposition: "inline" },
    { list: "keys.txt" },
  ],
});

const BucketSchema = z.strictObject({
  name: z.string().meta({
    description:
      "Bucket name: 3–63 characters of a-z, 0-9 and -, starting and ending with a letter or digit",
    examples: ["examplebucket"],
  }),
  region: z.string().meta({
    description: "A known OSS region id, `cn-hangzhou` (or `oss-cn-hangzhou`)",
    examples: ["cn-hangzhou", "oss-cn-hangzhou", "ap-southeast-1"],
  }),
  domain: z.string().optional().meta({
    description:
      "Custom domain bound to the bucket (CNAME), a host name without scheme or path; all links use it, and inline previews need it",
    examples: ["static.example.com"],
  }),
  endpoint: z.string().optional().meta({
    description:
      "Override of the API and URL host (a host name, optionally with a port, without scheme or path); an IP or `localhost` endpoint is path-style",
    examples: ["oss-cn-hangzhou-internal.aliyuncs.com", "127.0.0.1:9000"],
  }),
  https: z.boolean().optional().meta({
    description: "Use https links; `false` is a warning",
    default: true,
    examples: [true],
  }),
  signature: z.enum(["v1", "v4"]).optional().meta({
    description:
      "Signature algorithm: `v4`, or `v1` (a warning: V1 is withdrawn for new accounts and buckets)",
    default: "v4",
    examples: ["v4", "v1"],
  }),
}).meta({
  description: "The bucket the links point at",
  examples: [{ name: "examplebucket", region: "cn-hangzhou" }],
});

const RequestHeader = z.union([z.string(), z.record(z.string(), z.string())])
  .meta({
    description:
      "A header name (`Range`), or a name and the value pages send (`Range: bytes=-500`); without a value a usual one is assumed (`Range`: one `bytes=N-` range)",
    examples: ["Range", { Range: "bytes=-500" }],
  });

const AccessSchema = z.strictObject({
  origins: z.array(z.string()).meta({
    description:
      "Web origins whose pages read the links: `scheme://host[:port]`, without path or trailing slash",
    examples: [["https://app.example.com"]],
  }),
  methods: z.array(z.enum(["GET", "HEAD"])).optional().meta({
    description: "Methods those pages use",
    default: ["GET"],
    examples: [["GET", "HEAD"]],
  }),
  headers: z.array(RequestHeader).optional().meta({
    description:
      "Request headers those pages send, for example `Range` or `Range: bytes=-500`; not `x-oss-*`, `Content-Type`, `Content-MD5` or `Authorization`, which break a presigned URL",
    examples: [["Range"], [{ Range: "bytes=-500" }]],
  }),
  expose: z.array(z.string()).optional().meta({
    description:
      "Response headers those pages read, for example `Content-Disposition` or `ETag`",
    examples: [["Content-Disposition", "ETag"]],
  }),
}).meta({
  description:
    "Who reads the links from web pages (CORS), checked against the bucket's CORS rules",
  examples: [{
    origins: ["https://app.example.com"],
    methods: ["GET", "HEAD"],
    headers: ["Range"],
    expose: ["Content-Disposition"],
  }],
});

/** The manifest schema, version 1. */
export const ManifestSchema = z.strictObject({
  version: z.literal(1).meta({
    description: "Manifest format version: `1`",
    examples: [1],
  }),
  bucket: BucketSchema,
  access: AccessSchema.optional(),
  styles: z.array(z.string()).optional().meta({
    description:
      "Image styles the bucket must define (names of 1–63 characters of A-Z, a-z, 0-9, `_`, `.` and `-`); `style` uses only these",
    examples: [["thumb", "watermark"]],
  }),
  defaults: DefaultsSchema.optional(),
  objects: z.array(ObjectEntrySchema).min(1).meta({
    description: "The objects to sign links for: at least one entry",
    examples: [[{ key: "example.jpg" }, { prefix: "photos/2026/" }]],
  }),
  rules: z.record(z.string(), z.enum(["off", "warning", "error"]))
    .optional().meta({
      description:
        "Rule settings: `off` waives a rule's findings (they stay visible as waived in JSON and SARIF reports), `warning` or `error` sets their severity",
      examples: [{ "https-disabled": "off", "key-encoded": "error" }],
    }),
}).meta({
  title: "osslinks manifest",
  description:
    "Which OSS objects to share, how each opens and how long each link lives",
});

/** The zod schema's output, which must equal {@linkcode Manifest}. */
export type ManifestSchemaOutput = z.output<typeof ManifestSchema>;
