/**
 * `writeHtmlPages`: a batch too large for one page, as a folder of pages of
 * {@linkcode HTML_PAGE_SIZE} links each plus an index page, written one page
 * at a time so that memory does not grow with the batch.
 *
 * @module
 */
import type { SignedLink } from "../link.ts";
import {
  earliest,
  formatHtmlIndex,
  formatHtmlPagePieces,
  type HtmlOptions,
  type PageEntry,
} from "./html.ts";
import { httpUrl } from "./_html_escape.ts";
import type { JsonHead } from "./json.ts";
import type { LinkSource } from "./write_links.ts";

/**
 * How many links a page holds: a page a browser opens at once and a person
 * can scroll and search (about 1.5 MB of markup), where one page of 100,000
 * links is hundreds of megabytes that no browser lays out.
 *
 * @example One link too many for a page
 * ```ts
 * import { HTML_PAGE_SIZE, writeHtmlPages } from "@osslinks/osslinks/output";
 *
 * const links = Array.from({ length: HTML_PAGE_SIZE + 1 }, (_, n) => ({
 *   id: `${n}.pdf`, key: `${n}.pdf`, method: "GET" as const, url: `https://examplebucket.oss-cn-hangzhou.aliyuncs.com/${n}.pdf?x-oss-expires=3600`,
 *   expiresAt: "2026-11-28T10:00:00.000Z", disposition: "attachment" as const, filename: null, process: null,
 * }));
 * const names: string[] = [];
 * const head = { version: 1 as const, bucket: "examplebucket", signedAt: "2026-11-28T09:00:00.000Z" };
 * await writeHtmlPages(links, head, (name) => {
 *   names.push(name);
 *   return Promise.resolve();
 * }, { total: links.length });
 * if (names.join() !== "page-0001.html,page-0002.html,index.html") throw new Error(names.join());
 * ```
 */
export const HTML_PAGE_SIZE = 1000;

/** The file name of the index page. */
export const HTML_INDEX_NAME = "index.html";

const PAGE_NAME = /^page-\d{4,}\.html$/;

/**
 * The file name of page `number` of `pages`: `page-0001.html`, with as many
 * digits as the last page needs (at least 4), so that names sort in order.
 *
 * @param number The page's number, from 1.
 * @param pages How many pages there are.
 * @returns The file name.
 */
export function htmlPageName(number: number, pages: number): string {
  const digits = Math.max(4, String(pages).length);
  return `page-${String(number).padStart(digits, "0")}.html`;
}

/**
 * Whether a file name is one that {@linkcode writeHtmlPages} writes:
 * `index.html` or `page-NNNN.html`.
 *
 * @param name A file name (no folder).
 * @returns Whether the pages writer could have made it.
 */
export function isHtmlPagesName(name: string): boolean {
  return name === HTML_INDEX_NAME || PAGE_NAME.test(name);
}

/**
 * Writes one file of the folder, given in pieces to write one after
 * another (about 64 K characters each; joined, they are the whole page).
 */
export type WriteFile = (
  name: string,
  pieces: Iterable<string>,
) => Promise<void>;

/** Options for {@linkcode writeHtmlPages}. */
export interface HtmlPagesOptions extends HtmlOptions {
  /** How many links the source gives (it numbers and names the pages). */
  readonly total: number;
  /**
   * How many links a page holds.
   *
   * @default {HTML_PAGE_SIZE}
   */
  readonly pageSize?: number | undefined;
}

/**
 * Writes a batch as pages of `options.pageSize` links (the last one holds
 * the rest), `page-0001.html`, `page-0002.html`, …, each the page
 * `formatHtml` makes of its links, numbered on from the page before, with
 * links to the index and to the previous and next pages; then `index.html`,
 * which sums up the batch and links every page. Every page is
 * self-contained, with the same CSP as `formatHtml`'s. Only one page of
 * links is held at a time, and a page is handed over in pieces, never as
 * one string.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeHtmlPages } from "@osslinks/osslinks/output";
 *
 * const files = new Map<string, string>();
 * const links = [1, 2, 3].map((n) => ({
 *   id: `${n}.pdf`,
 *   key: `${n}.pdf`,
 *   method: "GET" as const,
 *   url: `https://b.oss-cn-hangzhou.aliyuncs.com/${n}.pdf?Signature=x`,
 *   expiresAt: "2026-11-28T10:00:00.000Z",
 *   disposition: "attachment" as const,
 *   filename: null,
 *   process: null,
 * }));
 * await writeHtmlPages(links, {
 *   version: 1,
 *   bucket: "b",
 *   signedAt: "2026-11-28T09:00:00.000Z",
 * }, async (name, pieces) => {
 *   files.set(name, [...pieces].join(""));
 * }, { total: 3, pageSize: 2 });
 * assert.deepEqual([...files.keys()], [
 *   "page-0001.html",
 *   "page-0002.html",
 *   "index.html",
 * ]);
 * ```
 *
 * @param links The signed links, in order.
 * @param head The batch's bucket and signing time.
 * @param writeFile Where each page goes, by file name.
 * @param options How many links there are, the page size and the page
 * options.
 * @returns How many links were written.
 * @throws {RangeError} When the page size is not a positive whole number,
 * when the source gives another number of links than `options.total`, or
 * when `options.timeZone` is unknown.
 */
export async function writeHtmlPages(
  links: LinkSource,
  head: JsonHead,
  writeFile: WriteFile,
  options: HtmlPagesOptions,
): Promise<number> {
  const size = options.pageSize ?? HTML_PAGE_SIZE;
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new RangeError(
      `Invalid page size ${size}: expected a whole number of 1 or more`,
    );
  }
  const { total } = options;
  const pages = Math.ceil(total / size);
  const hosts = new Set<string>();
  let lastOrigin: string | undefined;
  let first: SignedLink | null = null;
  const entries: PageEntry[] = [];
  let page: SignedLink[] = [];
  let count = 0;
  const flush = async () => {
    const number = entries.length + 1;
    const fileName = htmlPageName(number, pages);
    await writeFile(
      fileName,
      formatHtmlPagePieces({ ...head, links: page }, {
        number,
        pages,
        offset: count - page.length,
        total,
        fileName: (n) => htmlPageName(n, pages),
        indexName: HTML_INDEX_NAME,
      }, options),
    );
    entries.push({
      fileName,
      offset: count - page.length,
      count: page.length,
      firstId: page[0]!.id,
      lastId: page[page.length - 1]!.id,
    });
    // The first of the earliest: a later page's tie does not replace it.
    const pageFirst = earliest(page);
    if (
      pageFirst !== null && (first === null ||
        Date.parse(pageFirst.expiresAt) < Date.parse(first.expiresAt))
    ) {
      first = pageFirst;
    }
    page = [];
  };
  for await (const item of links) {
    const batch: readonly SignedLink[] = Array.isArray(item)
      ? item
      : [item as SignedLink];
    for (const link of batch) {
      if (count === total) {
        throw new RangeError(
          `Cannot write HTML pages: more links than the ${total} announced`,
        );
      }
      // Links mostly share their origin: one already counted needs no parse
      // (a URL that starts with it adds no new host, valid or not).
      if (lastOrigin === undefined || !link.url.startsWith(lastOrigin)) {
        const url = httpUrl(link.url);
        if (url !== null) {
          hosts.add(url.host);
          lastOrigin = `${url.origin}/`;
        }
      }
      page.push(link);
      count++;
      if (page.length === size) await flush();
    }
  }
  if (page.length > 0) await flush();
  if (count !== total) {
    throw new RangeError(
      `Cannot write HTML pages: ${count} links where ${total} were announced`,
    );
  }
  await writeFile(HTML_INDEX_NAME, [
    formatHtmlIndex(
      {
        bucket: head.bucket,
        signedAt: head.signedAt,
        hosts: [...hosts],
        first,
        total,
      },
      entries,
      options,
    ),
  ]);
  return count;
}
