/**
 * A batch of link entries to the UTF-8 text of its signed links, or to the
 * links: what a signing worker does with each batch, and what the main
 * thread does with the batches it signs itself (see `worker_pool.ts`).
 *
 * @module
 */
import type { CsvOptions } from "../output/csv.ts";
import { linkTextMaker, type StreamFormat } from "../output/link_text.ts";
import type { BucketConfig } from "../manifest/types.ts";
import type { LinkEntry } from "./manifest_links.ts";
import { planOne } from "./plan.ts";
import type { Credentials } from "./presign.ts";
import { signingTime } from "../oss/signing_time.ts";
import { linkSigner } from "./sign_links.ts";
import type { SignedLink } from "../link.ts";

/** What every batch is signed with. */
export interface BatchSignOptions {
  /** The manifest's bucket block. */
  readonly bucket: BucketConfig;
  /** The credentials. */
  readonly credentials: Credentials;
  /** The signing time, in milliseconds since the epoch. */
  readonly signedAt: number;
}

/** What every batch is signed and written with. */
export interface BatchTextOptions extends BatchSignOptions {
  /** The format of the text. */
  readonly format: StreamFormat;
  /** How CSV cells are encoded. */
  readonly csv: CsvOptions;
}

const encoder = new TextEncoder();

/**
 * How many bytes a piece of a batch's text holds before the next link
 * starts a new one (64 KiB): small buffers are reused by the allocator,
 * where batch-sized ones fragment it (measured with bench/sign_scale.ts).
 */
const PIECE_BYTES = 1 << 16;

/**
 * Makes the function that plans, signs and formats a batch of entries. Each
 * link's text is encoded into one reused buffer as soon as it is made, so
 * that no batch-sized string is ever built; every 64 KiB or so (at a link's
 * end) the bytes are copied out as a piece, free to be transferred.
 *
 * @param options Bucket, credentials, time and format.
 * @returns The batch's text as UTF-8 pieces, the links in entry order.
 */
export function batchTextMaker(
  options: BatchTextOptions,
): (entries: readonly LinkEntry[]) => Uint8Array<ArrayBuffer>[] {
  const sign = entrySigner(options);
  const text = linkTextMaker(options.format, options.csv);
  let buffer = new Uint8Array(2 * PIECE_BYTES);
  return (entries) => {
    const pieces: Uint8Array<ArrayBuffer>[] = [];
    let length = 0;
    for (const entry of entries) {
      const line = text(sign(entry));
      // UTF-8 takes at most 3 bytes per UTF-16 code unit.
      if (buffer.length - length < 3 * line.length) {
        const larger = new Uint8Array(2 * buffer.length + 3 * line.length);
        larger.set(buffer.subarray(0, length));
        buffer = larger;
      }
      length += encoder.encodeInto(line, buffer.subarray(length)).written;
      if (length >= PIECE_BYTES) {
        pieces.push(buffer.slice(0, length));
        length = 0;
      }
    }
    if (length > 0) pieces.push(buffer.slice(0, length));
    return pieces;
  };
}

/**
 * Makes the function that plans and signs a batch of entries: what the
 * main thread does with the batches of an HTML page it signs itself (the
 * page's rows and summary need the links themselves).
 *
 * @param options Bucket, credentials and time.
 * @returns The batch's signed links, in entry order.
 */
export function batchLinksMaker(
  options: BatchSignOptions,
): (entries: readonly LinkEntry[]) => SignedLink[] {
  const sign = entrySigner(options);
  return (entries) => entries.map(sign);
}

/** One entry planned and signed with the native signer. */
function entrySigner(
  options: BatchSignOptions,
): (entry: LinkEntry) => SignedLink {
  const signedAt = new Date(options.signedAt);
  const now = signingTime(signedAt);
  const signer = linkSigner({
    bucket: options.bucket,
    credentials: options.credentials,
    signedAt,
  });
  // The native signer answers at once: never a promise.
  return (entry) =>
    signer(planOne(entry.key, entry.id, entry.options, now)) as SignedLink;
}
