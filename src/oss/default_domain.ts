/**
 * What OSS does on a bucket's default domain (`<bucket>.oss-<region>.
 * aliyuncs.com`, the acceleration domains) that a custom domain does not
 * (oss-facts §4.2), as data the rules, the checks and the emulator share:
 * the content types it forces to download, and the app packages it refuses.
 *
 * - Images: `x-oss-force-download: true` and `Content-Disposition:
 *   attachment` for the types of EC 0048-00000101
 *   (https://www.alibabacloud.com/help/en/oss/user-guide/0048-00000101), in
 *   buckets created from 2019-09-24 11:00 (UTC+8).
 * - Web pages (`text/html`; the extensions .htm .html .jsp .plg .htx .stm):
 *   sent as attachments since 2018-08-13, in every bucket. The source is a
 *   copy of Alibaba Cloud's notice, not an official page: UNCONFIRMED.
 * - Everything else (video, audio, PDF, text, JSON …) previews there.
 *
 * @module
 */

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

/** The web-page type OSS sends as an attachment on the default domain. */
export const WEB_PAGE_TYPE = "text/html";

/**
 * The content type an upload gets from the key's extension, for the
 * extensions of the types OSS forces to download (the types SDKs and the
 * console give these extensions; the web-page extensions are those of the
 * 2018 notice).
 */
const FORCED_TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  bmp: "image/bmp",
  exr: "image/exr",
  gif: "image/gif",
  heic: "image/heic",
  htm: WEB_PAGE_TYPE,
  html: WEB_PAGE_TYPE,
  htx: WEB_PAGE_TYPE,
  ico: "image/x-icon",
  jpe: "image/jpeg",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  jsp: WEB_PAGE_TYPE,
  plg: WEB_PAGE_TYPE,
  png: "image/png",
  ras: "image/x-cmu-raster",
  stm: WEB_PAGE_TYPE,
  svg: "image/svg+xml",
  tif: "image/tiff",
  tiff: "image/tiff",
  webp: "image/webp",
};

/**
 * The essence of a `Content-Type` value: `image/png` of
 * `image/PNG; q=1`.
 *
 * @param contentType The value.
 * @returns The type, lower case, without parameters.
 */
export function typeEssence(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

/**
 * Tells whether OSS forces a content type to download on its default
 * domain.
 *
 * @param contentType The response's `Content-Type`.
 * @param createdAfterCutoff Whether the bucket was created after the image
 *   cutoff; when unknown, pass `true` (most buckets are).
 * @returns `true` for web pages, and for the forced image types in buckets
 *   created after the cutoff.
 */
export function isForcedDownloadType(
  contentType: string,
  createdAfterCutoff: boolean,
): boolean {
  const type = typeEssence(contentType);
  return type === WEB_PAGE_TYPE ||
    (createdAfterCutoff && FORCED_DOWNLOAD_IMAGE_TYPES.has(type));
}

/**
 * The forced-download type a key's extension gives its object, if any.
 *
 * @param key The object key.
 * @returns The type (`image/jpeg` for `a.JPG`), or `undefined` when the
 *   extension is not one of a type OSS forces to download.
 */
export function forcedTypeOfKey(key: string): string | undefined {
  const name = key.slice(key.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return undefined;
  return FORCED_TYPES_BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}

/**
 * Tells whether a key is an app package OSS refuses on the default domain
 * (400 `ApkDownloadForbidden`).
 *
 * @param key The object key.
 * @returns `true` for `.apk` and `.ipa` keys.
 */
export function isAppPackage(key: string): boolean {
  return /\.(apk|ipa)$/i.test(key);
}
