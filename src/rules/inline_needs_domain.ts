import type { ObjectEntry } from "../manifest/types.ts";
import {
  forcedTypeOfKey,
  isForcedDownloadType,
  typeEssence,
  WEB_PAGE_TYPE,
} from "../oss/default_domain.ts";
import { selectorPath } from "./entries.ts";
import type { Rule, RuleContext } from "./rule.ts";

/** What an inline link's response is, as far as the manifest tells. */
interface KnownType {
  /** The content type, or `image` for a processed image of unknown format. */
  readonly type: string;
  /** Where it comes from, for the message. */
  readonly source: string;
}

/** Processing whose output is an image (not JSON such as `image/info`). */
function processMakesImage(process: string): boolean {
  if (/^video\/snapshot\b/.test(process)) return true;
  return process.startsWith("image/") &&
    !/^image\/(?:info|average-hue)\b/.test(process);
}

/**
 * The type an inline entry's responses have: `response.content-type` when
 * set (OSS decides on the response's type), else an image when a style or
 * image processing makes one, else the type the key's extension gives.
 */
function knownType(
  context: RuleContext,
  entry: ObjectEntry,
  index: number,
): KnownType | undefined {
  const override = entry.response?.["content-type"] ??
    context.manifest.defaults?.response?.["content-type"];
  if (override !== undefined) {
    return { type: typeEssence(override), source: "response.content-type" };
  }
  const style = context.option(index, "style");
  if (style !== undefined) {
    return { type: "image", source: `style "${style.value}"` };
  }
  const process = context.option(index, "process");
  if (process !== undefined) {
    // Other processing (image/info: JSON) makes a type the key does not tell.
    return processMakesImage(process.value)
      ? { type: "image", source: `process "${process.value}"` }
      : undefined;
  }
  if (entry.key === undefined) return undefined;
  const type = forcedTypeOfKey(entry.key);
  return type === undefined
    ? undefined
    : { type, source: "the key's extension" };
}

function subject(entry: ObjectEntry): string {
  return entry.key !== undefined
    ? `"${entry.key}"`
    : entry.prefix !== undefined
    ? `the objects under "${entry.prefix}"`
    : `the objects of "${entry.list}"`;
}

/**
 * On its default domain OSS forces download of images (buckets created
 * after 2019-09-24) and web pages (oss-facts §4.2), so an inline preview of
 * those needs a custom domain; video, PDF, text and the rest preview there.
 * Without the bucket's creation date, a bucket is assumed to be newer than
 * the image cutoff (`check` knows it: `preview-forced-download`).
 */
export const inlineNeedsDomain: Rule = {
  id: "inline-needs-domain",
  description:
    "Inline links of a type OSS forces to download on its default domain (images in buckets created after 2019-09-24, web pages: by response.content-type, an image style or process, or the key's extension) go through a custom domain; video, PDF and text preview there",
  severity: "warning",
  check(context) {
    if (context.manifest.bucket.domain !== undefined) return;
    context.manifest.objects.forEach((entry, index) => {
      if (context.option(index, "disposition")?.value !== "inline") return;
      if (context.option(index, "method")?.value === "HEAD") return;
      const known = knownType(context, entry, index);
      if (known === undefined) return;
      const image = known.type === "image";
      if (!image && !isForcedDownloadType(known.type, true)) return;
      const why = known.type === WEB_PAGE_TYPE
        ? `OSS forces web pages (${known.type}, by ${known.source}) to download there`
        : `OSS forces images (${
          image ? known.source : `${known.type}, by ${known.source}`
        }) to download there in buckets created after 2019-09-24`;
      const one = entry.key !== undefined;
      context.report({
        path: selectorPath(entry, index),
        message: `Inline ${one ? "link" : "links"} to ${
          subject(entry)
        } on the default OSS domain: ${why}`,
        hint: "bind a custom domain to the bucket and set bucket.domain",
      });
    });
  },
};
