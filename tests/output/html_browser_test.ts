/// <reference lib="dom" />
/**
 * The HTML share page in a real browser (Debian Chromium): previews load,
 * downloads get their declared names, hostile names run nothing and show
 * verbatim, 10,000 links render. The links point at a local test origin
 * (tests/_png_server.ts); every check takes the origin as a parameter, so the
 * same checks can run against the emulator.
 */
import assert from "node:assert/strict";
import type { BrowserContext, Page } from "npm:playwright-core@1.65.1";
import { formatHtml } from "../../src/output/html.ts";
import { boxesOf, screenshot } from "../_screenshot.ts";
import type { SignedBatch, SignedLink } from "../../src/link.ts";
import {
  armScriptProbe,
  assertNothingRan,
  browserTest,
  HOSTILE_NAMES,
  loadAllImages,
  openHtml,
  PROBE,
} from "../_browser.ts";
import { startPngServer } from "../_png_server.ts";
import { sampleBatch, sampleLink, SIGNED_AT } from "../_output_sample.ts";

/** The row whose first name is `id`. */
function row(page: Page, id: string) {
  return page.locator("tbody tr").filter({
    has: page.locator("th > bdi:first-child", { hasText: id }),
  });
}

async function withServer(
  fn: (origin: string, requests: readonly string[]) => Promise<void>,
): Promise<void> {
  const server = startPngServer();
  try {
    await fn(server.origin, server.requests);
  } finally {
    await server.close();
  }
}

async function checkPreviewsLoad(
  context: BrowserContext,
  batch: SignedBatch,
): Promise<string[]> {
  const page = await openHtml(context, formatHtml(batch));
  const widths = await loadAllImages(page);
  const previews = batch.links.filter((link) =>
    link.disposition === "inline" && /\.(?:jpg|png)$/.test(link.key)
  );
  assert.equal(widths.length, previews.length, "one preview per inline image");
  assert.ok(widths.every((width) => width > 0), `widths ${widths}`);
  const sources = await page.locator("img").evaluateAll((images) =>
    images.map((img) => (img as HTMLImageElement).currentSrc)
  );
  await page.close();
  return sources;
}

browserTest(
  "formatHtml() page: inline image previews load with their styled URLs",
  async (context) => {
    await withServer(async (origin, requests) => {
      const batch = sampleBatch(origin);
      const sources = await checkPreviewsLoad(context, batch);
      assert.deepEqual(sources, [
        batch.links[0]?.url,
        batch.links[3]?.url,
      ]);
      assert.ok(
        requests.some((path) =>
          path.startsWith("/example.jpg?x-oss-process=style%2Fthumb&")
        ),
        "the thumbnail request carries the style",
      );
    });
  },
);

browserTest(
  "formatHtml() page: download links save files under their declared names",
  async (context) => {
    await withServer(async (origin) => {
      const page = await openHtml(context, formatHtml(sampleBatch(origin)));
      for (
        const [id, name] of [
          ["q3-report", "2026年第三季度报告.pdf"],
          ["-2+3.csv", "-2+3.csv"],
        ] as const
      ) {
        const link = id === "q3-report"
          ? row(page, id).getByRole("link", { name: "Download" })
          : page.locator('a[download="-2+3.csv"]');
        assert.equal(await link.getAttribute("download"), name);
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          link.click(),
        ]);
        assert.equal(download.suggestedFilename(), name);
        const path = await download.path();
        assert.match(await Deno.readTextFile(path), /^Test object /);
      }
      await page.close();
    });
  },
);

browserTest(
  "formatHtml() page: Open links start a new tab with no opener and no referrer",
  async (context) => {
    await withServer(async (origin, requests) => {
      const page = await openHtml(context, formatHtml(sampleBatch(origin)));
      const [opened] = await Promise.all([
        context.waitForEvent("page"),
        row(page, "video/intro.mp4").getByRole("link", { name: "Open" })
          .click(),
      ]);
      await opened.waitForLoadState();
      assert.equal(await opened.evaluate(() => globalThis.opener), null);
      assert.equal(await opened.evaluate(() => document.referrer), "");
      assert.ok(requests.some((path) => path.startsWith("/video/intro.mp4?")));
      await opened.close();
      await page.close();
    });
  },
);

/** URLs that must never reach `href` or `src`. */
const HOSTILE_URLS: readonly string[] = [
  `javascript:${PROBE}(10)`,
  `JaVaScRiPt:${PROBE}(11)`,
  ` \tjava\nscript:${PROBE}(12)`,
  `\u0001javascript:${PROBE}(13)`,
  `data:text/html,<script>${PROBE}(14)</script>`,
  `vbscript:${PROBE}(15)`,
  `//127.0.0.1/protocol-relative.png`,
  "/relative.png",
];

function hostileBatch(origin: string): SignedBatch {
  const links: SignedLink[] = [];
  HOSTILE_NAMES.forEach((name, index) => {
    links.push(sampleLink(origin, {
      id: name,
      key: `${name}.png`,
      seconds: 600 + index,
      disposition: index % 2 === 0 ? "inline" : "attachment",
      filename: name,
      process: index % 2 === 0 ? "style/thumb" : `image/${name}`,
    }));
  });
  HOSTILE_URLS.forEach((url, index) => {
    links.push({
      ...sampleLink(origin, {
        id: `bad-url-${index}`,
        key: "example.jpg",
        seconds: 60,
        disposition: index % 2 === 0 ? "inline" : "attachment",
      }),
      url,
    });
  });
  links.push({
    ...sampleLink(origin, {
      id: "quote-in-url",
      key: "x.png",
      seconds: 60,
      disposition: "inline",
    }),
    url: `${origin}/x.png" onerror="${PROBE}(20)`,
  });
  return {
    version: 1,
    bucket: `<b>bucket</b>"${PROBE}(30)`,
    signedAt: SIGNED_AT,
    links,
  };
}

browserTest(
  "formatHtml() page: hostile names and URLs run no script and show verbatim",
  async (context) => {
    await withServer(async (origin) => {
      const probe = await armScriptProbe(context);
      const batch = hostileBatch(origin);
      const page = await openHtml(
        context,
        formatHtml(batch, { title: `<script>${PROBE}(40)</script>` }),
      );
      await loadAllImages(page);
      await page.mouse.move(400, 400);
      // CDP delivers the binding calls of earlier events before this reply.
      await page.evaluate(() => 0);

      assertNothingRan(probe);
      assert.equal(
        await page.locator("script, iframe, object, embed").count(),
        0,
      );
      assert.equal(await page.locator("style").count(), 1);

      const ids = await page.locator("tbody th > bdi:first-child")
        .allTextContents();
      assert.deepEqual(ids, batch.links.map((link) => link.id));
      assert.equal(
        await page.locator("h1").textContent(),
        `<script>${PROBE}(40)</script>`,
      );
      assert.equal(
        await page.locator("dd bdi").first().textContent(),
        batch.bucket,
      );
      const urls = await page.locator("input.u").evaluateAll((inputs) =>
        inputs.map((input) => (input as HTMLInputElement).value)
      );
      // An input's value drops CR and LF (HTML value sanitization).
      assert.deepEqual(
        urls,
        batch.links.map((link) => link.url.replace(/[\r\n]/g, "")),
      );

      const targets = await page.locator("[href], [src]").evaluateAll((nodes) =>
        nodes.map((node) =>
          node.getAttribute("href") ?? node.getAttribute("src")
        )
      );
      assert.ok(targets.length > 0);
      for (const target of targets) {
        assert.ok(target?.startsWith(`${origin}/`), `unsafe target ${target}`);
      }

      const layout = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        width: globalThis.innerWidth,
        bidi: Array.from(document.querySelectorAll("th bdi")).every((node) =>
          getComputedStyle(node).unicodeBidi === "isolate"
        ),
      }));
      assert.ok(
        layout.scrollWidth <= layout.width,
        `no horizontal overflow: ${layout.scrollWidth} > ${layout.width}`,
      );
      assert.ok(layout.bidi, "every name is bidi-isolated");
      assert.equal(
        await row(page, "invoice").locator(".w").textContent(),
        "Hidden characters: U+202E",
      );
      // The whole page pictured is as wide as the viewport: hostile names
      // stay inside their cells.
      await page.evaluate(() => globalThis.scrollTo(0, 0));
      const picture = await screenshot(page, [], "html-hostile", {
        fullPage: true,
      });
      assert.equal(picture.width, page.viewportSize()?.width);
      assert.ok(picture.meanLuminance > 0.6, "a light page");
      await page.close();
    });
  },
);

browserTest(
  "formatHtml() page: C0 controls in names show as Control Pictures",
  async (context) => {
    const link = sampleLink("http://127.0.0.1:9", {
      id: "tab\there\u0000nul\rcr\u001Besc\u007F",
      key: "k.txt",
      seconds: 60,
      disposition: "attachment",
    });
    const page = await openHtml(
      context,
      formatHtml({
        version: 1,
        bucket: "b",
        signedAt: SIGNED_AT,
        links: [link],
      }),
    );
    assert.equal(
      await page.locator("tbody th > bdi:first-child").textContent(),
      "tab\u2409here\u2400nul\u240Dcr\u241Besc\u2421",
    );
    await page.close();
  },
);

browserTest(
  "formatHtml() page: the script probe itself sees a blocked inline script",
  async (context) => {
    // Proves the probe works: the page's own CSP blocks a script that
    // escaping would have let through, and the violation is recorded.
    const probe = await armScriptProbe(context);
    const html = formatHtml(sampleBatch("http://127.0.0.1:9")).replace(
      "</body>",
      `<script>${PROBE}("inline")</script></body>`,
    );
    const page = await openHtml(context, html);
    // openHtml waits for load; the violation report may still be in flight.
    const violation = await probe.firstViolation();
    assert.match(violation, /^script-src(-elem)? blocked inline$/);
    assert.deepEqual(probe.probeCalls, []);
    await page.close();
  },
);

browserTest(
  "formatHtml() page: 10,000 links load and render as 10,000 rows",
  async (context) => {
    await withServer(async (origin) => {
      const links: SignedLink[] = [];
      for (let i = 0; i < 10_000; i++) {
        const kind = i % 3;
        links.push(sampleLink(origin, {
          key: kind === 0
            ? `photos/2026/${String(i).padStart(5, "0")}.jpg`
            : `reports/2026/第${i}号 report.pdf`,
          seconds: 1800 + (i % 7) * 600,
          disposition: kind === 2 ? "attachment" : "inline",
          ...(kind === 0 ? { process: "style/thumb" } : {}),
        }));
      }
      const html = formatHtml({
        version: 1,
        bucket: "examplebucket",
        signedAt: SIGNED_AT,
        links,
      });
      const page = await openHtml(context, html);
      assert.equal(await page.locator("tbody tr").count(), 10_000);
      const last = page.locator("tbody tr").last();
      await last.scrollIntoViewIfNeeded();
      const box = await last.boundingBox();
      assert.ok(box !== null && box.height > 0, "the last row is laid out");
      assert.equal(await last.locator("td.n").textContent(), "10000");
      await page.close();
    });
  },
);

browserTest(
  "formatHtml() page: screenshots of a small page, light, dark and live",
  async (context) => {
    await withServer(async (origin) => {
      const at = Date.parse(SIGNED_AT) + 20 * 60_000;
      await context.clock.install({ time: new Date(at - 1000) });
      await context.clock.pauseAt(new Date(at));
      const shots = [
        ["html-screenshot", "light", false],
        ["html-screenshot-dark", "dark", false],
        ["html-screenshot-live", "light", true],
      ] as const;
      for (const [name, scheme, live] of shots) {
        const page = await openHtml(
          context,
          formatHtml(sampleBatch(origin), { live }),
        );
        await page.emulateMedia({ colorScheme: scheme });
        await loadAllImages(page);
        await page.evaluate(() => globalThis.scrollTo(0, 0));
        const previews = await boxesOf(page, "img");
        const picture = await screenshot(page, previews, name);
        assert.deepEqual([picture.width, picture.height], [1280, 800]);
        if (scheme === "light") {
          assert.ok(picture.meanLuminance > 0.6, `${name}: a light page`);
        } else {
          assert.ok(picture.meanLuminance < 0.25, `${name}: a dark page`);
        }
        assert.ok(previews.length > 0, `${name}: previews in view`);
        for (const [i, chroma] of picture.chroma.entries()) {
          assert.ok(chroma > 40, `${name}: preview ${i} shows its colours`);
        }
        await page.close();
      }
    });
  },
);

browserTest(
  "formatHtml() page: keyboard focus is visible on links and URL fields",
  async (context) => {
    const page = await openHtml(
      context,
      formatHtml(sampleBatch("http://127.0.0.1:9")),
    );
    const focused = [];
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press("Tab");
      focused.push(
        await page.evaluate(() => {
          const node = document.activeElement as HTMLElement;
          const style = getComputedStyle(node);
          return `${node.tagName} ${
            node.textContent || node.className
          } ${style.outlineStyle} ${style.outlineWidth}`;
        }),
      );
    }
    assert.deepEqual(focused, ["A Open solid 2px", "INPUT u solid 2px"]);
    await page.close();
  },
);

browserTest(
  "formatHtml() page with live: shows time left by the viewer's clock and marks expired rows",
  async (context) => {
    await withServer(async (origin) => {
      const probe = await armScriptProbe(context);
      // 20 min after signing: only the 90 s link (row 6) has expired.
      const at = Date.parse(SIGNED_AT) + 20 * 60_000;
      await context.clock.install({ time: new Date(at - 1000) });
      await context.clock.pauseAt(new Date(at));
      const page = await openHtml(
        context,
        formatHtml(sampleBatch(origin), { live: true }),
      );
      const state = () =>
        page.locator("tbody tr").evaluateAll((rows) =>
          rows.map((row) =>
            `${row.className}|${
              (row.querySelector("td.x") as HTMLElement).dataset.left
            }`
          )
        );
      assert.deepEqual(await state(), [
        "|expires in 10 min",
        "|expires in 1 h 40 min",
        "|expires in 10 min",
        "|expires in 1 h 10 min",
        "|expires in 6 days 23 h",
        "dead|expired",
        "|expires in 40 min",
        "|expires in 41 min",
      ]);
      assert.equal(await page.locator("#live").textContent(), "1 of 8 expired");
      await context.clock.runFor(11 * 60_000);
      assert.deepEqual((await state()).slice(0, 3), [
        "dead|expired",
        "|expires in 1 h 29 min",
        "dead|expired",
      ]);
      assert.equal(await page.locator("#live").textContent(), "3 of 8 expired");
      assert.deepEqual(probe.violations, []);
      await page.close();
    });
  },
);

browserTest(
  "formatHtml() page with live: hostile names still run no script",
  async (context) => {
    await withServer(async (origin) => {
      const probe = await armScriptProbe(context);
      const batch = hostileBatch(origin);
      const page = await openHtml(context, formatHtml(batch, { live: true }));
      await loadAllImages(page);
      await page.evaluate(() => 0);
      assertNothingRan(probe);
      assert.equal(await page.locator("script").count(), 1);
      assert.match(
        await page.locator("#live").textContent() ?? "",
        /expired|live/,
      );
      await page.close();
    });
  },
);
