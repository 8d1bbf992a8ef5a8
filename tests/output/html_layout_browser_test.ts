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
import { formatHtml, type HtmlOptions } from "../../src/output/html.ts";
import { browserTest, loadAllImages, openHtml } from "../_browser.ts";
import { startPngServer } from "../_png_server.ts";
import { boxesOf, screenshot } from "../_screenshot.ts";
import { DEAD_ORIGIN, realisticBatch } from "../_share_sample.ts";

/** The viewport widths a share page must work at. */
const WIDTHS = [320, 375, 768, 1280] as const;

/** The narrowest a block of text (name, key, filename, time) may be, in px. */
const MIN_BLOCK = 120;

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
        assert.equal(batch.links.length, 30);
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

browserTest(
  "formatHtml() page at 375 px: keyboard focus reaches each card's button and URL field, visibly, in view",
  async (context) => {
    const page = await openHtml(
      context,
      formatHtml(realisticBatch(DEAD_ORIGIN)),
    );
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      seen.push(
        await page.evaluate(() => {
          const node = document.activeElement as HTMLElement;
          const style = getComputedStyle(node);
          const box = node.getBoundingClientRect();
          const inView = box.left >= 0 && box.right <= globalThis.innerWidth &&
            box.top >= 0 && box.bottom <= globalThis.innerHeight;
          return `${node.tagName} ${
            node.textContent || node.className
          } ${style.outlineStyle} ${inView ? "in view" : "out of view"} ${
            node.getAttribute("aria-label") ?? ""
          }`.trim();
        }),
      );
    }
    assert.deepEqual(seen, [
      "A Download solid in view",
      "INPUT u solid in view Signed URL",
      "A Download solid in view",
      "INPUT u solid in view Signed URL",
    ]);
    // One heading names the page; each card's name is a row header.
    assert.equal(await page.getByRole("heading", { level: 1 }).count(), 1);
    const buttons = await page.locator("a.b").evaluateAll((nodes) =>
      nodes.map((node) => node.getBoundingClientRect().height)
    );
    assert.ok(buttons.every((h) => h >= 36), `tap targets ${buttons}`);
    await page.close();
  },
  { viewport: { width: 375, height: 800 } },
);

browserTest(
  "formatHtml() page printed: black on white, no buttons or URL fields, nothing wider than the paper",
  async (context) => {
    await withServer(async (origin) => {
      const page = await openHtml(context, formatHtml(realisticBatch(origin)));
      await loadAllImages(page);
      await page.emulateMedia({ media: "print", colorScheme: "dark" });
      const printed = await page.evaluate(() => ({
        background: getComputedStyle(document.body).backgroundColor,
        color: getComputedStyle(document.body).color,
        buttons: Array.from(document.querySelectorAll("a.b, input.u"))
          .filter((node) => node.getBoundingClientRect().width > 0).length,
        overflow: document.documentElement.scrollWidth - globalThis.innerWidth,
      }));
      assert.deepEqual(printed, {
        background: "rgb(255, 255, 255)",
        color: "rgb(0, 0, 0)",
        buttons: 0,
        overflow: 0,
      });
      const pdf = await page.pdf({ format: "A4" });
      assert.equal(new TextDecoder().decode(pdf.subarray(0, 5)), "%PDF-");
      await page.close();
    });
  },
);
