/**
 * From a validated manifest to the list of links to sign: entries expanded
 * (`list:` files, `prefix:` listings), defaults merged, expiries resolved
 * and every signed query parameter decided.
 *
 * @module
 */
import type { Disposition } from "../link.ts";
import { effectiveOptions } from "../rules/effective.ts";
import { resolveExpires } from "../manifest/expires.ts";
import type { ListFileResult } from "../rules/list_file.ts";
import type { LinkOptions, Manifest } from "../manifest/types.ts";
import { DEFAULT_EXPIRES_SECONDS } from "../rules/entries.ts";
import { keyFilename } from "../rules/key_filename.ts";
import type { RuleFinding } from "../rules/structure.ts";
import { contentDisposition } from "./content_disposition.ts";
import { signingTime } from "../oss/signing_time.ts";

/** One link, ready to sign. */
export interface LinkPlan {
  /** The link id. */
  readonly id: string;
  /** The raw key. */
  readonly key: string;
  /** The method. */
  readonly method: "GET" | "HEAD";
  /** How it opens. */
  readonly disposition: Disposition;
  /**
   * The download filename: the declared one, or for an attachment the key's
   * last segment; `null` for an inline link without one, or when the key's
   * last segment cannot be a filename.
   */
  readonly filename: string | null;
  /** The `x-oss-process` value, or `null`. */
  readonly process: string | null;
  /** Seconds from signing to expiry. */
  readonly expires: number;
  /** The signed query parameters besides authorization. */
  readonly query: Readonly<Record<string, string>>;
}

/** Inputs of {@linkcode planLinks} that come from outside the manifest. */
export interface PlanOptions {
  /**
   * The signing time; milliseconds are dropped, as the signers drop them, so
   * that an absolute `expires` gives a URL that lives exactly until then.
   */
  readonly now: Date;
  /** Each `list:` file's parsed content, by the path written in the manifest. */
  readonly lists?: ReadonlyMap<string, ListFileResult>;
  /** Each `prefix:`'s keys from a bucket listing, by prefix. */
  readonly prefixes?: ReadonlyMap<string, readonly string[]>;
}

/** The outcome of {@linkcode planLinks}. */
export interface PlanResult {
  /** The links, in manifest order. */
  readonly plans: readonly LinkPlan[];
  /** Problems found while expanding, pointing at manifest paths. */
  readonly findings: readonly RuleFinding[];
}

const RESPONSE_PARAMS: readonly (keyof NonNullable<LinkOptions["response"]>)[] =
  [
    "cache-control",
    "content-encoding",
    "content-language",
    "content-type",
    "expires",
  ];

/**
 * Plans one link: its response overrides, processing, version, traffic
 * limit and expiry from the options merged for its entry.
 *
 * @param key The raw key.
 * @param id The link id.
 * @param options The entry's options, defaults merged.
 * @param now The signing time, whole seconds.
 * @returns The link, ready to sign.
 * @throws {RangeError} When the expiry is invalid (validation reports it).
 */
export function planOne(
  key: string,
  id: string,
  options: LinkOptions,
  now: Date,
): LinkPlan {
  const disposition = options.disposition ?? "attachment";
  // An attachment without a declared filename saves as the key's last
  // segment: the link says so, in the URL and in the outputs.
  const filename = options.filename ??
    (disposition === "attachment" ? keyFilename(key) ?? null : null);
  const query: Record<string, string> = {};
  query["response-content-disposition"] = contentDisposition(
    disposition,
    filename ?? undefined,
  );
  for (const name of RESPONSE_PARAMS) {
    const value = options.response?.[name];
    if (value !== undefined) query[`response-${name}`] = value;
  }
  const process = options.style !== undefined
    ? `style/${options.style}`
    : options.process ?? null;
  if (process !== null) query["x-oss-process"] = process;
  if (options.version !== undefined) query["versionId"] = options.version;
  if (options.trafficLimit !== undefined) {
    query["x-oss-traffic-limit"] = String(options.trafficLimit);
  }
  const expiry = resolveExpires(
    options.expires ?? DEFAULT_EXPIRES_SECONDS,
    now,
  );
  if (!expiry.ok) throw new RangeError(expiry.message);
  return {
    id,
    key,
    method: options.method ?? "GET",
    disposition,
    filename,
    process,
    expires: expiry.seconds,
    query,
  };
}

/**
 * Plans every link of a manifest that passed validation.
 *
 * @example Usage
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { planLinks } from "@osslinks/osslinks/sign";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\n" +
 *   "objects: [{key: a.txt, expires: 1h}, {prefix: logs/}]\n";
 * const { manifest } = validateManifest(new TextEncoder().encode(text), { now });
 * if (manifest === undefined) throw new Error("the manifest is valid");
 * const { plans, findings } = planLinks(manifest, { now });
 * if (plans.length !== 1 || plans[0]!.expires !== 3600) throw new Error(JSON.stringify(plans));
 * if (findings[0]?.rule !== "prefix-needs-listing") throw new Error("the prefix needs a listing");
 * ```
 *
 * @param manifest The validated manifest.
 * @param options The signing time, list files and prefix listings.
 * @returns The links and any problem met while expanding entries.
 */
export function planLinks(
  manifest: Manifest,
  options: PlanOptions,
): PlanResult {
  const plans: LinkPlan[] = [];
  const findings: RuleFinding[] = [];
  const ids = new Map<string, number>();
  const now = signingTime(options.now);
  const add = (plan: LinkPlan, index: number, idField: string) => {
    const earlier = ids.get(plan.id);
    if (earlier !== undefined) {
      findings.push({
        rule: "duplicate-id",
        path: ["objects", index, idField],
        message:
          `Duplicate link id "${plan.id}": objects[${earlier}] has it too`,
      });
      return;
    }
    ids.set(plan.id, index);
    plans.push(plan);
  };
  manifest.objects.forEach((entry, index) => {
    const effective = effectiveOptions(manifest, index);
    if (entry.key !== undefined) {
      add(
        planOne(entry.key, entry.id ?? entry.key, effective, now),
        index,
        entry.id !== undefined ? "id" : "key",
      );
    } else if (entry.list !== undefined) {
      const list = options.lists?.get(entry.list);
      if (list === undefined) {
        findings.push({
          rule: "list-unreadable",
          path: ["objects", index, "list"],
          message: `List file "${entry.list}" was not read`,
        });
        return;
      }
      for (const object of list.objects) {
        const merged: LinkOptions = {
          ...effective,
          ...(object.filename !== undefined
            ? { filename: object.filename }
            : {}),
          ...(object.disposition !== undefined
            ? { disposition: object.disposition }
            : {}),
        };
        add(
          planOne(object.key, object.id ?? object.key, merged, now),
          index,
          "list",
        );
      }
    } else if (entry.prefix !== undefined) {
      const keys = options.prefixes?.get(entry.prefix);
      if (keys === undefined) {
        findings.push({
          rule: "prefix-needs-listing",
          path: ["objects", index, "prefix"],
          message: `Prefix "${entry.prefix}" needs a bucket listing to expand`,
          hint:
            "sign with --live to list the bucket, or name the keys with key: or list:",
        });
        return;
      }
      for (const key of keys) {
        add(planOne(key, key, effective, now), index, "prefix");
      }
    }
  });
  return { plans, findings };
}
