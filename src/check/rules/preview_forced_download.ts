import {
  FORCED_DOWNLOAD_CUTOFF,
  isForcedDownloadType,
  WEB_PAGE_TYPE,
} from "../../oss/default_domain.ts";
import type { CheckRule } from "../rule.ts";
import {
  agree,
  effectiveType,
  type FoundLink,
  objectsSubject,
  previewLinks,
  reportPerEntry,
} from "./_links.ts";

function forced(link: FoundLink, createdAfterCutoff: boolean): boolean {
  return isForcedDownloadType(effectiveType(link), createdAfterCutoff);
}

/**
 * On the default OSS domain, OSS forces download of web pages, and of
 * images in buckets created after 2019-09-24 (oss-facts §4.2).
 */
export const previewForcedDownload: CheckRule = {
  id: "preview-forced-download",
  description:
    "Inline links on the default OSS domain are not of a type OSS forces to download there (images in buckets created after 2019-09-24, web pages)",
  severity: "error",
  check(context) {
    if (context.manifest.bucket.domain !== undefined) return;
    const created = context.snapshot.info.creationDate;
    const afterCutoff = Date.parse(created) >= FORCED_DOWNLOAD_CUTOFF.getTime();
    const failing = previewLinks(context)
      .filter((link) => forced(link, afterCutoff))
      .map((link) => ({ link, group: effectiveType(link) }));
    reportPerEntry(context, failing, (links) => {
      const type = effectiveType(links[0]!);
      const why = type === WEB_PAGE_TYPE
        ? "OSS sends web pages as attachments on its default domain"
        : `bucket "${context.snapshot.bucket}" was created on ${
          created.slice(0, 10)
        }, after 2019-09-24, so OSS sends images as attachments on its default domain`;
      return {
        path: links[0]!.path,
        message: `${objectsSubject(links)} ${
          agree(links, "is", "are")
        } "${type}" and ${why} (x-oss-force-download): the inline ${
          agree(links, "link downloads", "links download")
        }`,
        hint: "bind a custom domain to the bucket and set bucket.domain",
      };
    });
  },
};
