/**
 * Content types the emulator gives objects loaded from files, by extension.
 *
 * @module
 */

const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  apk: "application/vnd.android.package-archive",
  avif: "image/avif",
  bmp: "image/bmp",
  css: "text/css",
  csv: "text/csv",
  gif: "image/gif",
  heic: "image/heic",
  htm: "text/html",
  html: "text/html",
  ico: "image/x-icon",
  ipa: "application/octet-stream",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  js: "text/javascript",
  json: "application/json",
  md: "text/markdown",
  mp3: "audio/mpeg",
  mp4: "video/mp4",
  pdf: "application/pdf",
  png: "image/png",
  svg: "image/svg+xml",
  tif: "image/tiff",
  tiff: "image/tiff",
  txt: "text/plain",
  wav: "audio/wav",
  webm: "video/webm",
  webp: "image/webp",
  xml: "application/xml",
  zip: "application/zip",
};

/** The content type of an object whose extension is unknown. */
export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

/**
 * Guesses an object's content type from the extension of its key.
 *
 * @param key The object key or file name.
 * @returns The content type, `application/octet-stream` when unknown.
 */
export function contentTypeFor(key: string): string {
  const name = key.slice(key.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return DEFAULT_CONTENT_TYPE;
  return TYPES_BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ??
    DEFAULT_CONTENT_TYPE;
}
