/**
 * Makes docs/share-page-375.png, the README's picture of the share page on a
 * 375 px phone: the first links of the layout tests' realistic batch, with
 * `title` and `timeZone` set, previews served by the tests' PNG server.
 * Run by hand after a change to the page (Debian's Chromium, as the tests):
 *
 * ```sh
 * deno run -A docs/make_screenshot.ts
 * ```
 *
 * @module
 */
import { formatHtml } from "../src/output/html.ts";
import { loadAllImages, openHtml, withBrowser } from "../tests/_browser.ts";
import { startPngServer } from "../tests/_png_server.ts";
import { realisticBatch } from "../tests/_share_sample.ts";

const OUT = new URL("./share-page-375.png", import.meta.url);

const server = startPngServer();
try {
  const batch = realisticBatch(server.origin);
  const html = formatHtml(
    // ASCII names only: Debian's Chromium here has no CJK or emoji font.
    { ...batch, links: [0, 2, 10, 4, 13].map((i) => batch.links[i]!) },
    { title: "ACME deliveries, November 2026", timeZone: "Asia/Shanghai" },
  );
  await withBrowser(async (context) => {
    const page = await openHtml(context, html);
    await loadAllImages(page);
    await page.evaluate(() => globalThis.scrollTo(0, 0));
    await Deno.writeFile(OUT, await page.screenshot({ fullPage: true }));
    await page.close();
  }, { viewport: { width: 375, height: 812 } });
  console.log(`Wrote ${OUT.pathname}`);
} finally {
  await server.close();
}
