/**
 * What OSS does differently on a bucket's default domain (oss-facts §4.2,
 * as data in `src/oss/default_domain.ts`): forced download of images
 * (buckets created after 2019-09-24) and web pages, and no APK/IPA
 * downloads. A bound custom domain has none of this. The emulator treats
 * path-style loopback requests like the default domain, and decides on the
 * response's `Content-Type`, after any `response-content-type` override.
 *
 * @module
 */
import {
  FORCED_DOWNLOAD_CUTOFF,
  isAppPackage,
  isForcedDownloadType,
} from "../oss/default_domain.ts";
import type { EmulatorBucket } from "./model.ts";
import type { Addressing } from "./routing.ts";

/**
 * Tells whether OSS forces a download (`Content-Disposition: attachment`,
 * `x-oss-force-download: true`) for a response.
 *
 * @param bucket The bucket.
 * @param contentType The response's content type.
 * @param via How the request addressed the bucket.
 * @returns `true` on the default domain for the forced image types (new
 * buckets) and for `text/html`.
 */
export function forcesDownload(
  bucket: EmulatorBucket,
  contentType: string,
  via: Addressing,
): boolean {
  if (via === "custom") return false;
  return isForcedDownloadType(
    contentType,
    bucket.creationDate.getTime() >= FORCED_DOWNLOAD_CUTOFF.getTime(),
  );
}

export { isAppPackage };
