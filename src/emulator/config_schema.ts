/**
 * The shape and rules of the emulator config file (YAML), as a zod schema.
 * `docs/emulator.md` documents the same format for people.
 *
 * @module
 */
import { z } from "npm:zod@4.6.7";
import { parseDuration } from "../manifest/duration.ts";
import { standardRegion } from "../oss/v4.ts";
import { BUCKET_ACLS } from "../oss/acl.ts";

/** The creation date of a bucket whose config gives none. */
export const DEFAULT_CREATION_DATE = "2024-01-01T00:00:00.000Z";

function countOf(text: string, char: string): number {
  return text.split(char).length - 1;
}

/**
 * The emulator's start, which relative times count from. Zod has no parse
 * context, so {@linkcode parseConfig} sets it around its (synchronous) parse
 * and clears it after; nothing else parses with the schema.
 */
let startedAt: Date | undefined;

/**
 * A time relative to the emulator's start: a sign and a manifest duration
 * (`+400d`, `-30d`, `+1h30m`), resolved to whole seconds.
 */
const RELATIVE_TIME = /^([+-])(.+)$/;

/**
 * Resolves a relative time; `undefined` for text that is not one, `null` for
 * text that starts like one (with a sign) but is not.
 */
function relativeTime(text: string): Date | null | undefined {
  const match = RELATIVE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const seconds = parseDuration(match[2]!);
  if (seconds === undefined) return null;
  if (startedAt === undefined) {
    throw new Error("Relative emulator times need a start time");
  }
  const sign = match[1] === "-" ? -1 : 1;
  return new Date(startedAt.getTime() + sign * seconds * 1000);
}

/** An ISO 8601 time, or a time relative to the emulator's start. */
const dateSchema = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const relative = value instanceof Date ? undefined : relativeTime(value);
  const date = value instanceof Date
    ? value
    : relative === undefined
    ? new Date(value)
    : relative;
  if (date === null || Number.isNaN(date.getTime())) {
    ctx.addIssue({
      code: "custom",
      message:
        `Expected an ISO 8601 date or a time relative to the emulator's start such as "+400d" or "-30d", got "${
          String(value)
        }"`,
    });
    return z.NEVER;
  }
  return date;
});

const objectKeySchema = z.string().refine(
  (key) => {
    const bytes = new TextEncoder().encode(key).length;
    return bytes >= 1 && bytes <= 1023 && !/^[/\\]/.test(key);
  },
  'An object key must be 1 to 1023 UTF-8 bytes and not start with "/" or "\\"',
);

const base64Schema = z.string().regex(
  /^[A-Za-z0-9+/]*={0,2}$/,
  "Expected base64 text",
);

const metaNameSchema = z.string().regex(
  /^[A-Za-z0-9_-]+$/,
  "Expected a header-safe name",
);

/** Where an object's bytes come from: exactly one of these. */
const sourceShape = {
  file: z.string().min(1).optional(),
  content: z.string().optional(),
  contentBase64: base64Schema.optional(),
};

/** The metadata an object (or every file of a folder) can declare. */
const metadataShape = {
  contentType: z.string().min(1).optional(),
  contentDisposition: z.string().optional(),
  cacheControl: z.string().optional(),
  contentEncoding: z.string().optional(),
  contentLanguage: z.string().optional(),
  expires: z.string().optional(),
  meta: z.record(metaNameSchema, z.string()).optional(),
  lastModified: dateSchema.optional(),
};

function sourceCount(
  source: { file?: unknown; content?: unknown; contentBase64?: unknown },
): number {
  return [source.file, source.content, source.contentBase64]
    .filter((value) => value !== undefined).length;
}

const ONE_SOURCE =
  'Exactly one of "file", "content" and "contentBase64" is needed';

const versionSchema = z.strictObject({
  versionId: z.string().min(1),
  ...sourceShape,
  ...metadataShape,
}).refine((version) => sourceCount(version) === 1, ONE_SOURCE);

const objectEntrySchema = z.strictObject({
  folder: z.string().min(1).optional(),
  prefix: z.string().optional(),
  key: objectKeySchema.optional(),
  versionId: z.string().min(1).optional(),
  versions: z.array(versionSchema).optional(),
  ...sourceShape,
  ...metadataShape,
}).superRefine((entry, ctx) => {
  const problem = (message: string, path: string[] = []) =>
    ctx.addIssue({ code: "custom", path, message });
  if ((entry.folder === undefined) === (entry.key === undefined)) {
    problem('An object entry needs exactly one of "key" and "folder"');
  } else if (entry.folder !== undefined) {
    const keyOnly = [
      "file",
      "content",
      "contentBase64",
      "versionId",
      "versions",
    ] as const;
    for (const name of keyOnly) {
      if (entry[name] !== undefined) {
        problem(`A "folder" entry cannot have "${name}"`, [name]);
      }
    }
  } else {
    if (entry.prefix !== undefined) {
      problem('Only a "folder" entry can have "prefix"', ["prefix"]);
    }
    if (sourceCount(entry) !== 1) problem(ONE_SOURCE);
    if (entry.versions !== undefined && entry.versionId === undefined) {
      problem('An object with "versions" needs its own "versionId"', [
        "versionId",
      ]);
    }
  }
});

const methodSchema = z.string().transform((method) => method.toUpperCase())
  .pipe(z.enum(["GET", "PUT", "POST", "DELETE", "HEAD"]));

const corsRuleSchema = z.strictObject({
  allowedOrigins: z.array(
    z.string().min(1).refine(
      (origin) => countOf(origin, "*") <= 1,
      'An origin pattern may contain at most one "*"',
    ),
  ).min(1),
  allowedMethods: z.array(methodSchema).min(1),
  allowedHeaders: z.array(
    z.string().min(1).refine(
      (header) => countOf(header, "*") <= 1,
      'A header pattern may contain at most one "*"',
    ),
  ).default([]),
  exposeHeaders: z.array(
    z.string().min(1).refine(
      (header) => !header.includes("*"),
      'An exposed header cannot contain "*"',
    ),
  ).default([]),
  maxAgeSeconds: z.number().int().min(0).optional(),
});

const certificateSchema = z.strictObject({
  type: z.enum(["CAS", "Upload"]).default("CAS"),
  certId: z.string().min(1),
  status: z.enum(["Enabled", "Disabled"]).default("Enabled"),
  creationDate: dateSchema.optional(),
  fingerprint: z.string().min(1).optional(),
  validStartDate: dateSchema,
  validEndDate: dateSchema,
}).refine(
  (certificate) => certificate.validStartDate < certificate.validEndDate,
  {
    message: '"validStartDate" must be before "validEndDate"',
    path: ["validEndDate"],
  },
);

const bucketSchema = z.strictObject({
  name: z.string().regex(
    /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
    'A bucket name must be 3 to 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
  ),
  region: z.string().regex(
    /^[a-z0-9][a-z0-9-]*$/,
    'A region is an id like "cn-hangzhou" (or "oss-cn-hangzhou")',
  ).transform(standardRegion),
  acl: z.enum(BUCKET_ACLS).default(
    "private",
  ),
  creationDate: dateSchema.default(new Date(DEFAULT_CREATION_DATE)),
  stylesOnly: z.boolean().default(false),
  owner: z.string().min(1).default("1000000000000000"),
  credentials: z.array(
    z.strictObject({
      accessKeyId: z.string().regex(
        /^[^\s/:]+$/,
        'An AccessKey ID cannot be empty or contain spaces, "/" or ":"',
      ),
      accessKeySecret: z.string().min(1),
      securityToken: z.string().min(1).optional(),
      expiration: dateSchema.optional(),
    }).refine(
      (credential) =>
        credential.expiration === undefined ||
        credential.securityToken !== undefined,
      {
        message:
          'Only an STS credential (with "securityToken") can have "expiration"',
        path: ["expiration"],
      },
    ),
  ).default([]),
  objects: z.array(objectEntrySchema).default([]),
  cors: z.strictObject({
    responseVary: z.boolean().default(false),
    rules: z.array(corsRuleSchema).min(1).max(10),
  }).optional(),
  domains: z.array(z.strictObject({
    domain: z.string().regex(
      /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z][a-zA-Z0-9-]*$/,
      'Expected a domain name like "static.example.com"',
    ).transform((domain) => domain.toLowerCase()),
    status: z.enum(["Enabled", "Disabled"]).default("Enabled"),
    lastModified: dateSchema.optional(),
    certificate: certificateSchema.optional(),
  })).max(100).default([]),
  styles: z.array(z.strictObject({
    name: z.string().regex(
      /^[A-Za-z0-9_.-]{1,63}$/,
      'A style name must be 1 to 63 characters of letters, digits, "_", "." and "-"',
    ),
    content: z.string().min(1),
    createTime: dateSchema.optional(),
    lastModifyTime: dateSchema.optional(),
  })).max(50).default([]),
  referer: z.strictObject({
    allowEmptyReferer: z.boolean().default(true),
    allowTruncateQueryString: z.boolean().default(true),
    truncatePath: z.boolean().default(false),
    refererList: z.array(z.string().min(1)).default([]),
    refererBlacklist: z.array(z.string().min(1)).default([]),
  }).optional(),
});

const faultSchema = z.strictObject({
  bucket: z.string().optional(),
  key: z.string().optional(),
  operation: z.string().min(1).optional(),
  method: z.string().min(1).optional(),
  times: z.custom<number>(
    (times) =>
      times === Infinity || (Number.isInteger(times) && Number(times) >= 0),
    "Expected a whole number or .inf",
  ).optional(),
  delayMs: z.number().min(0).optional(),
  status: z.number().int().min(400).max(599).optional(),
  code: z.string().min(1).optional(),
  message: z.string().min(1).optional(),
  reset: z.boolean().optional(),
  malformed: z.boolean().optional(),
});

/** The emulator config file, validated. */
const configSchema = z.strictObject({
  buckets: z.array(bucketSchema).default([]),
  faults: z.array(faultSchema).default([]),
  readOnly: z.boolean().optional(),
  maxStoredBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
    .optional(),
}).superRefine((config, ctx) => {
  const names = new Map<string, number>();
  const domains = new Map<string, string>();
  const secrets = new Map<string, string>();
  config.buckets.forEach((bucket, index) => {
    if (names.has(bucket.name)) {
      ctx.addIssue({
        code: "custom",
        path: ["buckets", index, "name"],
        message: `Bucket "${bucket.name}" is declared twice`,
      });
    }
    names.set(bucket.name, index);
    bucket.domains.forEach((domain, at) => {
      const owner = domains.get(domain.domain);
      if (owner !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["buckets", index, "domains", at, "domain"],
          message:
            `Domain "${domain.domain}" is already bound to bucket "${owner}"`,
        });
      }
      domains.set(domain.domain, bucket.name);
    });
    const styleNames = new Set<string>();
    bucket.styles.forEach((style, at) => {
      if (styleNames.has(style.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["buckets", index, "styles", at, "name"],
          message: `Style "${style.name}" is declared twice`,
        });
      }
      styleNames.add(style.name);
    });
    bucket.credentials.forEach((credential, at) => {
      const identity = `${credential.accessKeySecret}\n${
        credential.securityToken ?? ""
      }\n${credential.expiration?.toISOString() ?? ""}`;
      const previous = secrets.get(credential.accessKeyId);
      if (previous !== undefined && previous !== identity) {
        ctx.addIssue({
          code: "custom",
          path: ["buckets", index, "credentials", at, "accessKeyId"],
          message:
            `AccessKey "${credential.accessKeyId}" is declared again with a different secret, token or expiration`,
        });
      }
      secrets.set(credential.accessKeyId, identity);
    });
  });
});

/** The result of {@linkcode parseConfig}. */
export type ParsedConfig = ReturnType<typeof configSchema.safeParse>;

/**
 * Validates an emulator config (the YAML document as plain data), resolving
 * relative times (`+400d`) against the emulator's start.
 *
 * @param value The config as plain data.
 * @param start The emulator's start.
 * @returns The validated config, or the issues found.
 */
export function parseConfig(value: unknown, start: Date): ParsedConfig {
  startedAt = start;
  try {
    return configSchema.safeParse(value);
  } finally {
    startedAt = undefined;
  }
}

/** A validated bucket entry. */
export type BucketInput = z.output<typeof bucketSchema>;
/** A validated object entry. */
export type ObjectEntryInput = z.output<typeof objectEntrySchema>;
/** A validated older version of an object. */
export type VersionInput = NonNullable<ObjectEntryInput["versions"]>[number];

type AnySchema = z.core.$ZodType;

/** A schema without its optional, default and transform wrappers. */
function unwrapSchema(schema: AnySchema | undefined): AnySchema | undefined {
  let current = schema;
  for (;;) {
    const def = current?._zod.def as
      | { type: string; innerType?: AnySchema; in?: AnySchema }
      | undefined;
    if (def?.innerType !== undefined) current = def.innerType;
    else if (def?.type === "pipe" && def.in !== undefined) current = def.in;
    else return current;
  }
}

/**
 * The field names of the mapping at a path of the config, for a
 * "did you mean": `["buckets", 0]` gives a bucket's fields.
 *
 * @param path Mapping keys and list indexes.
 * @returns The field names, or `[]` where the config has no mapping.
 */
export function configFieldsAt(path: readonly PropertyKey[]): string[] {
  let schema: AnySchema | undefined = configSchema;
  for (const segment of path) {
    const def = unwrapSchema(schema)?._zod.def as
      | {
        type: string;
        shape?: Record<string, AnySchema>;
        element?: AnySchema;
        valueType?: AnySchema;
      }
      | undefined;
    if (def?.type === "object" && typeof segment === "string") {
      schema = def.shape?.[segment];
    } else if (def?.type === "array" && typeof segment === "number") {
      schema = def.element;
    } else if (def?.type === "record") schema = def.valueType;
    else return [];
  }
  const def = unwrapSchema(schema)?._zod.def as
    | { type: string; shape?: Record<string, unknown> }
    | undefined;
  return def?.type === "object" ? Object.keys(def.shape ?? {}) : [];
}
