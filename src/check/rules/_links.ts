/**
 * Helpers the bucket checks share: which links preview, their effective
 * content type, and one finding per entry for links that fail alike.
 *
 * @module
 */
import type { Finding } from "../../rules/rule.ts";
import type { CheckContext, CheckedLink } from "../rule.ts";
import type { SnapshotFoundObject } from "../snapshot_schema.ts";

/** A link whose object exists, with its facts. */
export interface FoundLink extends CheckedLink {
  /** The object's facts. */
  readonly object: SnapshotFoundObject;
}

/**
 * Tells whether a link's object was found.
 *
 * @param link The link.
 * @returns Whether HeadObject found it.
 */
function isFound(link: CheckedLink): link is FoundLink {
  return link.object.status === "found";
}

/**
 * The links meant to preview: inline GET links whose object exists.
 *
 * @param context The check context.
 * @returns The links.
 */
export function previewLinks(context: CheckContext): FoundLink[] {
  return context.links.filter((link): link is FoundLink =>
    isFound(link) && link.plan.disposition === "inline" &&
    link.plan.method === "GET"
  );
}

/**
 * The `Content-Type` a link's response carries: the signed
 * `response-content-type` override, else the stored type.
 *
 * @param link The link.
 * @returns The type's essence in lower case (`image/png`), or `""`.
 */
export function effectiveType(link: FoundLink): string {
  const type = link.plan.query["response-content-type"] ??
    link.object.contentType ?? "";
  return (type.split(";")[0] ?? "").trim().toLowerCase();
}

/**
 * Quotes up to three keys: `"a"`, `"a" and "b"`, `"a", "b", "c" and 4 more`.
 *
 * @param keys The keys.
 * @returns The text.
 */
function quoteKeys(keys: readonly string[]): string {
  const unique = [...new Set(keys)];
  const shown = unique.slice(0, 3).map((key) => `"${key}"`);
  const more = unique.length - shown.length;
  if (more > 0) return `${shown.join(", ")} and ${more} more`;
  if (shown.length <= 1) return shown[0] ?? "";
  return `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}

/**
 * Reports failing links once per declaring entry and group: one finding
 * for a `key:` entry, one summarising finding for the keys of a `list:` or
 * `prefix:` entry that fail the same way.
 *
 * @param context The check context.
 * @param failing The failing links, each with a group (for example its
 *   content type): links of one entry and group share a finding.
 * @param finding Builds the finding for the links of one entry and group.
 */
export function reportPerEntry<L extends CheckedLink>(
  context: CheckContext,
  failing: readonly { readonly link: L; readonly group: string }[],
  finding: (links: readonly L[]) => Finding,
): void {
  const groups = new Map<string, L[]>();
  for (const { link, group } of failing) {
    const key = `${link.index}\u0000${group}`;
    const members = groups.get(key);
    if (members === undefined) groups.set(key, [link]);
    else members.push(link);
  }
  for (const members of groups.values()) context.report(finding(members));
}

/**
 * `Object "a"`, or `3 objects ("a", "b" and "c")`, for the links of one
 * entry.
 *
 * @param links The links.
 * @returns The subject of a message.
 */
export function objectsSubject(links: readonly CheckedLink[]): string {
  const keys = [...new Set(links.map((link) => link.plan.key))];
  return keys.length === 1
    ? `Object "${keys[0]}"`
    : `${keys.length} objects (${quoteKeys(keys)})`;
}

/**
 * Picks the verb form that agrees with {@linkcode objectsSubject}.
 *
 * @param links The links.
 * @param one The singular form.
 * @param many The plural form.
 * @returns One of the two.
 */
export function agree(
  links: readonly CheckedLink[],
  one: string,
  many: string,
): string {
  return new Set(links.map((link) => link.plan.key)).size === 1 ? one : many;
}
