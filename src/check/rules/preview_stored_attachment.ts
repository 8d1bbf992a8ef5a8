import type { CheckRule } from "../rule.ts";
import {
  agree,
  objectsSubject,
  previewLinks,
  reportPerEntry,
} from "./_links.ts";

/**
 * An inline object stored with `Content-Disposition: attachment` previews
 * through these links (the signed override wins) but downloads otherwise.
 */
export const previewStoredAttachment: CheckRule = {
  id: "preview-stored-attachment",
  description:
    "Inline objects, images included, are not stored with Content-Disposition: attachment (read past the attachment OSS forces on its default domain); the links' signed override wins, other access downloads",
  severity: "warning",
  check(context) {
    const failing = previewLinks(context)
      .filter((link) =>
        /^\s*attachment\b/i.test(link.object.contentDisposition ?? "")
      )
      .map((link) => ({ link, group: "" }));
    reportPerEntry(context, failing, (links) => ({
      path: links[0]!.path,
      message: `${objectsSubject(links)} ${
        agree(links, "is", "are")
      } stored with Content-Disposition "attachment": these links preview (their signed response-content-disposition wins), but opened any other way ${
        agree(links, "it downloads", "they download")
      }`,
      hint:
        "store the objects without Content-Disposition (CopyObject with new metadata) if they should preview everywhere",
    }));
  },
};
