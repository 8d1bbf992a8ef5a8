/**
 * The signed-link records that `sign` emits in every output format.
 *
 * @module
 */

/** How a link opens in the browser. */
export type Disposition = "inline" | "attachment";

/** One signed link, in the stable key order of the JSON output. */
export interface SignedLink {
  /** The link's id: the manifest `id`, or the key. Unique in a batch. */
  readonly id: string;
  /** The raw object key. */
  readonly key: string;
  /** The HTTP method the URL was signed for. */
  readonly method: "GET" | "HEAD";
  /** The signed URL. */
  readonly url: string;
  /** When the URL stops working, ISO 8601 UTC with milliseconds. */
  readonly expiresAt: string;
  /** Whether the link previews (`inline`) or downloads (`attachment`). */
  readonly disposition: Disposition;
  /**
   * The name the file is saved as: the declared filename, or for an
   * attachment the key's last segment; `null` for an inline link without a
   * filename (or a key whose last segment cannot be one).
   */
  readonly filename: string | null;
  /** The `x-oss-process` value (`style/thumb`, `image/resize,w_200`), or `null`. */
  readonly process: string | null;
}

/** A batch of links signed together, as the JSON output holds it. */
export interface SignedBatch {
  /** The output format version. */
  readonly version: 1;
  /** The bucket the links point into. */
  readonly bucket: string;
  /** When the batch was signed, ISO 8601 UTC with milliseconds. */
  readonly signedAt: string;
  /** The links, in manifest order. */
  readonly links: readonly SignedLink[];
}
