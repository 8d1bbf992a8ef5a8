/**
 * What OSS does differently on a bucket's default domain (oss-facts §4.2):
 * forced download of images (buckets created after 2019-09-24) and web
 * pages, and no APK/IPA downloads. A bound custom domain has none of this.
 * The emulator treats path-style loopback requests like the default domain.
 *
 * @module
 */
import type { EmulatorBucket } from "./model.ts";
import type { Addressing } from "./routing.ts";

/** Buckets created from this time on get forced image downloads (2019-09-24 11:00 UTC+8). */
export const FORCED_DOWNLOAD_CUTOFF: Date = new Date("2019-09-24T03:00:00Z");

/** The image types OSS forces to download on the default domain (EC 0048-00000101). */
export const FORCED_DOWNLOAD_IMAGE_TYPES: ReadonlySet<string> = new Set([
  "image/jpeg",
  "image/gif",
  "image/tiff",
  "image/png",
  "image/webp",
  "image/svg+xml",
  "image/bmp",
  "image/x-ms-bmp",
  "image/x-cmu-raster",
  "image/exr",
  "image/x-icon",
  "image/heic",
]);

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
  const type = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  if (type === "text/html") return true;
  return FORCED_DOWNLOAD_IMAGE_TYPES.has(type) &&
    bucket.creationDate.getTime() >= FORCED_DOWNLOAD_CUTOFF.getTime();
}

/**
 * Tells whether a key is an app package OSS refuses on the default domain.
 *
 * @param key The object key.
 * @returns `true` for `.apk` and `.ipa` keys.
 */
export function isAppPackage(key: string): boolean {
  return /\.(apk|ipa)$/i.test(key);
}
