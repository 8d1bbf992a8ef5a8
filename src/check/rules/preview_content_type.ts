import type { CheckRule } from "../rule.ts";
import {
  agree,
  effectiveType,
  objectsSubject,
  previewLinks,
  reportPerEntry,
} from "./_links.ts";

/** Non-text types browsers display in the tab. */
const DISPLAYED_TYPES: ReadonlySet<string> = new Set([
  "application/javascript",
  "application/json",
  "application/pdf",
  "application/xhtml+xml",
  "application/xml",
  "audio/aac",
  "audio/flac",
  "audio/mp4",
  "audio/mpeg",
  "audio/ogg",
  "audio/wav",
  "audio/wave",
  "audio/webm",
  "audio/x-wav",
  "image/apng",
  "image/avif",
  "image/bmp",
  "image/gif",
  "image/jpeg",
  "image/png",
  "image/svg+xml",
  "image/vnd.microsoft.icon",
  "image/webp",
  "image/x-icon",
  "image/x-ms-bmp",
  "video/mp4",
  "video/ogg",
  "video/webm",
]);

/** `text/` types browsers download rather than display (Chromium's list). */
const DOWNLOADED_TEXT_TYPES: ReadonlySet<string> = new Set([
  "text/calendar",
  "text/comma-separated-values",
  "text/csv",
  "text/directory",
  "text/ldif",
  "text/qif",
  "text/rtf",
  "text/tab-separated-values",
  "text/tsv",
  "text/vcard",
  "text/x-csv",
  "text/x-qif",
  "text/x-vcard",
  "text/x-vcf",
]);

/**
 * Tells whether browsers display a content type in the tab rather than
 * download it.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isDisplayedType } from "./preview_content_type.ts";
 *
 * assert.equal(isDisplayedType("image/png"), true);
 * assert.equal(isDisplayedType("text/csv"), false);
 * ```
 *
 * @param type The type's essence, lower case.
 * @returns Whether it previews.
 */
export function isDisplayedType(type: string): boolean {
  if (type.startsWith("text/")) return !DOWNLOADED_TEXT_TYPES.has(type);
  return DISPLAYED_TYPES.has(type);
}

/** An inline link's Content-Type is one browsers display. */
export const previewContentType: CheckRule = {
  id: "preview-content-type",
  description:
    "Each inline object's Content-Type (response.content-type when set) is one browsers display: images, PDF, text, audio, video",
  severity: "error",
  check(context) {
    const failing = previewLinks(context)
      .map((link) => ({ link, group: effectiveType(link) }))
      .filter(({ group }) => !isDisplayedType(group));
    reportPerEntry(context, failing, (links) => {
      const first = links[0]!;
      const type = effectiveType(first);
      const overridden = first.plan.query["response-content-type"] !==
        undefined;
      return {
        path: overridden
          ? context.option(first.index, "response")?.path ?? first.path
          : first.path,
        message: `${objectsSubject(links)} ${agree(links, "is", "are")} ${
          type === "" ? "sent without a Content-Type" : `"${type}"`
        }${
          overridden ? " (response.content-type)" : ""
        }, which browsers download rather than display: the inline ${
          agree(links, "link downloads", "links download")
        }`,
        hint: overridden
          ? "set response.content-type to a type browsers display"
          : "store the object with its real Content-Type, or set response.content-type",
      };
    });
  },
};
