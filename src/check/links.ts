/**
 * The links a manifest makes, each tied to the manifest entry that declared
 * it, so that a bucket finding can point at that entry's line.
 *
 * @module
 */
import type { ListFileResult } from "../rules/list_file.ts";
import type { RuleFinding } from "../rules/structure.ts";
import type { Manifest } from "../manifest/types.ts";
import { selectorPath } from "../rules/entries.ts";
import { type LinkPlan, planLinks } from "../sign/plan.ts";
import type { YamlPath } from "../yaml/load_yaml.ts";

/** One link the manifest makes, and where it is declared. */
export interface CheckLink {
  /** The planned link: key, method, disposition, process, expiry, query. */
  readonly plan: LinkPlan;
  /** The index of the declaring entry in `objects`. */
  readonly index: number;
  /** The path of the entry's `key`, `list` or `prefix`. */
  readonly path: YamlPath;
  /** The version the link names (`versionId`), or `null` for the current one. */
  readonly version: string | null;
}

/** Inputs of {@linkcode manifestLinks}. */
export interface ManifestLinksOptions {
  /** The signing time. */
  readonly now: Date;
  /** Each `list:` file's content, by the path written in the manifest. */
  readonly lists?: ReadonlyMap<string, ListFileResult> | undefined;
  /** Each `prefix:`'s keys, by prefix. */
  readonly prefixes?: ReadonlyMap<string, readonly string[]> | undefined;
}

/** The outcome of {@linkcode manifestLinks}. */
export interface ManifestLinksResult {
  /** The links, in manifest order. */
  readonly links: readonly CheckLink[];
  /** Problems met while expanding entries (as `sign` reports them). */
  readonly findings: readonly RuleFinding[];
}

/**
 * Plans every link of a manifest that passed validation, keeping the entry
 * each one comes from. Entries are planned one by one with the manifest's
 * defaults; the findings (duplicate ids across expansions, unread lists,
 * unlisted prefixes) come from planning the manifest as a whole, as `sign`
 * does.
 *
 * @param manifest The validated manifest.
 * @param options The signing time, list files and prefix listings.
 * @returns The links and the expansion findings.
 */
export function manifestLinks(
  manifest: Manifest,
  options: ManifestLinksOptions,
): ManifestLinksResult {
  const planOptions = {
    now: options.now,
    ...(options.lists ? { lists: options.lists } : {}),
    ...(options.prefixes ? { prefixes: options.prefixes } : {}),
  };
  const links: CheckLink[] = [];
  manifest.objects.forEach((entry, index) => {
    const { plans } = planLinks({ ...manifest, objects: [entry] }, planOptions);
    const path = selectorPath(entry, index);
    for (const plan of plans) {
      links.push({
        plan,
        index,
        path,
        version: plan.query["versionId"] ?? null,
      });
    }
  });
  return { links, findings: planLinks(manifest, planOptions).findings };
}
