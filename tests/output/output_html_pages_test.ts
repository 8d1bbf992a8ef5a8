/**
 * `writeHtmlPages`: a batch split into pages of N links at exact
 * boundaries, an index linking every page, prev/next navigation, no script,
 * every link exactly once and in order, and each page's CSP matching its
 * own style sheet.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { SignedLink } from "../../src/link.ts";
import { formatHtml } from "../../src/output/html.ts";
import {
  HTML_INDEX_NAME,
  HTML_PAGE_SIZE,
  htmlPageName,
  isHtmlPagesName,
  writeHtmlPages,
} from "../../src/output/html_pages.ts";
import { sampleBatch, SIGNED_AT } from "../_output_sample.ts";

const HEAD = {
  version: 1,
  bucket: "examplebucket",
  signedAt: SIGNED_AT,
} as const;

/** `count` links, each with its number in its id, key and URL. */
function numberedLinks(count: number): SignedLink[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `file-${i + 1}.jpg`,
    key: `photos/file-${i + 1}.jpg`,
    method: "GET" as const,
    url: `https://examplebucket.oss-cn-hangzhou.aliyuncs.com/photos/file-${
      i + 1
    }.jpg?Expires=1&Signature=s${i + 1}`,
    expiresAt: new Date(Date.parse(SIGNED_AT) + (3600 - i) * 1000)
      .toISOString(),
    disposition: "inline" as const,
    filename: null,
    process: null,
  }));
}

async function pagesOf(
  links: readonly SignedLink[],
  options: { pageSize?: number; live?: boolean; batches?: number } = {},
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const size = options.batches ?? 7;
  const source = Array.from(
    { length: Math.ceil(links.length / size) },
    (_, i) => links.slice(i * size, i * size + size),
  );
  const count = await writeHtmlPages(source, HEAD, (name, pieces) => {
    assert.ok(!files.has(name), `${name} written twice`);
    files.set(name, [...pieces].join(""));
    return Promise.resolve();
  }, {
    total: links.length,
    pageSize: options.pageSize,
    live: options.live,
  });
  assert.equal(count, links.length);
  return files;
}

/** The signed URLs of a page's rows, in order (the read-only fields). */
function urlsOf(page: string): string[] {
  return [...page.matchAll(/<input class="u" readonly value="([^"]*)"/g)].map(
    (match) => match[1]!.replaceAll("&amp;", "&"),
  );
}

function rowNumbers(page: string): number[] {
  return [...page.matchAll(/<tr><td class="n">(\d+)<\/td>/g)].map((match) =>
    Number(match[1])
  );
}

function hrefs(html: string, rel: string): string[] {
  return [...html.matchAll(new RegExp(`rel="${rel}" href="([^"]*)"`, "g"))]
    .map((match) => match[1]!);
}

Deno.test("writeHtmlPages() splits at exact page boundaries", async (t) => {
  for (
    const [count, expected] of [
      [1, [1]],
      [HTML_PAGE_SIZE - 1, [HTML_PAGE_SIZE - 1]],
      [HTML_PAGE_SIZE, [HTML_PAGE_SIZE]],
      [HTML_PAGE_SIZE + 1, [HTML_PAGE_SIZE, 1]],
      [2 * HTML_PAGE_SIZE, [HTML_PAGE_SIZE, HTML_PAGE_SIZE]],
    ] as const
  ) {
    await t.step(
      `${count} links: pages of ${expected.join(", ")}`,
      async () => {
        const links = numberedLinks(count);
        const files = await pagesOf(links, { batches: 97 });
        const names = expected.map((_, i) =>
          htmlPageName(i + 1, expected.length)
        );
        assert.deepEqual([...files.keys()], [...names, HTML_INDEX_NAME]);
        assert.deepEqual(
          names.map((name) => urlsOf(files.get(name)!).length),
          [...expected],
        );
      },
    );
  }
  await t.step("no links: an index of no pages", async () => {
    const files = await pagesOf([]);
    assert.deepEqual([...files.keys()], [HTML_INDEX_NAME]);
    assert.match(files.get(HTML_INDEX_NAME)!, /<dt>Pages<\/dt><dd>0<\/dd>/);
  });
});

Deno.test("writeHtmlPages() holds every link exactly once, in order, numbered on", async () => {
  const links = numberedLinks(23);
  const files = await pagesOf(links, { pageSize: 5, batches: 3 });
  const pages = [...files.keys()].filter((name) => name !== HTML_INDEX_NAME);
  assert.deepEqual(pages, [1, 2, 3, 4, 5].map((n) => htmlPageName(n, 5)));
  const urls = pages.flatMap((name) => urlsOf(files.get(name)!));
  assert.deepEqual(urls, links.map((link) => link.url));
  const numbers = pages.flatMap((name) => rowNumbers(files.get(name)!));
  assert.deepEqual(numbers, links.map((_, i) => i + 1));
  assert.match(
    files.get(htmlPageName(2, 5))!,
    /<dt>Links<\/dt><dd>6–10 of 23<\/dd>/,
  );
  assert.match(
    files.get(htmlPageName(5, 5))!,
    /<title>Signed links: examplebucket \(page 5 of 5\)<\/title>/,
  );
});

Deno.test("writeHtmlPages() links the index to every page and each page to its neighbours", async () => {
  const links = numberedLinks(12);
  const files = await pagesOf(links, { pageSize: 5 });
  const names = [1, 2, 3].map((n) => htmlPageName(n, 3));
  const index = files.get(HTML_INDEX_NAME)!;
  const listed = [
    ...index.matchAll(/<a class="b" href="([^"]*)">([^<]*)<\/a>/g),
  ]
    .map((match) => [match[1], match[2]]);
  assert.deepEqual(listed, [
    [names[0], "1–5"],
    [names[1], "6–10"],
    [names[2], "11–12"],
  ]);
  assert.match(index, /<dt>Links<\/dt><dd>12<\/dd>/);
  assert.match(index, /<dt>Pages<\/dt><dd>3<\/dd>/);
  assert.ok(index.includes("<bdi>file-6.jpg</bdi>"));
  assert.ok(index.includes("<bdi>file-10.jpg</bdi>"));
  // The earliest expiry of the batch is the last link's.
  assert.ok(index.includes(`<time datetime="${links[11]!.expiresAt}">`));
  for (const [i, name] of names.entries()) {
    const page = files.get(name)!;
    // Top and bottom: the same links twice.
    const prev = i === 0 ? [] : [names[i - 1]!, names[i - 1]!];
    const next = i === 2 ? [] : [names[i + 1]!, names[i + 1]!];
    assert.deepEqual(hrefs(page, "prev"), prev, name);
    assert.deepEqual(hrefs(page, "next"), next, name);
    assert.equal(
      page.split(`href="${HTML_INDEX_NAME}">All 3 pages</a>`).length - 1,
      2,
    );
    assert.ok(page.includes(`Page ${i + 1} of 3`));
  }
});

Deno.test("writeHtmlPages() pages run no script and their CSP hashes their own style", async (t) => {
  const links = [...sampleBatch().links, ...numberedLinks(4)];
  for (const live of [false, true]) {
    await t.step(live ? "with the live script" : "without", async () => {
      const files = await pagesOf(links, { pageSize: 3, live });
      for (const [name, html] of files) {
        const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/
          .exec(html)![1]!.replaceAll("&#39;", "'");
        assert.match(csp, /^default-src 'none'; /, name);
        const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
        const hash = createHash("sha256").update(style).digest("base64");
        assert.ok(csp.includes(`style-src 'sha256-${hash}'`), name);
        const scripted = live && name !== HTML_INDEX_NAME;
        assert.equal(html.includes("<script"), scripted, name);
        assert.equal(csp.includes("script-src"), scripted, name);
      }
      assert.ok(
        !files.get(HTML_INDEX_NAME)!.includes("img-src"),
        "the index loads no image",
      );
    });
  }
});

Deno.test("writeHtmlPages() escapes ids in the index and keeps the one-page markup of each row", async () => {
  const batch = sampleBatch();
  const files = await pagesOf(batch.links, { pageSize: batch.links.length });
  const index = files.get(HTML_INDEX_NAME)!;
  assert.doesNotMatch(
    index,
    /<(?!!doctype\b|\/?(?:html|head|meta|title|style|body|header|h1|dl|div|dt|dd|bdi|time|span|main|table|caption|thead|tr|th|td|tbody|a|footer|wbr)\b)/,
  );
  const page = files.get(htmlPageName(1, 1))!;
  const whole = formatHtml(batch);
  const rows = (html: string) =>
    html.slice(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
  assert.equal(rows(page), rows(whole));
});

Deno.test("writeHtmlPages() refuses a count or page size that does not fit", async (t) => {
  const write = () => Promise.resolve();
  await t.step("more links than announced", async () => {
    await assert.rejects(
      writeHtmlPages(numberedLinks(3), HEAD, write, { total: 2 }),
      RangeError,
    );
  });
  await t.step("fewer links than announced", async () => {
    await assert.rejects(
      writeHtmlPages(numberedLinks(3), HEAD, write, { total: 4 }),
      /3 links where 4 were announced/,
    );
  });
  await t.step("a page size below 1", async () => {
    await assert.rejects(
      writeHtmlPages([], HEAD, write, { total: 0, pageSize: 0 }),
      /Invalid page size 0/,
    );
  });
});

Deno.test("htmlPageName() and isHtmlPagesName() name pages so that they sort", () => {
  assert.equal(htmlPageName(1, 1), "page-0001.html");
  assert.equal(htmlPageName(12, 9999), "page-0012.html");
  assert.equal(htmlPageName(7, 10000), "page-00007.html");
  assert.ok(isHtmlPagesName("index.html"));
  assert.ok(isHtmlPagesName("page-0001.html"));
  assert.ok(isHtmlPagesName("page-123456.html"));
  for (const other of ["page-1.html", "notes.txt", "page-0001.htm", ".x"]) {
    assert.ok(!isHtmlPagesName(other), other);
  }
});
