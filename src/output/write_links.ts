/**
 * Sinks: signed links written as they come, in bounded pieces, with the same
 * bytes as the whole-batch formatters. Memory does not grow with the number
 * of links.
 *
 * @module
 */
import type { SignedLink } from "../link.ts";
import { csvHeader, type CsvOptions } from "./csv.ts";
import { type JsonHead, jsonHead, jsonTail } from "./json.ts";
import { linkTextMaker, type StreamFormat } from "./link_text.ts";

/** Where a sink writes its text; it resolves when the text is taken. */
export type WriteText = (text: string) => Promise<void>;

/** How much text a sink gathers before it writes (64 KiB). */
const PIECE = 1 << 16;

/**
 * Links to write: one at a time, or in batches (what the CLI's pipeline
 * gives), from a sync or async source.
 */
export type LinkSource =
  | AsyncIterable<SignedLink | readonly SignedLink[]>
  | Iterable<SignedLink | readonly SignedLink[]>;

/** Turns links into their texts in `format`, counting them. */
async function* linkTexts(
  links: LinkSource,
  format: StreamFormat,
  csv: CsvOptions | undefined,
  count: { links: number },
): AsyncGenerator<string> {
  const text = linkTextMaker(format, csv);
  for await (const item of links) {
    const batch: readonly SignedLink[] = Array.isArray(item)
      ? item
      : [item as SignedLink];
    let piece = "";
    for (const link of batch) piece += text(link);
    count.links += batch.length;
    yield piece;
  }
}

async function writeLinks(
  format: StreamFormat,
  links: LinkSource,
  write: WriteText,
  options: { readonly head?: JsonHead; readonly csv?: CsvOptions },
): Promise<number> {
  const count = { links: 0 };
  await writeLinkTexts(
    format,
    linkTexts(links, format, options.csv, count),
    write,
    options,
  );
  return count.links;
}

/**
 * Writes links as the JSON document {@linkcode formatJson} makes of the same
 * batch, byte for byte, without holding the links.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeJson } from "@osslinks/osslinks";
 *
 * let text = "";
 * const count = await writeJson([], {
 *   version: 1,
 *   bucket: "b",
 *   signedAt: "2026-11-28T09:00:00.000Z",
 * }, async (piece) => { text += piece; });
 * assert.equal(count, 0);
 * assert.ok(text.endsWith('"links": []\n}\n'));
 * ```
 *
 * @param links The signed links, in order.
 * @param head The batch's version, bucket and signing time.
 * @param write Where the text goes.
 * @returns How many links were written.
 */
export function writeJson(
  links: LinkSource,
  head: JsonHead,
  write: WriteText,
): Promise<number> {
  return writeLinks("json", links, write, { head });
}

/**
 * Writes links as NDJSON, one line each, as {@linkcode formatNdjson} does.
 *
 * @example Usage
 * ```ts
 * import { writeNdjson, signManifest } from "@osslinks/osslinks";
 *
 * const manifest = new TextEncoder().encode(
 *   "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt}]\n",
 * );
 * const links = signManifest(manifest, {
 *   credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
 *   now: new Date("2026-11-28T09:00:00Z"),
 * });
 * let text = "";
 * const write = (chunk: string) => {
 *   text += chunk;
 *   return Promise.resolve();
 * };
 * await writeNdjson(links, write);
 * if (text.split("\n").length !== 2) throw new Error(text);
 * ```
 * @param links The signed links, in order.
 * @param write Where the text goes.
 * @returns How many links were written.
 */
export function writeNdjson(
  links: LinkSource,
  write: WriteText,
): Promise<number> {
  return writeLinks("ndjson", links, write, {});
}

/**
 * Writes links as the CSV {@linkcode formatCsv} makes of the same batch.
 *
 * @example Usage
 * ```ts
 * import { writeCsv, signManifest } from "@osslinks/osslinks";
 *
 * const manifest = new TextEncoder().encode(
 *   "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt}]\n",
 * );
 * const links = signManifest(manifest, {
 *   credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
 *   now: new Date("2026-11-28T09:00:00Z"),
 * });
 * let text = "";
 * const write = (chunk: string) => {
 *   text += chunk;
 *   return Promise.resolve();
 * };
 * await writeCsv(links, write);
 * if (!text.startsWith("id,key,method,url,expiresAt,disposition,filename,process")) throw new Error(text);
 * ```
 * @param links The signed links, in order.
 * @param write Where the text goes.
 * @param options How to encode the text (formulas neutralised by default).
 * @returns How many links were written.
 */
export function writeCsv(
  links: LinkSource,
  write: WriteText,
  options: CsvOptions = {},
): Promise<number> {
  return writeLinks("csv", links, write, { csv: options });
}

/**
 * Writes links already turned into text (by `linkTextMaker`, a batch per
 * piece) between the format's head and tail, so that the bytes are those of
 * {@linkcode writeJson}, {@linkcode writeNdjson} or {@linkcode writeCsv}.
 * A piece in UTF-8 bytes (as signing workers return them) is written as it
 * is, never decoded.
 *
 * @param format The format the texts are in.
 * @param texts The links' texts, in order (JSON elements with their comma),
 *   as strings or UTF-8 bytes of whole characters.
 * @param write Where the text goes: the head, tail and string pieces as
 *   text, byte pieces as they came.
 * @param options The JSON head (needed for JSON), and how CSV is encoded.
 * @throws {TypeError} For JSON without a head.
 */
export async function writeLinkTexts<Piece extends string | Uint8Array>(
  format: StreamFormat,
  texts: AsyncIterable<Piece>,
  write: (piece: string | Piece) => Promise<void>,
  options: { readonly head?: JsonHead; readonly csv?: CsvOptions },
): Promise<void> {
  if (format === "json" && options.head === undefined) {
    throw new TypeError("Cannot write JSON links: no head given");
  }
  let chunk = format === "json"
    ? jsonHead(options.head!)
    : format === "csv"
    ? csvHeader(options.csv)
    : "";
  let empty = true;
  // One piece is written while the next is made: signing does not wait for
  // the disk, and at most two pieces are held.
  let writing: Promise<void> | undefined;
  const send = async (piece: string | Piece) => {
    if (writing !== undefined) await writing;
    writing = write(piece);
    // Heard when awaited (next piece or the end), never unhandled.
    writing.catch(() => {});
  };
  for await (const text of texts) {
    if (text.length === 0) continue;
    // The first JSON element loses its leading comma (one byte in UTF-8).
    const piece = format === "json" && empty ? text.slice(1) as Piece : text;
    empty = false;
    if (typeof piece !== "string") {
      if (chunk !== "") await send(chunk);
      chunk = "";
      await send(piece);
    } else {
      chunk += piece;
      if (chunk.length >= PIECE) {
        await send(chunk);
        chunk = "";
      }
    }
  }
  if (format === "json") chunk += jsonTail(empty);
  if (chunk !== "") await send(chunk);
  await writing;
}
