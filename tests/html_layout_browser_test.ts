/// <reference lib="dom" />
/**
 * The HTML share page's layout on a phone, a tablet and a desktop (Debian
 * Chromium at 320, 375, 768 and 1280 px), with 30 links of realistic long
 * ASCII, CJK and emoji names, image previews (some of which fail and show
 * their alt text), PDFs and attachments: no sideways scrolling, every control
 * in view, no name squeezed to a letter per line, nothing overlapping, and
 * no serious or critical axe-core finding.
 */
import assert from "node:assert/strict";
import axe from "npm:axe-core@4.10.3";
import type { Page } from "npm:playwright-core@1.65.1";
import { formatHtml, type HtmlOptions } from "../src/output/html.ts";
import type { SignedBatch, SignedLink } from "../src/link.ts";
import { browserTest, loadAllImages, openHtml } from "./_browser.ts";
import { startPngServer } from "./_png_server.ts";
import { boxesOf, screenshot } from "./_screenshot.ts";
import { sampleLink, SIGNED_AT } from "./_output_sample.ts";

/** An origin nothing listens on: its previews fail and show their alt text. */
const DEAD_ORIGIN = "http://127.0.0.1:9";

/** The viewport widths a share page must work at. */
const WIDTHS = [320, 375, 768, 1280] as const;

/** The narrowest a block of text (name, key, filename, time) may be, in px. */
const MIN_BLOCK = 120;

/**
 * 30 links as people share them: long report paths, CJK and emoji names,
 * photos with a style (two of them on a dead origin), PDFs and downloads
 * with a filename of their own.
 */
export function realisticBatch(origin: string): SignedBatch {
  const links: SignedLink[] = [];
  const add = (
    key: string,
    kind: "photo" | "inline" | "attachment",
    extra: { id?: string; filename?: string; dead?: boolean } = {},
  ) => {
    const index = links.length;
    links.push(
      sampleLink(extra.dead === true ? DEAD_ORIGIN : origin, {
        key,
        ...(extra.id !== undefined ? { id: extra.id } : {}),
        seconds: 1800 + index * 900,
        disposition: kind === "attachment" ? "attachment" : "inline",
        ...(extra.filename !== undefined ? { filename: extra.filename } : {}),
        ...(kind === "photo" ? { process: "style/thumb" } : {}),
      }),
    );
  };
  add(
    "reports/2026/Q3 quarterly financial report - consolidated statements (final, board approved).pdf",
    "attachment",
  );
  add(
    "reports/2026/2026年第三季度财务报告（合并报表）最终版.pdf",
    "attachment",
    {
      filename: "2026年第三季度财务报告（合并报表）最终版.pdf",
    },
  );
  add(
    "photos/2026/team-offsite/hangzhou-west-lake-sunrise-panorama-0001.jpg",
    "photo",
  );
  add("photos/2026/猫咪 🐈 和 🐕 狗狗/客厅里的午后阳光.png", "photo", {
    id: "客厅-猫咪",
  });
  add(
    "customer-deliveries/acme-corporation-international/2026-11-28/contract-amendment-no-7-signed-by-both-parties.pdf",
    "inline",
  );
  add(
    "video/product-launch/keynote-full-length-4k-hdr-with-subtitles.mp4",
    "inline",
  );
  add(
    "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/deeply-nested.txt",
    "attachment",
  );
  add("datasets/" + "sensor-readings-".repeat(8) + "export.csv", "attachment", {
    filename: "sensor readings export (all stations, all months).csv",
  });
  add(
    "photos/2026/🎉🎊🎈 party 🥳 night/IMG_20261128_235959_HDR_portrait_mode.jpg",
    "photo",
  );
  add(
    "设计稿/移动端/首页改版/第二轮评审/高保真原型图-最终确认版本.png",
    "photo",
    {
      dead: true,
    },
  );
  add(
    "invoices/2026/11/INV-2026-11-000123456789-ACME-INTERNATIONAL-HOLDINGS.pdf",
    "inline",
    {
      id: "invoice-000123456789",
    },
  );
  add(
    "legal/NDA – mutual non-disclosure agreement (English & 中文 bilingual).docx",
    "attachment",
  );
  add(
    "backups/db/postgres-production-primary-2026-11-28T09-00-00Z.sql.gz",
    "attachment",
  );
  add(
    "photos/2026/products/sku-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-front.webp",
    "photo",
  );
  add("README.md", "inline");
  add("manuals/用户手册_v3.2_简体中文_完整版_含附录与索引.pdf", "inline");
  add(
    "audio/podcast/episode-142-the-one-where-we-talk-about-object-storage.mp3",
    "inline",
  );
  add(
    "photos/2026/screenshots/Screenshot 2026-11-28 at 09.41.17 (2).png",
    "photo",
    {
      dead: true,
    },
  );
  add("exports/" + "x".repeat(140) + ".zip", "attachment");
  add(
    "reports/2026/月度运营报告/十一月/各区域销售数据汇总与同比环比分析.xlsx",
    "attachment",
    {
      filename: "十一月销售数据汇总.xlsx",
    },
  );
  add("photos/2026/家族旅行 👨‍👩‍👧‍👦/京都/金閣寺の紅葉.jpg", "photo");
  add(
    "slides/conference-2026/talk-signed-urls-for-fun-and-profit.key",
    "attachment",
  );
  add("tmp/a.txt", "attachment");
  add("photos/2026/brand/logo-horizontal-dark-background@2x.png", "photo");
  add(
    "reports/2026/Q4 forecast draft – DO NOT DISTRIBUTE – v0.9.7-rc.3.pdf",
    "inline",
  );
  add("공유/문서/2026년 사업계획서 최종본.hwp", "attachment");
  add(
    "fonts/NotoSansCJKsc-Regular-with-a-very-long-descriptive-name.otf",
    "attachment",
  );
  add("photos/2026/drone/DJI_0001_0002_0003_0004_0005_0006_0007.jpg", "photo");
  add("archive/2019/old-site-backup.tar.gz", "attachment", {
    filename: "old site backup (2019).tar.gz",
  });
  add(
    "emoji/🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥.txt",
    "attachment",
  );
  assert.equal(links.length, 30);
  return {
    version: 1,
    bucket: "acme-shared-deliveries",
    signedAt: SIGNED_AT,
    links,
  };
}

/**
 * Everything wrong with the page's layout at its current viewport, as
 * sentences; empty when the layout holds.
 */
function layoutProblems(page: Page, minBlock: number): Promise<string[]> {
  return page.evaluate((minBlock) => {
    const problems: string[] = [];
    const width = globalThis.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth > width) {
      problems.push(`page scrolls sideways: ${scrollWidth} > ${width}`);
    }
    const name = (node: Element) =>
      `${node.tagName.toLowerCase()}.${node.className} "${
        (node.textContent ?? "").slice(0, 40)
      }"`;
    for (const node of document.querySelectorAll("a, button, input")) {
      const box = node.getBoundingClientRect();
      if (box.left < -0.5 || box.right > width + 0.5) {
        problems.push(
          `${name(node)} outside the viewport: ${box.left}–${box.right}`,
        );
      }
    }
    /** The text's line boxes, glyph runs of one line merged. */
    const lineCount = (node: Element) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()]
        .filter((rect) => rect.width > 0 && rect.height > 0)
        .sort((a, b) => a.top - b.top);
      let lines = 0;
      let bottom = -Infinity;
      for (const rect of rects) {
        if ((rect.top + rect.bottom) / 2 > bottom) {
          lines++;
          bottom = rect.bottom;
        } else {
          bottom = Math.max(bottom, rect.bottom);
        }
      }
      return lines;
    };
    // Blocks of text: the name, the key, the "saves as" line, the expiry.
    const blocks = document.querySelectorAll(
      "tbody th.o > bdi, tbody th.o > span.m, tbody td.x > time",
    );
    for (const node of blocks) {
      const box = node.getBoundingClientRect();
      if (box.width < minBlock) {
        problems.push(`${name(node)} is ${box.width.toFixed(0)} px wide`);
      }
    }
    // Every name, key and filename (also the inline "saves as" name).
    for (
      const node of document.querySelectorAll(
        "tbody th.o bdi, tbody td.x > time",
      )
    ) {
      const chars = [...(node.textContent ?? "")].length;
      const lines = lineCount(node);
      if (chars >= 8 && chars / lines < 6) {
        problems.push(`${name(node)}: ${chars} characters on ${lines} lines`);
      }
    }
    // Within a row, no two cells overlap and nothing leaves its cell.
    const inside = (inner: DOMRect, outer: DOMRect) =>
      inner.left >= outer.left - 1 && inner.right <= outer.right + 1 &&
      inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;
    const overlap = (a: DOMRect, b: DOMRect) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
      Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    for (
      const [index, row] of document.querySelectorAll("tbody tr").entries()
    ) {
      const cells = [...row.children];
      const boxes = cells.map((cell) => cell.getBoundingClientRect());
      for (const [i, cell] of cells.entries()) {
        for (let j = i + 1; j < cells.length; j++) {
          if (overlap(boxes[i]!, boxes[j]!)) {
            problems.push(
              `row ${index + 1}: ${name(cell)} overlaps ${name(cells[j]!)}`,
            );
          }
        }
        const parts: Element[] = [...cell.querySelectorAll("*")];
        for (const part of parts) {
          const box = part.getBoundingClientRect();
          if (box.width === 0 && box.height === 0) continue; // <wbr>
          if (!inside(box, boxes[i]!)) {
            problems.push(
              `row ${index + 1}: ${name(part)} leaves ${name(cell)}`,
            );
          }
        }
        const range = document.createRange();
        range.selectNodeContents(cell);
        for (const rect of range.getClientRects()) {
          if (rect.width > 0 && !inside(rect, boxes[i]!)) {
            problems.push(`row ${index + 1}: text leaves ${name(cell)}`);
            break;
          }
        }
      }
    }
    return problems;
  }, minBlock);
}

async function withServer(
  fn: (origin: string) => Promise<void>,
): Promise<void> {
  const server = startPngServer();
  try {
    await fn(server.origin);
  } finally {
    await server.close();
  }
}

for (const width of WIDTHS) {
  browserTest(
    `formatHtml() page at ${width} px: no sideways scrolling, controls in view, names readable, nothing overlaps`,
    async (context) => {
      await withServer(async (origin) => {
        const batch = realisticBatch(origin);
        const page = await openHtml(
          context,
          formatHtml(batch, {
            title: "ACME deliveries, November 2026",
            timeZone: "Asia/Shanghai",
          }),
        );
        const widths = await loadAllImages(page);
        assert.equal(
          widths.filter((w) => w === 0).length,
          2,
          "two previews fail",
        );
        await page.evaluate(() => globalThis.scrollTo(0, 0));
        assert.deepEqual(await layoutProblems(page, MIN_BLOCK), []);
        // Cards below 768 px, the table from 768 px.
        const display = await page.locator("tbody tr").first().evaluate((row) =>
          getComputedStyle(row).display
        );
        assert.equal(display, width < 768 ? "grid" : "table-row");
        const head = await page.locator("thead").boundingBox();
        assert.equal(
          (head?.width ?? 0) > 1,
          width >= 768,
          "column headers show with the table only (screen readers keep them)",
        );
        await page.close();
      });
    },
    { viewport: { width, height: 800 } },
  );
}

browserTest(
  "formatHtml() page: the layout check catches the old squeezed table",
  async (context) => {
    // Proves the check can fail: with the card styles removed, a 375 px
    // phone gets the fixed-width table back and its problems.
    const html = formatHtml(realisticBatch(DEAD_ORIGIN)).replace(
      /@media \(max-width:767\.98px\)\{[^]*?\n\}\n/,
      "",
    );
    assert.ok(!html.includes("max-width:767.98px"), "card styles removed");
    // The style hash no longer matches: the CSP would drop the sheet.
    const page = await openHtml(
      context,
      html.replace(/ style-src '[^']+';/, " style-src 'unsafe-inline';"),
    );
    const problems = await layoutProblems(page, MIN_BLOCK);
    assert.ok(
      problems.some((p) => p.startsWith("page scrolls sideways")),
      problems.join("\n"),
    );
    assert.ok(
      problems.some((p) => / is \d+ px wide$/.test(p)),
      problems.join("\n"),
    );
    await page.close();
  },
  { viewport: { width: 375, height: 800 } },
);

browserTest(
  "formatHtml() page at 375 px: previews and their alt text stay inside their boxes",
  async (context) => {
    await withServer(async (origin) => {
      const page = await openHtml(context, formatHtml(realisticBatch(origin)));
      await loadAllImages(page);
      const broken = page.locator("img").filter({
        has: page.locator(
          "xpath=self::*[@src][starts-with(@src, 'http://127.0.0.1:9/')]",
        ),
      });
      assert.equal(await broken.count(), 2);
      for (let i = 0; i < 2; i++) {
        const img = broken.nth(i);
        await img.scrollIntoViewIfNeeded();
        // Paint the alt text red (CSSOM, which the CSP allows) to find it.
        await img.evaluate((node) => {
          (node as HTMLElement).style.color = "rgb(230, 0, 0)";
        });
        const [box] = await boxesOf(
          page,
          `img[alt=${JSON.stringify(await img.getAttribute("alt"))}]`,
        );
        assert.ok(box !== undefined, "the failed preview is in view");
        assert.deepEqual([box.width, box.height], [64, 64]);
        const picture = await screenshot(page, [
          box,
          { x: box.x + box.width + 1, y: box.y, width: 10, height: box.height },
          { x: box.x, y: box.y + box.height + 1, width: box.width, height: 6 },
        ], `html-alt-${i}`);
        const [within, right, below] = picture.chroma;
        assert.ok(within! > 100, `alt text ${i} shows in its box: ${within}`);
        assert.ok(
          right! < 30,
          `alt text ${i} stays out of the gap on the right: ${right}`,
        );
        assert.ok(
          below! < 30,
          `alt text ${i} stays out of the gap below: ${below}`,
        );
      }
      await page.close();
    });
  },
  { viewport: { width: 375, height: 700 } },
);

/** What axe-core found, with the impact and the first few elements. */
async function axeFindings(page: Page): Promise<string[]> {
  // The page's CSP forbids scripts, so axe's source is not added as a
  // <script>: it is evaluated over CDP (Runtime.evaluate), which the CSP of
  // the page does not govern. The page itself is unchanged.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const run = (globalThis as unknown as {
      axe: {
        run: (context: Document, options: object) => Promise<{
          violations: {
            id: string;
            impact: string | null;
            help: string;
            nodes: { target: unknown[] }[];
          }[];
        }>;
      };
    }).axe.run;
    const result = await run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((node) => JSON.stringify(node.target)),
    }));
  });
  return violations.map((v) =>
    `${v.impact} ${v.id}: ${v.help} ${v.targets.join(" ")}`
  );
}

for (
  const [width, scheme] of [[375, "light"], [375, "dark"], [1280, "light"], [
    1280,
    "dark",
  ]] as const
) {
  browserTest(
    `formatHtml() page at ${width} px, ${scheme}: axe-core finds nothing serious or critical`,
    async (context) => {
      const options: HtmlOptions = {
        title: "ACME deliveries",
        timeZone: "Europe/Berlin",
      };
      const page = await openHtml(
        context,
        formatHtml(realisticBatch(DEAD_ORIGIN), options),
      );
      await loadAllImages(page);
      const findings = await axeFindings(page);
      const serious = findings.filter((f) => /^(serious|critical) /.test(f));
      assert.deepEqual(serious, [], findings.join("\n"));
      await page.close();
    },
    { viewport: { width, height: 800 }, colorScheme: scheme },
  );
}

browserTest(
  "formatHtml() page: axe-core is really running (a page with an unlabelled field fails)",
  async (context) => {
    const html = formatHtml(realisticBatch(DEAD_ORIGIN)).replace(
      ' aria-label="Signed URL"',
      "",
    );
    const page = await openHtml(context, html);
    const findings = await axeFindings(page);
    assert.ok(
      findings.some((f) => /^critical label:/.test(f)),
      findings.join("\n"),
    );
    await page.close();
  },
);
