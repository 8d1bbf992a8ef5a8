/**
 * The emulator config file: a small YAML document that declares buckets,
 * their credentials, objects, CORS rules, bound domains, styles and referer
 * rules. {@linkcode loadEmulatorConfig} parses and validates it into the
 * in-memory model {@linkcode startEmulator} serves. The format is documented
 * in `docs/emulator.md`.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import type { Range } from "../diagnostic.ts";
import { loadYaml, type YamlPath } from "../yaml/load_yaml.ts";
import {
  type ConfigProblem,
  configProblems,
  displayConfigPath,
} from "./config_issues.ts";
import {
  type BucketInput,
  parseConfig,
  type VersionInput,
} from "./config_schema.ts";
import { missingPermissionOf } from "../io/missing_permission.ts";
import { listFiles, readBytes } from "./files.ts";
import { byUtf8 } from "./listing.ts";
import type { FaultRule } from "./faults.ts";
import { contentTypeFor } from "./mime.ts";
import type {
  BoundDomain,
  EmulatorBucket,
  EmulatorConfig,
  EmulatorObject,
  ObjectVersion,
} from "./model.ts";

/** One problem found in an emulator config. */
export interface ConfigIssue {
  /** Where, as a dotted path (`buckets[0].cors.rules[1]`); `""` for the whole file. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
  /** A suggestion, for example `did you mean "acl"?`. */
  readonly hint?: string | undefined;
  /**
   * Where in the file (1-based lines and columns), when the config was
   * read from YAML text by {@linkcode loadEmulatorConfig}.
   */
  readonly range?: Range | undefined;
}

/**
 * An emulator config that cannot be parsed, validated or loaded.
 *
 * @example Usage
 * ```ts
 * import { EmulatorConfigError, parseEmulatorConfig } from "@osslinks/osslinks/emulator";
 *
 * try {
 *   await parseEmulatorConfig({ buckets: [{ name: "examplebucket", regoin: "cn-hangzhou" }] });
 *   throw new Error("a misspelt key was accepted");
 * } catch (error) {
 *   if (!(error instanceof EmulatorConfigError)) throw error;
 *   // Each issue says where it is and, for a misspelling, what was meant.
 *   const typo = error.issues.find((issue) => issue.path === "buckets[0].regoin");
 *   if (typo?.hint !== 'did you mean "region"?') throw error;
 * }
 * ```
 */
export class EmulatorConfigError extends Error {
  /** Every problem found. */
  readonly issues: readonly ConfigIssue[];

  /**
   * Creates the error from its issues.
   *
   * @param issues The problems found, at least one.
   * @param options The underlying error, if any.
   */
  constructor(issues: readonly ConfigIssue[], options?: ErrorOptions) {
    const lines = issues.map((issue) => {
      const at = issue.range === undefined
        ? ""
        : `${issue.range.start.line}:${issue.range.start.column}: `;
      const path = issue.path === "" ? "" : `${issue.path}: `;
      const hint = issue.hint === undefined ? "" : ` (${issue.hint})`;
      return `${at}${path}${issue.message}${hint}`;
    });
    super(
      lines.length === 1
        ? `Invalid emulator config: ${lines[0]}`
        : `Invalid emulator config: ${lines.length} problems\n  ${
          lines.join("\n  ")
        }`,
      options,
    );
    this.name = "EmulatorConfigError";
    this.issues = issues;
  }
}

/** Options of {@linkcode loadEmulatorConfig}. */
export interface LoadEmulatorConfigOptions {
  /**
   * The folder `file` and `folder` paths are relative to, usually the
   * config file's folder.
   *
   * @default {"."}
   */
  readonly baseDir?: string | undefined;
  /**
   * The clock of the emulator that will serve the config, read once: times
   * written relative to the emulator's start (`+400d`, `-30d`) count from
   * its reading. Give {@linkcode startEmulator} the same clock.
   *
   * @default {() => new Date()}
   */
  readonly now?: (() => Date) | undefined;
}

function defaultNow(): Date {
  return new Date();
}

/** Where problems are in the file, when it was YAML text. */
type LocateProblem = (problem: ConfigProblem) => Range;

function toIssues(
  problems: readonly ConfigProblem[],
  locate: LocateProblem | undefined,
): ConfigIssue[] {
  return problems.map((problem) => ({
    path: problem.path.length === 0 ? "" : displayConfigPath(problem.path),
    message: problem.message,
    ...(problem.hint === undefined ? {} : { hint: problem.hint }),
    ...(locate === undefined ? {} : { range: locate(problem) }),
  }));
}

function etagOf(body: Uint8Array): string {
  return `"${createHash("md5").update(body).digest("hex").toUpperCase()}"`;
}

/** Loads the bodies of object entries, collecting read failures as issues. */
class BodyLoader {
  readonly issues: ConfigProblem[] = [];
  readonly #baseDir: string;

  constructor(baseDir: string) {
    this.#baseDir = baseDir;
  }

  async body(
    source: {
      file?: string | undefined;
      content?: string | undefined;
      contentBase64?: string | undefined;
    },
    path: YamlPath,
  ): Promise<Uint8Array> {
    if (source.content !== undefined) {
      return new TextEncoder().encode(source.content);
    }
    if (source.contentBase64 !== undefined) {
      return Uint8Array.from(
        atob(source.contentBase64),
        (char) => char.charCodeAt(0),
      );
    }
    return await this.read(source.file ?? "", path);
  }

  read(file: string, path: YamlPath): Promise<Uint8Array> {
    return this.#attempt("read file", file, path, new Uint8Array(), readBytes);
  }

  list(folder: string, path: YamlPath): Promise<string[]> {
    return this.#attempt("list folder", folder, path, [], listFiles);
  }

  async #attempt<T>(
    what: string,
    target: string,
    path: YamlPath,
    fallback: T,
    action: (absolute: string) => Promise<T>,
  ): Promise<T> {
    const absolute = resolve(this.#baseDir, target);
    try {
      return await action(absolute);
    } catch (error) {
      // A missing permission is no mistake in the config.
      const missing = missingPermissionOf(error);
      if (missing !== undefined) throw missing;
      const detail = error instanceof Error ? error.message : String(error);
      this.issues.push({
        path,
        message: `Cannot ${what} "${absolute}": ${detail}`,
      });
      return fallback;
    }
  }
}

function version(
  key: string,
  versionId: string | null,
  body: Uint8Array,
  input: Omit<VersionInput, "versionId" | "file" | "content" | "contentBase64">,
  fallbackDate: Date,
): ObjectVersion {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.meta ?? {})) {
    meta[name.toLowerCase()] = value;
  }
  return {
    versionId,
    body,
    etag: etagOf(body),
    lastModified: input.lastModified ?? fallbackDate,
    contentType: input.contentType ?? contentTypeFor(key),
    contentDisposition: input.contentDisposition,
    cacheControl: input.cacheControl,
    contentEncoding: input.contentEncoding,
    contentLanguage: input.contentLanguage,
    expires: input.expires,
    meta,
  };
}

async function loadObjects(
  bucket: BucketInput,
  bucketPath: YamlPath,
  loader: BodyLoader,
): Promise<EmulatorObject[]> {
  const objects = new Map<string, EmulatorObject>();
  const explicit = new Set<string>();
  for (const [index, entry] of bucket.objects.entries()) {
    const path = [...bucketPath, "objects", index];
    if (entry.folder !== undefined) {
      const prefix = entry.prefix ?? "";
      for (const file of await loader.list(entry.folder, [...path, "folder"])) {
        const key = prefix + file;
        const body = await loader.read(
          `${entry.folder}/${file}`,
          [...path, "folder"],
        );
        objects.set(key, {
          key,
          versions: [version(key, null, body, entry, bucket.creationDate)],
        });
      }
      continue;
    }
    const key = entry.key ?? "";
    if (explicit.has(key)) {
      loader.issues.push({
        path: [...path, "key"],
        message: `Object "${key}" is declared twice`,
      });
    }
    explicit.add(key);
    const current = version(
      key,
      entry.versionId ?? null,
      await loader.body(entry, path),
      entry,
      bucket.creationDate,
    );
    const older: ObjectVersion[] = [];
    const ids = new Set([entry.versionId]);
    for (const [at, input] of (entry.versions ?? []).entries()) {
      if (ids.has(input.versionId)) {
        loader.issues.push({
          path: [...path, "versions", at, "versionId"],
          message: `Version "${input.versionId}" is declared twice`,
        });
      }
      ids.add(input.versionId);
      const body = await loader.body(input, [...path, "versions", at]);
      older.push(
        version(key, input.versionId, body, input, bucket.creationDate),
      );
    }
    objects.set(key, { key, versions: [current, ...older] });
  }
  return [...objects.values()].sort((a, b) => byUtf8(a.key, b.key));
}

function domainsOf(bucket: BucketInput): BoundDomain[] {
  return bucket.domains.map((domain) => ({
    domain: domain.domain,
    status: domain.status,
    lastModified: domain.lastModified ?? bucket.creationDate,
    certificate: domain.certificate === undefined ? undefined : {
      type: domain.certificate.type,
      certId: domain.certificate.certId,
      status: domain.certificate.status,
      creationDate: domain.certificate.creationDate ??
        domain.certificate.validStartDate,
      fingerprint: domain.certificate.fingerprint ??
        createHash("sha1").update(domain.certificate.certId).digest("hex")
          .toUpperCase().match(/../g)!.join(":"),
      validStartDate: domain.certificate.validStartDate,
      validEndDate: domain.certificate.validEndDate,
    },
  }));
}

async function bucketOf(
  bucket: BucketInput,
  index: number,
  loader: BodyLoader,
): Promise<EmulatorBucket> {
  return {
    name: bucket.name,
    region: bucket.region,
    acl: bucket.acl,
    creationDate: bucket.creationDate,
    stylesOnly: bucket.stylesOnly,
    owner: bucket.owner,
    credentials: bucket.credentials,
    objects: await loadObjects(bucket, ["buckets", index], loader),
    cors: bucket.cors ?? null,
    domains: domainsOf(bucket),
    styles: bucket.styles.map((style) => ({
      name: style.name,
      content: style.content,
      createTime: style.createTime ?? bucket.creationDate,
      lastModifyTime: style.lastModifyTime ?? style.createTime ??
        bucket.creationDate,
    })),
    referer: bucket.referer ?? null,
  };
}

/**
 * Validates an already-parsed emulator config (the YAML document as plain
 * data) and loads the object bodies it names.
 *
 * @example Usage
 * ```ts no-assert
 * import { parseEmulatorConfig } from "@osslinks/osslinks/emulator";
 * const config = await parseEmulatorConfig({
 *   buckets: [{ name: "examplebucket", region: "cn-hangzhou",
 *     objects: [{ key: "hello.txt", content: "hello" }] }],
 * });
 * ```
 *
 * @param value The config as plain data.
 * @param options Where relative paths start, and the clock relative times
 * count from.
 * @returns The emulator model.
 * @throws {EmulatorConfigError} If the config is invalid or a file cannot be read.
 * @throws {MissingPermissionError} If the process may not read a file.
 */
export function parseEmulatorConfig(
  value: unknown,
  options: LoadEmulatorConfigOptions = {},
): Promise<EmulatorConfig> {
  return buildConfig(value, options, undefined);
}

async function buildConfig(
  value: unknown,
  options: LoadEmulatorConfigOptions,
  locate: LocateProblem | undefined,
): Promise<EmulatorConfig> {
  const raw = value ?? {};
  const parsed = parseConfig(raw, (options.now ?? defaultNow)());
  if (!parsed.success) {
    throw new EmulatorConfigError(
      toIssues(configProblems(parsed.error.issues, raw), locate),
    );
  }
  const loader = new BodyLoader(options.baseDir ?? ".");
  const buckets: EmulatorBucket[] = [];
  for (const [index, bucket] of parsed.data.buckets.entries()) {
    buckets.push(await bucketOf(bucket, index, loader));
  }
  if (loader.issues.length > 0) {
    throw new EmulatorConfigError(toIssues(loader.issues, locate));
  }
  const faults: FaultRule[] = parsed.data.faults;
  const { readOnly, maxStoredBytes } = parsed.data;
  return {
    buckets,
    faults,
    ...(readOnly === undefined ? {} : { readOnly }),
    ...(maxStoredBytes === undefined ? {} : { maxStoredBytes }),
  };
}

/**
 * Parses an emulator config file (YAML), validates it and loads the object
 * bodies it names. Prints nothing.
 *
 * @example Usage
 * ```ts no-assert
 * import { loadEmulatorConfig } from "@osslinks/osslinks/emulator";
 * const text = await Deno.readTextFile("emulator.example.yaml");
 * const config = await loadEmulatorConfig(text, { baseDir: "." });
 * ```
 *
 * @param text The YAML text.
 * @param options Where relative paths start (the config file's folder), and
 * the clock relative times count from.
 * @returns The emulator model.
 * @throws {EmulatorConfigError} If the YAML cannot be parsed, the config is
 * invalid, or a file cannot be read.
 * @throws {MissingPermissionError} If the process may not read a file.
 */
export async function loadEmulatorConfig(
  text: string,
  options: LoadEmulatorConfigOptions = {},
): Promise<EmulatorConfig> {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const loaded = loadYaml(source);
  if (!loaded.ok) {
    // An empty file (or "---" alone) serves no buckets.
    if (loaded.problem.rule === "yaml-empty") {
      return await parseEmulatorConfig({}, options);
    }
    throw new EmulatorConfigError([{
      path: "",
      message: loaded.problem.message.replace(
        "a manifest is one document",
        "a config is one document",
      ),
      range: loaded.problem.range,
    }]);
  }
  const { document } = loaded;
  return await buildConfig(
    document.value,
    options,
    (problem) =>
      document.locate(problem.path as YamlPath, problem.target ?? "value"),
  );
}
