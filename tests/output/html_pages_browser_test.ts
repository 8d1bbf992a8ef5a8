/**
 * The pages of `writeHtmlPages` in Chromium over `file://`: each page's
 * style sheet is allowed by its CSP (no violation, the nav laid out), the
 * prev/next and index links navigate, and the index fits a 320 px screen.
 */
import assert from "node:assert/strict";
import type { Page } from "npm:playwright-core@1.65.1";
import { writeHtmlPages } from "../../src/output/html_pages.ts";
import { browserTest } from "../_browser.ts";
import { sampleBatch } from "../_output_sample.ts";

async function writePages(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "osslinks-pages-browser-" });
  const batch = sampleBatch();
  await writeHtmlPages(batch.links, batch, async (name, pieces) => {
    await Deno.writeTextFile(`${dir}/${name}`, ReadableStream.from(pieces));
  }, { total: batch.links.length, pageSize: 3 });
  return dir;
}

/** Collects CSP violations reported on the page. */
function violations(page: Page): string[] {
  const found: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) {
      found.push(message.text());
    }
  });
  return found;
}

browserTest(
  "HTML pages navigate by their links and load under their CSP",
  async (context) => {
    const dir = await writePages();
    try {
      const page = await context.newPage();
      const refused = violations(page);
      await page.goto(`file://${dir}/page-0002.html`);
      assert.equal(
        await page.locator("header nav").evaluate((nav) =>
          getComputedStyle(nav).display
        ),
        "flex",
        "the style sheet applies",
      );
      assert.equal(await page.locator("tbody tr").count(), 3);
      assert.equal(await page.locator("tbody td.n").first().textContent(), "4");
      await page.locator("header nav a[rel=next]").click();
      await page.waitForURL(/page-0003\.html$/);
      // The bottom links, after the table.
      await page.locator("nav").last().locator("a[rel=prev]").click();
      await page.waitForURL(/page-0002\.html$/);
      await page.locator("header nav a", { hasText: "All 3 pages" }).click();
      await page.waitForURL(/index\.html$/);
      assert.deepEqual(
        await page.locator("tbody a").allTextContents(),
        ["1–3", "4–6", "7–8"],
      );
      await page.locator("tbody a").first().click();
      await page.waitForURL(/page-0001\.html$/);
      assert.equal(await page.locator("a[rel=prev]").count(), 0);
      assert.deepEqual(refused, []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

browserTest("the index of HTML pages fits a 320 px screen", async (context) => {
  const dir = await writePages();
  try {
    const page = await context.newPage();
    await page.goto(`file://${dir}/index.html`);
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      width: globalThis.innerWidth,
    }));
    assert.ok(
      layout.scrollWidth <= layout.width,
      `no horizontal overflow: ${layout.scrollWidth} > ${layout.width}`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}, { viewport: { width: 320, height: 640 } });
