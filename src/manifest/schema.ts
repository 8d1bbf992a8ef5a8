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

const Disposition = z.enum(["inline", "attachment"]).meta({
  description:
    "How the link opens: `inline` previews in the browser, `attachment` downloads",
});

// Strings first: most manifests write durations, and a failed first branch
// costs zod an issue object per value.
const Expires = z.union([z.string(), z.number()]).meta({
  description:
    "Seconds, a duration (`90s`, `30m`, `12h`, `7d`, `1h30m`) or an ISO 8601 time with a zone (`2026-12-31T00:00:00Z`)",
  examples: [1800, "30m", "7d", "2026-12-31T00:00:00Z"],
});

const ResponseOverrides = z.strictObject({
  "content-type": z.string().optional(),
  "content-language": z.string().optional(),
  "cache-control": z.string().optional(),
  "content-encoding": z.string().optional(),
  "expires": z.string().optional(),
}).meta({
  description:
    "Response headers OSS sends instead of the stored ones (signed `response-*` parameters)",
});

/** The per-link options, shared by `defaults` and each object entry. */
const linkOptions = {
  disposition: Disposition.optional(),
  filename: z.string().optional().meta({
    description:
      "Download filename; any Unicode, encoded as RFC 6266 / RFC 5987",
  }),
  style: z.string().optional().meta({
    description:
      "Image style declared in `styles`: signs `x-oss-process=style/<name>`",
  }),
  process: z.string().optional().meta({
    description:
      "Raw `x-oss-process` value, for example `image/resize,w_200`; not with `style`",
  }),
  expires: Expires.optional(),
  response: ResponseOverrides.optional(),
  version: z.string().optional().meta({
    description: "Object version id (`versionId`); only with `key`",
  }),
  trafficLimit: z.number().optional().meta({
    description: "Single-connection bandwidth limit in bit/s, 819200–838860800",
  }),
  method: z.enum(["GET", "HEAD"]).optional().meta({
    description: "HTTP method the link is signed for",
    default: "GET",
  }),
};

/** The per-link option names, in schema order. */
export const LINK_OPTION_NAMES: readonly LinkOptionName[] = Object.keys(
  linkOptions,
) as LinkOptionName[];

/** The entry fields that select objects; exactly one per entry. */
export const SELECTORS = ["key", "prefix", "list"] as const;

const DefaultsSchema = z.strictObject(linkOptions).meta({
  description: "Options every object entry inherits unless it sets its own",
});

const ObjectEntrySchema = z.strictObject({
  key: z.string().optional().meta({ description: "One object key" }),
  prefix: z.string().optional().meta({
    description: "Every object under this prefix (bucket listing)",
  }),
  list: z.string().optional().meta({
    description: "A local file of keys, one per line, or NDJSON object entries",
  }),
  id: z.string().optional().meta({
    description: "Unique link id; defaults to the key",
  }),
  ...linkOptions,
}).meta({
  id: "ObjectEntry",
  description: "One object (`key`), a prefix or a list file, and its options",
});

const BucketSchema = z.strictObject({
  name: z.string().meta({ description: "Bucket name" }),
  region: z.string().meta({
    description: "Region id, `cn-hangzhou` (or `oss-cn-hangzhou`)",
  }),
  domain: z.string().optional().meta({
    description:
      "Custom domain bound to the bucket (CNAME); needed for inline previews",
  }),
  endpoint: z.string().optional().meta({
    description:
      "Override of the API and URL host, for example `oss-cn-hangzhou-internal.aliyuncs.com`",
  }),
  https: z.boolean().optional().meta({
    description: "Use https links",
    default: true,
  }),
  signature: z.enum(["v1", "v4"]).optional().meta({
    description: "Signature algorithm",
    default: "v4",
  }),
});

const RequestHeader = z.union([z.string(), z.record(z.string(), z.string())])
  .meta({
    description:
      "A header name (`Range`), or a name and the value pages send (`Range: bytes=-500`); without a value a usual one is assumed (`Range`: one `bytes=N-` range)",
  });

const AccessSchema = z.strictObject({
  origins: z.array(z.string()).meta({
    description:
      "Web origins whose pages read the links, for example `https://app.example.com`",
  }),
  methods: z.array(z.enum(["GET", "HEAD"])).optional().meta({
    description: "Methods those pages use",
    default: ["GET"],
  }),
  headers: z.array(RequestHeader).optional().meta({
    description:
      "Request headers those pages send, for example `Range` or `Range: bytes=-500`",
  }),
  expose: z.array(z.string()).optional().meta({
    description: "Response headers those pages read",
  }),
}).meta({ description: "Who reads the links from web pages (CORS)" });

/** The manifest schema, version 1. */
export const ManifestSchema = z.strictObject({
  version: z.literal(1).meta({ description: "Manifest format version" }),
  bucket: BucketSchema,
  access: AccessSchema.optional(),
  styles: z.array(z.string()).optional().meta({
    description: "Image styles the bucket must define",
  }),
  defaults: DefaultsSchema.optional(),
  objects: z.array(ObjectEntrySchema).min(1).meta({
    description: "The objects to sign links for",
  }),
  rules: z.record(z.string(), z.enum(["off", "warning", "error"]))
    .optional().meta({
      description:
        "Rule settings: `off` waives a rule's findings (they stay visible as waived in JSON and SARIF reports), `warning` or `error` sets their severity",
    }),
}).meta({
  title: "osslinks manifest",
  description:
    "Which OSS objects to share, how each opens and how long each link lives",
});

/** The zod schema's output, which must equal {@linkcode Manifest}. */
export type ManifestSchemaOutput = z.output<typeof ManifestSchema>;
