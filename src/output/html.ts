/**
 * `formatHtml`: one self-contained share page for a signed batch.
 *
 * The page has no external resource of its own (no script, font or style
 * sheet) and opens from `file://` or any server. Its Content-Security-Policy
 * allows only its own hashed style sheet and images from the links' origins;
 * scripts are forbidden (with the `live` option, all but its one hashed
 * expiry script). Every key, id, filename and URL is escaped for its
 * context, and only absolute http/https URLs are ever placed in `href` or
 * `src`. The output depends on the batch alone, so the same batch gives the
 * same bytes.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { SignedBatch, SignedLink } from "../link.ts";
import {
  escapeAttr,
  escapeText,
  hiddenCharacters,
  type HttpTarget,
  httpUrl,
} from "./_html_escape.ts";
import { LIVE_SCRIPT, LIVE_SCRIPT_SOURCE } from "./_live_script.ts";
import {
  afterSigningText,
  countText,
  timeZoneName,
  zonedText,
} from "./time_text.ts";

/** Options for {@linkcode formatHtml}. */
export interface HtmlOptions {
  /**
   * The page title and heading.
   *
   * @default {"Signed links"}
   */
  readonly title?: string | undefined;
  /**
   * The IANA time zone the page shows times in (`Asia/Shanghai`), each time
   * followed by the zone's name. The `datetime` attributes stay UTC.
   *
   * @default {"UTC"}
   */
  readonly timeZone?: string | undefined;
  /**
   * Add one small inline script that shows, by the viewer's clock, how long
   * each link has left ("expires in 12 min", "expired"), dims expired rows and
   * counts them in the header. The CSP then allows exactly that script's
   * hash and nothing else; without it the page runs no script at all and
   * shows the same absolute and relative expiry times.
   *
   * @default {false}
   */
  readonly live?: boolean | undefined;
}

/** The page's only style sheet; its hash is the CSP's `style-src`. */
const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1d232b;--muted:#5f6b78;--line:#e2e6ea;--soft:#f5f7f9;--accent:#0a5fd1;--warn:#8a4b00;--warnbg:#fff1d6;--ok:#1a7f37}
@media (prefers-color-scheme:dark){:root{--bg:#14171b;--fg:#e4e7eb;--muted:#98a3ae;--line:#2a3037;--soft:#1d2126;--accent:#74adff;--warn:#f3bd6b;--warnbg:#33270f;--ok:#56d364}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
header{padding:20px 24px 16px;border-bottom:1px solid var(--line)}
h1{margin:0 0 12px;font-size:20px;font-weight:600;overflow-wrap:anywhere}
dl{display:flex;flex-wrap:wrap;gap:8px 32px;margin:0}
dl>div{min-width:0;max-width:100%}
dt{font-size:11px;font-weight:600;letter-spacing:.05em;text-transform:uppercase;color:var(--muted)}
dd{margin:0;overflow-wrap:anywhere}
main{padding:0 24px}
table{width:100%;border-collapse:collapse;table-layout:fixed}
th,td{padding:12px 16px 12px 0;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;font-weight:400}
thead th{position:sticky;top:0;z-index:1;padding-block:10px;background:var(--bg);font-size:11px;font-weight:600;letter-spacing:.05em;text-transform:uppercase;color:var(--muted)}
.cn{width:48px;text-align:right}.cp{width:112px}.cx{width:176px}.cl{width:30%}
.n{color:var(--muted);text-align:right;font-variant-numeric:tabular-nums}
.t{width:96px;height:96px;border:1px solid var(--line);border-radius:6px;background:var(--soft)}
img.t{display:block;object-fit:contain;overflow:hidden;color:var(--muted);font-size:11px;line-height:1.3;overflow-wrap:anywhere}
span.t{display:flex;height:40px;align-items:center;justify-content:center;color:var(--muted);font:600 12px/1 ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace}
bdi{unicode-bidi:isolate}
.o{min-width:0}
.o>bdi,.x time{display:block;overflow-wrap:anywhere}
.o>bdi:first-child{font-weight:600}
.m{display:block;color:var(--muted);font-size:12.5px;overflow-wrap:anywhere}
.w{display:inline-block;max-width:100%;margin-top:6px;padding:1px 6px;border-radius:4px;background:var(--warnbg);color:var(--warn);font-size:12px;overflow-wrap:anywhere}
a{color:var(--accent)}
.b{display:inline-block;margin-bottom:8px;padding:3px 12px;border:1px solid var(--line);border-radius:6px;background:var(--soft);font-weight:500;text-decoration:none}
.b:hover{border-color:var(--accent)}
.u{display:block;width:100%;min-width:0;padding:4px 6px;border:1px solid var(--line);border-radius:4px;background:var(--soft);color:var(--muted);font:12px/1.4 ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;text-overflow:ellipsis}
.u:focus{color:var(--fg)}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
footer{padding:16px 24px 24px;color:var(--muted);font-size:12px}
.x[data-left]::after{content:attr(data-left);display:block;margin-top:2px;font-size:12.5px;font-weight:500;color:var(--ok)}
tr.dead .x::after{color:var(--warn)}
tr.dead .o,tr.dead .x time,tr.dead img,tr.dead .b{opacity:.55}
@media (max-width:767.98px){
header{padding:16px 12px 12px}
main{padding:0 12px}
footer{padding:8px 12px 20px}
dl{gap:8px 20px}
thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
table,tbody,tr,th,td{display:block}
tr{display:grid;grid-template-columns:64px minmax(0,1fr) auto;grid-template-areas:"o o n" "p x x" "l l l";gap:8px 12px;margin:12px 0;padding:12px;border:1px solid var(--line);border-radius:8px}
tbody th,tbody td{padding:0;border:0;min-width:0}
.n{grid-area:n}
.n::before{content:"#"}
.p{grid-area:p}
.o{grid-area:o}
.x{grid-area:x}
.l{grid-area:l;display:flex;flex-wrap:wrap;align-items:center;gap:8px}
.t{width:64px;height:64px}
span.t{height:32px}
.b{margin:0;padding:8px 16px}
.u{flex:1 1 160px;width:auto;padding:8px}
}
@media print{
:root{color-scheme:light;--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--soft:#fff;--accent:#000;--warn:#000;--warnbg:#fff}
body{font-size:10pt}
header,main,footer{padding-inline:0}
thead th{position:static}
tr{break-inside:avoid}
.w{border:1px solid #000}
.cl,.l{display:none}
}
`;

/** What pages of a paged batch add to {@linkcode STYLE}: the page links. */
const NAV_STYLE =
  `nav{display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px;margin-top:12px}
nav .b{margin:0}
.pages td,.pages th{padding-block:8px}
@media (max-width:767.98px){.pages tr{display:flex;flex-wrap:wrap;align-items:center;gap:6px 12px}}
@media print{nav{display:none}}
`;

/** The style sheet of the pages of a paged batch and of their index. */
const PAGED_STYLE = STYLE + NAV_STYLE;

function styleHash(style: string): string {
  return `sha256-${
    createHash("sha256").update(style, "utf8").digest("base64")
  }`;
}

const STYLE_HASH = styleHash(STYLE);
const PAGED_STYLE_HASH = styleHash(PAGED_STYLE);

/** The box size of a thumbnail, in CSS pixels. */
const THUMB = 96;

/** How many domains the summary names before "and N more". */
const MAX_DOMAINS = 5;

const IMAGE_KEY = /\.(?:avif|bmp|gif|heic|heif|ico|jpe?g|png|svg|tiff?|webp)$/i;
const IMAGE_PROCESS =
  /^(?:style\/|image\/(?!info\b|average-hue\b)|video\/snapshot\b)/;
const OPEN_ATTRS = 'target="_blank" rel="noopener noreferrer"';

/** What a row offers, decided once per link. */
interface Row {
  readonly link: SignedLink;
  readonly url: HttpTarget | null;
  readonly preview: boolean;
}

function isImage(link: SignedLink): boolean {
  if (link.process !== null) return IMAGE_PROCESS.test(link.process);
  return IMAGE_KEY.test(link.key);
}

function toRow(link: SignedLink): Row {
  const url = httpUrl(link.url);
  const preview = url !== null && link.method === "GET" &&
    link.disposition === "inline" && isImage(link);
  return { link, url, preview };
}

/** The last path segment of a key: what a browser saves without a filename. */
function keyName(key: string): string {
  return key.slice(key.lastIndexOf("/") + 1) || key;
}

/** A short file-type badge for a row without a preview: `PDF`, `MP4`, `FILE`. */
function badge(link: SignedLink): string {
  if (link.method !== "GET") return escapeText(link.method);
  const ext = /\.([a-z0-9]{1,4})$/i.exec(link.key)?.[1];
  return ext === undefined ? "FILE" : ext.toUpperCase();
}

function previewCell(row: Row, urlAttr: string): string {
  const { link } = row;
  if (!row.preview) {
    return `<td class="p"><span class="t" aria-hidden="true">${
      badge(link)
    }</span></td>`;
  }
  return `<td class="p"><img class="t" src="${urlAttr}" alt="${
    escapeAttr(`Preview of ${link.key}`)
  }" width="${THUMB}" height="${THUMB}" loading="lazy" decoding="async"></td>`;
}

/**
 * Escapes a name for text content and lets it break after each `/` first
 * (`<wbr>`); CSS `overflow-wrap:anywhere` breaks a segment too long for its
 * line. The text content stays the name.
 */
function nameText(name: string): string {
  return escapeText(name).replaceAll("/", "/<wbr>");
}

function objectCell(row: Row): string {
  const { link } = row;
  const parts = [`<bdi>${nameText(link.id)}</bdi>`];
  if (link.key !== link.id) {
    parts.push(`<bdi class="m">${nameText(link.key)}</bdi>`);
  }
  const meta = [escapeText(link.disposition)];
  if (link.method !== "GET") meta.push(escapeText(link.method));
  if (link.process !== null) meta.push(escapeText(link.process));
  let line = meta.join(" · ");
  if (link.disposition === "attachment" && link.method === "GET") {
    line += ` · saves as <bdi>${
      nameText(link.filename ?? keyName(link.key))
    }</bdi>`;
  }
  parts.push(`<span class="m">${line}</span>`);
  const hidden = hiddenCharacters(link.id, link.key, link.filename ?? "");
  if (hidden.length > 0) {
    parts.push(
      `<span class="w">Hidden characters: ${hidden.join(", ")}</span>`,
    );
  }
  return `<th scope="row" class="o">${parts.join("")}</th>`;
}

/**
 * Makes a page's expiry cells. A batch's links mostly share their expiry,
 * so the last cell made is reused for the same expiry.
 */
function expiryCells(
  signedAt: string,
  zone: string,
): (link: SignedLink) => string {
  let lastExpiresAt: string | undefined;
  let lastCell = "";
  return ({ expiresAt }) => {
    if (expiresAt === lastExpiresAt) return lastCell;
    const relative = afterSigningText(signedAt, expiresAt);
    lastCell = `<td class="x"><time datetime="${escapeAttr(expiresAt)}">${
      escapeText(zonedText(expiresAt, zone))
    }</time>${
      relative === null ? "" : `<span class="m">${relative}</span>`
    }</td>`;
    lastExpiresAt = expiresAt;
    return lastCell;
  };
}

function actionLink(row: Row, urlAttr: string): string {
  const { link, url } = row;
  if (url === null) {
    return '<span class="w">Not an http(s) URL: shown as text only</span>';
  }
  if (link.method !== "GET") {
    return `<span class="m">Signed for ${
      escapeText(link.method)
    }: not for a browser</span>`;
  }
  const href = urlAttr;
  if (link.disposition === "attachment") {
    // The `download` attribute is ignored cross-origin; the URL's signed
    // response-content-disposition is what names the file.
    const name = escapeAttr(link.filename ?? keyName(link.key));
    return `<a class="b" href="${href}" download="${name}">Download</a>`;
  }
  return `<a class="b" href="${href}" ${OPEN_ATTRS}>Open</a>`;
}

function linkCell(row: Row, urlAttr: string): string {
  return `<td class="l">${
    actionLink(row, urlAttr)
  }<input class="u" readonly value="${urlAttr}" aria-label="Signed URL"></td>`;
}

function rowHtml(
  row: Row,
  index: number,
  expiryCell: (link: SignedLink) => string,
): string {
  // The URL goes into two or three attributes: escaped once.
  const urlAttr = escapeAttr(row.link.url);
  return `<tr><td class="n">${index + 1}</td>${previewCell(row, urlAttr)}${
    objectCell(row)
  }${expiryCell(row.link)}${linkCell(row, urlAttr)}</tr>`;
}

/** The distinct hosts of the links' URLs, in first-seen order. */
function domains(rows: readonly Row[]): string[] {
  const hosts = new Set<string>();
  for (const row of rows) if (row.url !== null) hosts.add(row.url.host);
  return [...hosts];
}

/** The CSP `img-src` sources: the origins of the previewed images. */
function imageSources(rows: readonly Row[]): string {
  const origins = new Set<string>();
  for (const row of rows) {
    if (row.preview && row.url !== null) origins.add(row.url.origin);
  }
  return origins.size === 0 ? "'none'" : [...origins].join(" ");
}

/**
 * The link that expires first (the first of them on a tie), for a page's
 * summary and the index of pages.
 *
 * @param links The links, in order.
 * @returns That link, or `null` for no links.
 */
export function earliest(links: readonly SignedLink[]): SignedLink | null {
  let first: SignedLink | null = null;
  let firstTime = Infinity;
  let last: string | undefined;
  for (const link of links) {
    // Links mostly share their expiry: one already seen cannot be earlier.
    if (link.expiresAt === last) continue;
    last = link.expiresAt;
    const time = Date.parse(last);
    if (time < firstTime) {
      first = link;
      firstTime = time;
    }
  }
  return first;
}

function summaryItem(label: string, value: string): string {
  return `<div><dt>${label}</dt><dd>${value}</dd></div>`;
}

/** What a page's summary header says. */
interface SummaryFacts {
  readonly bucket: string;
  readonly signedAt: string;
  readonly hosts: readonly string[];
  readonly first: SignedLink | null;
  /** The "Links" item's HTML. */
  readonly links: string;
  /** The "Pages" item's HTML (paged output only). */
  readonly pages?: string;
}

function summary(facts: SummaryFacts, live: boolean, zone: string): string {
  const { hosts, first } = facts;
  const shown = hosts.slice(0, MAX_DOMAINS).map(escapeText).join(", ");
  const more = hosts.length > MAX_DOMAINS
    ? ` and ${countText(hosts.length - MAX_DOMAINS)} more`
    : "";
  const firstText = first === null
    ? "none"
    : `<time datetime="${escapeAttr(first.expiresAt)}">${
      escapeText(zonedText(first.expiresAt, zone))
    }</time> <span class="m">${
      afterSigningText(facts.signedAt, first.expiresAt) ?? ""
    }</span>`;
  return `<dl>${
    [
      summaryItem("Bucket", `<bdi>${escapeText(facts.bucket)}</bdi>`),
      summaryItem(
        hosts.length === 1 ? "Domain" : "Domains",
        hosts.length === 0 ? "none" : `${shown}${more}`,
      ),
      summaryItem(
        "Signed at",
        `<time datetime="${escapeAttr(facts.signedAt)}">${
          escapeText(zonedText(facts.signedAt, zone))
        }</time>`,
      ),
      summaryItem("Links", facts.links),
      facts.pages === undefined ? "" : summaryItem("Pages", facts.pages),
      summaryItem("Earliest expiry", firstText),
      live ? summaryItem("Now", '<span id="live">unknown</span>') : "",
    ].join("")
  }</dl>`;
}

/** Checks `options.timeZone`, giving the name to show. */
function zoneOf(options: HtmlOptions): string {
  const zone = timeZoneName(options.timeZone ?? "UTC");
  if (zone === null) {
    throw new RangeError(
      `Unknown time zone "${options.timeZone}": expected an IANA name such as "Asia/Shanghai"`,
    );
  }
  return zone;
}

/** The document around a page's header, main part and footer text. */
function documentHtml(
  parts: {
    readonly csp: readonly string[];
    readonly title: string;
    readonly style: string;
    readonly header: readonly string[];
    readonly main: readonly string[];
    readonly footer: readonly string[];
    readonly live: boolean;
  },
): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${
      escapeAttr(parts.csp.join("; "))
    }">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeText(parts.title)}</title>`,
    `<style>${parts.style}</style>`,
    "</head>",
    "<body>",
    "<header>",
    ...parts.header,
    "</header>",
    "<main>",
    ...parts.main,
    "</main>",
    ...parts.footer,
    ...(parts.live ? [`<script>${LIVE_SCRIPT}</script>`] : []),
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function footerText(live: boolean): string {
  return `<footer>Each link stops working at the time shown. ${
    live
      ? "This page runs one small script, which only updates the expiry status, and"
      : "This page runs no scripts and"
  } loads nothing but the previews. Made by osslinks.</footer>`;
}

/**
 * Where one page sits among the pages of a batch too large for one page
 * (see `html_pages.ts`).
 */
export interface PagePlace {
  /** The page's number, from 1. */
  readonly number: number;
  /** How many pages the batch has. */
  readonly pages: number;
  /** How many links the pages before this one hold. */
  readonly offset: number;
  /** How many links the batch has. */
  readonly total: number;
  /** The file name of page `number` (relative to the page). */
  readonly fileName: (number: number) => string;
  /** The file name of the index page (relative to the page). */
  readonly indexName: string;
}

/** The links from one page to the index and its neighbours. */
function pageNav(place: PagePlace): string {
  const parts = [
    `<a class="b" href="${
      escapeAttr(place.indexName)
    }">All ${place.pages} pages</a>`,
  ];
  if (place.number > 1) {
    parts.push(
      `<a class="b" rel="prev" href="${
        escapeAttr(place.fileName(place.number - 1))
      }">Previous</a>`,
    );
  }
  parts.push(
    `<span class="m">Page ${countText(place.number)} of ${
      countText(place.pages)
    }</span>`,
  );
  if (place.number < place.pages) {
    parts.push(
      `<a class="b" rel="next" href="${
        escapeAttr(place.fileName(place.number + 1))
      }">Next</a>`,
    );
  }
  return `<nav aria-label="Pages">${parts.join("")}</nav>`;
}

/**
 * Where the rows go in a page's document: no escaped text can hold a `<`
 * followed by NUL, so the mark is found only where it was put.
 */
const ROWS_MARK = "\n<\u0000rows>\n";

/**
 * About how many characters of rows {@linkcode linksPage} yields in one
 * piece (some 40 rows): pieces this small are born and die in V8's young
 * generation. Pieces of 1,000 rows (1.5 MB) went to the large-object space
 * and stayed there until a full collection: one page of 100,000 links
 * peaked at 720–820 MB, against 325–385 MB with pieces of 20 to 80 rows,
 * and took 3.2–3.8 s against 2.5–3.3 s (`/usr/bin/time`, `sign --format
 * html` of 100,000 keys from a list, two to four runs each).
 */
const PIECE_CHARS = 64 * 1024;

/**
 * One page of links, in pieces whose concatenation is the page: the
 * document up to the table's body, its rows (about
 * {@linkcode PIECE_CHARS} characters a piece, each row made only when its
 * piece is), and the rest. So a page of many links is never one string:
 * its rows are made and written a piece at a time.
 */
function* linksPage(
  batch: SignedBatch,
  options: HtmlOptions,
  place: PagePlace | undefined,
): Generator<string> {
  const rows = batch.links.map(toRow);
  const title = options.title ?? "Signed links";
  const live = options.live ?? false;
  const zone = zoneOf(options);
  const expiryCell = expiryCells(batch.signedAt, zone);
  const count = countText(batch.links.length);
  const offset = place?.offset ?? 0;
  const span = place === undefined
    ? count
    : `${countText(offset + 1)}–${countText(offset + batch.links.length)} of ${
      countText(place.total)
    }`;
  const nav = place === undefined ? [] : [pageNav(place)];
  const page = documentHtml({
    csp: [
      "default-src 'none'",
      ...(live ? [`script-src ${LIVE_SCRIPT_SOURCE}`] : []),
      `img-src ${imageSources(rows)}`,
      `style-src '${place === undefined ? STYLE_HASH : PAGED_STYLE_HASH}'`,
      "base-uri 'none'",
      "form-action 'none'",
    ],
    title: `${title}: ${batch.bucket} (${
      place === undefined
        ? count
        : `page ${countText(place.number)} of ${countText(place.pages)}`
    })`,
    style: place === undefined ? STYLE : PAGED_STYLE,
    header: [
      `<h1>${escapeText(title)}</h1>`,
      summary(
        {
          bucket: batch.bucket,
          signedAt: batch.signedAt,
          hosts: domains(rows),
          first: earliest(batch.links),
          links: span,
        },
        live,
        zone,
      ),
      ...nav,
    ],
    main: [
      "<table>",
      `<caption class="vh">${
        place === undefined
          ? `${count} signed link${batch.links.length === 1 ? "" : "s"}`
          : `Signed links ${span}`
      } in bucket <bdi>${
        escapeText(batch.bucket)
      }</bdi>, in manifest order</caption>`,
      '<thead><tr><th scope="col" class="cn">#</th><th scope="col" class="cp">Preview</th><th scope="col">Object</th><th scope="col" class="cx">Expires</th><th scope="col" class="cl">Link</th></tr></thead>',
      `<tbody>${ROWS_MARK}</tbody>`,
      "</table>",
    ],
    footer: [...nav, footerText(live)],
    live,
  });
  const at = page.indexOf(ROWS_MARK);
  yield page.slice(0, at + 1);
  let piece: string[] = [];
  let chars = 0;
  for (let index = 0; index < rows.length; index++) {
    const row = rowHtml(rows[index]!, offset + index, expiryCell);
    piece.push(row);
    chars += row.length + 1;
    if (chars >= PIECE_CHARS || index === rows.length - 1) {
      yield `${piece.join("\n")}\n`;
      piece = [];
      chars = 0;
    }
  }
  yield page.slice(at + ROWS_MARK.length);
}

/**
 * Formats a signed batch as one self-contained HTML page: a summary header
 * (bucket, domains, signing time, count, earliest expiry) and a table with
 * one row per link (below 768 px wide, one card per link, with no sideways
 * scrolling down to 320 px): a lazy thumbnail for inline images (the URL
 * already carries the image style), the id and key, the expiry in
 * `options.timeZone` (default UTC) and relative to the signing time, an "Open" link (new tab, no opener, no
 * referrer) for inline links or a "Download" link for attachments, and the
 * signed URL in a read-only field to copy from.
 *
 * The page loads nothing but its images, from the links' own origins, and
 * runs no script: its CSP is `default-src 'none'` plus the hash of its one
 * style sheet (and, with `live: true`, the hash of its one expiry script).
 * Names are shown verbatim inside `<bdi>`, breakable after each `/` and then
 * anywhere (`overflow-wrap:anywhere`), so markup, bidi overrides and very
 * long names cannot break out of their cell; C0 controls are shown as Control Pictures
 * (U+2400…) and a row whose names hold hidden or direction characters says
 * which. A URL that is not absolute http/https is never put in `href` or
 * `src`. Light and dark themes follow `prefers-color-scheme`; a print style
 * sheet leaves out the buttons and URL fields. Each row costs
 * about 600 bytes of markup plus two or three copies of its URL.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatHtml } from "@osslinks/osslinks/output";
 *
 * const page = formatHtml({
 *   version: 1,
 *   bucket: "examplebucket",
 *   signedAt: "2026-11-28T09:00:00.000Z",
 *   links: [{
 *     id: "example.jpg",
 *     key: "example.jpg",
 *     method: "GET",
 *     url: "https://static.example.com/example.jpg?x-oss-process=style%2Fthumb",
 *     expiresAt: "2026-11-28T09:30:00.000Z",
 *     disposition: "inline",
 *     filename: null,
 *     process: "style/thumb",
 *   }],
 * });
 * assert.ok(page.startsWith("<!doctype html>"));
 * assert.ok(page.includes("30 min after signing"));
 * ```
 *
 * @param batch The signed batch.
 * @param options The page title, the time zone of the times shown, and
 * whether to add the live expiry script.
 * @returns The HTML page, ending in LF.
 * @throws {RangeError} When `options.timeZone` is not a time zone the
 * runtime knows.
 */
export function formatHtml(
  batch: SignedBatch,
  options: HtmlOptions = {},
): string {
  return [...linksPage(batch, options, undefined)].join("");
}

/**
 * {@linkcode formatHtml}'s page in pieces, to be written one after
 * another: the document up to the table's body, the rows about 64 K
 * characters at a time, and the rest. The links are held, but never the
 * page, several times their size, as one string.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatHtml, formatHtmlPieces } from "@osslinks/osslinks/output";
 *
 * const batch = {
 *   version: 1 as const,
 *   bucket: "examplebucket",
 *   signedAt: "2026-11-28T09:00:00.000Z",
 *   links: [],
 * };
 * assert.equal([...formatHtmlPieces(batch)].join(""), formatHtml(batch));
 * ```
 *
 * @param batch The signed batch.
 * @param options As for {@linkcode formatHtml}.
 * @returns The pieces, in order; the zone is checked when the first is
 * asked for.
 * @throws {RangeError} When `options.timeZone` is not a time zone the
 * runtime knows.
 */
export function formatHtmlPieces(
  batch: SignedBatch,
  options: HtmlOptions = {},
): Iterable<string> {
  return linksPage(batch, options, undefined);
}

/**
 * Formats one page of a batch split into pages, in pieces as
 * {@linkcode formatHtmlPieces} gives them: the same page as
 * {@linkcode formatHtml}'s for these links, numbered from
 * `place.offset + 1`, with links to the index and to the previous and next
 * pages at its top and bottom.
 *
 * @param batch The batch's head and this page's links.
 * @param place Where the page sits among the pages.
 * @param options The title, time zone and live script.
 * @returns The pieces, in order.
 * @throws {RangeError} When `options.timeZone` is not a time zone the
 * runtime knows.
 */
export function formatHtmlPagePieces(
  batch: SignedBatch,
  place: PagePlace,
  options: HtmlOptions = {},
): Iterable<string> {
  return linksPage(batch, options, place);
}

/** One page of a paged batch, as the index lists it. */
export interface PageEntry {
  /** The page's file name (relative to the index). */
  readonly fileName: string;
  /** How many links the pages before it hold. */
  readonly offset: number;
  /** How many links it holds. */
  readonly count: number;
  /** The id of its first link. */
  readonly firstId: string;
  /** The id of its last link. */
  readonly lastId: string;
}

/** What the index page of a paged batch shows besides its pages. */
export interface IndexFacts {
  /** The bucket. */
  readonly bucket: string;
  /** The signing time (ISO 8601). */
  readonly signedAt: string;
  /** The distinct hosts of the links, in first-seen order. */
  readonly hosts: readonly string[];
  /** The link that expires first, if any. */
  readonly first: SignedLink | null;
  /** How many links the batch has. */
  readonly total: number;
}

/**
 * Formats the index page of a batch split into pages: the batch's summary
 * (bucket, domains, signing time, links, pages, earliest expiry) and a table
 * with one row per page (its link, the numbers of its links and the ids of
 * its first and last link). It runs no script and loads nothing: its CSP
 * allows only its hashed style sheet.
 *
 * @param facts The batch's summary.
 * @param pages The pages, in order.
 * @param options The title and time zone (`live` does not apply).
 * @returns The HTML page, ending in LF.
 * @throws {RangeError} When `options.timeZone` is not a time zone the
 * runtime knows.
 */
export function formatHtmlIndex(
  facts: IndexFacts,
  pages: readonly PageEntry[],
  options: HtmlOptions = {},
): string {
  const title = options.title ?? "Signed links";
  const zone = zoneOf(options);
  const total = countText(facts.total);
  const rows = pages.map((page, index) =>
    `<tr><td class="n">${index + 1}</td><td><a class="b" href="${
      escapeAttr(page.fileName)
    }">${countText(page.offset + 1)}–${
      countText(page.offset + page.count)
    }</a></td><th scope="row" class="o"><bdi>${
      nameText(page.firstId)
    }</bdi></th><td class="o"><bdi>${nameText(page.lastId)}</bdi></td></tr>`
  );
  return documentHtml({
    csp: [
      "default-src 'none'",
      `style-src '${PAGED_STYLE_HASH}'`,
      "base-uri 'none'",
      "form-action 'none'",
    ],
    title: `${title}: ${facts.bucket} (${total})`,
    style: PAGED_STYLE,
    header: [
      `<h1>${escapeText(title)}</h1>`,
      summary(
        {
          bucket: facts.bucket,
          signedAt: facts.signedAt,
          hosts: facts.hosts,
          first: facts.first,
          links: total,
          pages: countText(pages.length),
        },
        false,
        zone,
      ),
    ],
    main: [
      '<table class="pages">',
      `<caption class="vh">${countText(pages.length)} page${
        pages.length === 1 ? "" : "s"
      } of signed links in bucket <bdi>${
        escapeText(facts.bucket)
      }</bdi>, in manifest order</caption>`,
      '<thead><tr><th scope="col" class="cn">#</th><th scope="col" class="cx">Links</th><th scope="col">First</th><th scope="col">Last</th></tr></thead>',
      "<tbody>",
      ...rows,
      "</tbody>",
      "</table>",
    ],
    footer: [
      `<footer>${total} signed link${facts.total === 1 ? "" : "s"} on ${
        countText(pages.length)
      } page${
        pages.length === 1 ? "" : "s"
      }. Each link stops working at the time its page shows. This page runs no scripts and loads nothing. Made by osslinks.</footer>`,
    ],
    live: false,
  });
}
