/// <reference lib="dom" />
/**
 * Issue #6 end to end in a real browser (Debian Chromium): manifests are
 * signed for a custom domain bound on an in-process emulator
 * (`static.localhost:<port>`, which Chromium resolves to loopback), the
 * share page from `formatHtml` is opened from a `file://` URL, and the page
 * must work: previews load through the bound domain, downloads are saved
 * under the declared names, hostile names run nothing and show verbatim, and
 * the demo's own page (demo/emulator.yaml + demo/links.template.yaml) loads
 * every preview.
 */
import assert from "node:assert/strict";
import { dump } from "npm:js-yaml@5.5.0";
import type { Page } from "npm:playwright-core@1.65.1";
import {
  loadEmulatorConfig,
  parseEmulatorConfig,
} from "../../src/emulator/config.ts";
import {
  type EmulatorHandle,
  startEmulator,
} from "../../src/emulator/server.ts";
import type { SignedBatch } from "../../src/link.ts";
import { formatHtml } from "../../src/output/html.ts";
import type { Credentials } from "../../src/sign/presign.ts";
import {
  armScriptProbe,
  assertNothingRan,
  browserTest,
  HOSTILE_NAMES,
  loadAllImages,
  openHtml,
} from "../_browser.ts";
import { signManifest } from "../_e2e.ts";
import { boxesOf, screenshot } from "../_screenshot.ts";
import { KEY, NOW, PNG_BASE64, TestClock } from "../_emulator.ts";

const BUCKET = "osslinks-e2e";
const DOMAIN = "static.localhost";

/** An object the test bucket serves: a 1×1 PNG or a line of text. */
interface Stored {
  readonly key: string;
  readonly png?: boolean;
}

function textOf(key: string): string {
  return `osslinks e2e object: ${key}\n`;
}

async function startBucket(
  objects: readonly Stored[],
): Promise<EmulatorHandle> {
  const config = await parseEmulatorConfig({
    buckets: [{
      name: BUCKET,
      region: "cn-hangzhou",
      creationDate: "2024-03-01T00:00:00Z",
      credentials: [KEY],
      objects: objects.map((object) =>
        object.png
          ? { key: object.key, contentBase64: PNG_BASE64 }
          : { key: object.key, content: textOf(object.key) }
      ),
      domains: [{ domain: DOMAIN, status: "Enabled" }],
      styles: [{ name: "thumb", content: "image/resize,w_200" }],
    }],
  });
  return await startEmulator({ config, now: new TestClock(NOW).now });
}

/** Signs entries for the bucket's bound domain and renders the page. */
async function sharePage(
  emulator: EmulatorHandle,
  entries: readonly Record<string, unknown>[],
): Promise<{ batch: SignedBatch; html: string }> {
  const text = dump({
    version: 1,
    bucket: {
      name: BUCKET,
      region: "cn-hangzhou",
      domain: `${DOMAIN}:${emulator.port}`,
      https: false,
    },
    styles: ["thumb"],
    defaults: { expires: "1h", disposition: "attachment" },
    objects: entries,
  }, { lineWidth: -1 });
  const { batch } = await signManifest(text, { now: NOW, credentials: KEY });
  return { batch, html: formatHtml(batch) };
}

/** Every `href` and `src` of the page. */
function targets(page: Page): Promise<string[]> {
  return page.locator("[href], [src]").evaluateAll((nodes) =>
    nodes.map((node) =>
      node.getAttribute("href") ?? node.getAttribute("src") ?? ""
    )
  );
}

/** The GetObject requests the emulator answered, as `status key`. */
function objectRequests(emulator: EmulatorHandle): string[] {
  return emulator.requests()
    .filter((record) => record.operation === "GetObject")
    .map((record) => `${record.status} ${record.key}`);
}

const PREVIEWS: readonly Record<string, unknown>[] = [
  { key: "example.png", disposition: "inline", style: "thumb" },
  {
    id: "sunset",
    key: "photos/2026/日落 sunset+1.png",
    disposition: "inline",
    process: "image/resize,w_400",
  },
  { key: "icons/a b!'()*~😀.png", disposition: "inline" },
  { key: "reports/2026/q3.pdf", disposition: "inline" },
];

browserTest(
  "sign → HTML page from file://: inline previews load through the bound domain",
  async (context) => {
    await using emulator = await startBucket([
      { key: "example.png", png: true },
      { key: "photos/2026/日落 sunset+1.png", png: true },
      { key: "icons/a b!'()*~😀.png", png: true },
      { key: "reports/2026/q3.pdf" },
    ]);
    const probe = await armScriptProbe(context);
    const { batch, html } = await sharePage(emulator, PREVIEWS);
    const page = await openHtml(context, html);
    assert.match(page.url(), /^file:\/\//);
    const widths = await loadAllImages(page);
    assert.equal(widths.length, 3, "one preview per inline image");
    assert.ok(widths.every((width) => width > 0), `widths ${widths}`);
    const sources = await page.locator("img").evaluateAll((images) =>
      images.map((img) => (img as HTMLImageElement).currentSrc)
    );
    assert.deepEqual(sources, batch.links.slice(0, 3).map((link) => link.url));
    for (const source of sources) {
      assert.equal(new URL(source).host, `${DOMAIN}:${emulator.port}`);
    }
    assert.deepEqual(objectRequests(emulator).sort(), [
      "200 example.png",
      "200 icons/a b!'()*~😀.png",
      "200 photos/2026/日落 sunset+1.png",
    ]);
    assertNothingRan(probe);
    await page.close();
  },
);

/** Attachments and the name Chromium saves each as. */
const DOWNLOADS: readonly (readonly [Record<string, unknown>, string])[] = [
  [
    {
      id: "q3-report",
      key: "reports/2026/Q3 报告.pdf",
      filename: "2026年第三季度报告.pdf",
    },
    "2026年第三季度报告.pdf",
  ],
  [
    { key: "exampleobject.txt", filename: "examplefile.txt" },
    "examplefile.txt",
  ],
  [
    { key: "notes/n.txt", filename: "📄 notes 😀.txt" },
    "📄 notes 😀.txt",
  ],
  [
    { key: "archive/v2.zip", filename: "ファイル名 (v2), 最終版.zip" },
    "ファイル名 (v2), 最終版.zip",
  ],
  [
    { key: "docs/price list 2026+Q1.xlsx" },
    "price list 2026+Q1.xlsx",
  ],
  [
    { key: "a/semi.txt", filename: "a; b=c, 100% d.txt" },
    "a; b=c, 100% d.txt",
  ],
  // Chromium percent-decodes a bare filename="…", so such names need filename*.
  [{ key: "a/pct.txt", filename: "%E6%8A%A5.txt" }, "%E6%8A%A5.txt"],
  // Chromium replaces characters that are unsafe in file names with "_";
  // the whole quoted name arriving proves the quote escaping.
  [{ key: "a/quote.txt", filename: 'say "hi".txt' }, "say _hi_.txt"],
  [
    { key: "a/back.txt", filename: "back\\slash 中文.txt" },
    "back_slash 中文.txt",
  ],
];

browserTest(
  "sign → HTML page from file://: Download links save files under the declared names",
  async (context) => {
    await using emulator = await startBucket(
      DOWNLOADS.map(([entry]) => ({ key: entry["key"] as string })),
    );
    const { batch, html } = await sharePage(
      emulator,
      DOWNLOADS.map(([entry]) => entry),
    );
    const page = await openHtml(context, html);
    const buttons = page.getByRole("link", { name: "Download" });
    assert.equal(await buttons.count(), DOWNLOADS.length);
    for (const [index, [entry, saved]] of DOWNLOADS.entries()) {
      const key = entry["key"] as string;
      const declared = (entry["filename"] as string | undefined) ??
        key.slice(key.lastIndexOf("/") + 1);
      const row = page.locator("tbody tr").nth(index);
      assert.equal(
        await row.locator(".m bdi").last().textContent(),
        declared,
        "the page shows the name the file saves as",
      );
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        buttons.nth(index).click(),
      ]);
      assert.equal(download.url(), batch.links[index]?.url);
      assert.equal(download.suggestedFilename(), saved, `download of ${key}`);
      assert.equal(await Deno.readTextFile(await download.path()), textOf(key));
    }
    await page.close();
  },
);

/** A name cut to leave room for ".txt" in the 255 UTF-8 bytes a filename may have. */
function within255Bytes(name: string): string {
  let bytes = 0;
  let out = "";
  for (const char of name) {
    bytes += new TextEncoder().encode(char).length;
    if (bytes > 251) break;
    out += char;
  }
  return out;
}

browserTest(
  "sign → HTML page from file://: hostile keys, ids and filenames run no script and show verbatim",
  async (context) => {
    const entries: Record<string, unknown>[] = [];
    const stored: Stored[] = [];
    HOSTILE_NAMES.forEach((name, index) => {
      stored.push({ key: `${name}.png`, png: true }, { key: `${name}.txt` });
      entries.push(
        { id: name, key: `${name}.png`, disposition: "inline" },
        {
          id: `${index}: ${name}`,
          key: `${name}.txt`,
          filename: `${within255Bytes(name)}.txt`,
        },
      );
    });
    await using emulator = await startBucket(stored);
    const probe = await armScriptProbe(context);
    const { batch, html } = await sharePage(emulator, entries);
    const page = await openHtml(context, html);
    const widths = await loadAllImages(page);
    assert.equal(widths.length, HOSTILE_NAMES.length);
    assert.ok(widths.every((width) => width > 0), `widths ${widths}`);
    await page.mouse.move(400, 400);
    // CDP delivers the binding calls of earlier events before this reply.
    await page.evaluate(() => 0);
    assertNothingRan(probe);
    assert.equal(
      await page.locator("script, iframe, object, embed, svg").count(),
      0,
    );

    const rows = page.locator("tbody tr");
    assert.equal(await rows.count(), entries.length);
    assert.deepEqual(
      await page.locator("tbody th > bdi:first-child").allTextContents(),
      batch.links.map((link) => link.id),
      "ids verbatim",
    );
    assert.deepEqual(
      await page.locator("tbody th > bdi.m").allTextContents(),
      batch.links.map((link) => link.key),
      "keys verbatim",
    );
    assert.deepEqual(
      await page.locator("tbody th > span.m > bdi").allTextContents(),
      batch.links.filter((link) => link.disposition === "attachment")
        .map((link) => link.filename),
      "filenames verbatim",
    );
    const origin = `http://${DOMAIN}:${emulator.port}/`;
    for (const target of await targets(page)) {
      assert.ok(target.startsWith(origin), `unsafe target ${target}`);
    }
    assert.deepEqual(
      await rows.nth(HOSTILE_NAMES.indexOf("invoice\u202Etxt.exe") * 2)
        .locator(".w").allTextContents(),
      ["Hidden characters: U+202E"],
    );
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      width: globalThis.innerWidth,
    }));
    assert.ok(
      layout.scrollWidth <= layout.width,
      `no horizontal overflow: ${layout.scrollWidth} > ${layout.width}`,
    );
    await page.close();
  },
);

/** The demo's credentials (README); they exist only in the demo emulator. */
const DEMO_CREDENTIALS: Credentials = {
  accessKeyId: "LTAI5tDemoAccessKeyId",
  accessKeySecret: "DemoAccessKeySecretNeverPrinted",
};

/**
 * Starts the demo's emulator in-process at the fixed clock and signs the
 * demo manifest for its port, as `deno task demo` does.
 */
async function demoPage(): Promise<
  { emulator: EmulatorHandle; batch: SignedBatch; html: string }
> {
  const demo = new URL("../../demo/", import.meta.url);
  const config = await loadEmulatorConfig(
    await Deno.readTextFile(new URL("emulator.yaml", demo)),
    { baseDir: demo.pathname },
  );
  const emulator = await startEmulator({
    config,
    now: new TestClock(NOW).now,
  });
  try {
    const template = await Deno.readTextFile(
      new URL("links.template.yaml", demo),
    );
    const { batch } = await signManifest(
      template.replaceAll("{{PORT}}", String(emulator.port)),
      { now: NOW, credentials: DEMO_CREDENTIALS },
    );
    return { emulator, batch, html: formatHtml(batch) };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

browserTest(
  "the demo's share page loads every preview from the demo emulator and shows them",
  async (context) => {
    const { emulator, batch, html } = await demoPage();
    await using _ = emulator;
    const probe = await armScriptProbe(context);
    const page = await openHtml(context, html);
    const widths = await loadAllImages(page);
    const previews = batch.links.filter((link) =>
      link.disposition === "inline" && link.key.endsWith(".png")
    );
    assert.equal(previews.length, 2);
    assert.equal(widths.length, previews.length);
    assert.ok(widths.every((width) => width > 0), `widths ${widths}`);
    const hosts = await page.locator("img").evaluateAll((images) =>
      images.map((img) => new URL((img as HTMLImageElement).currentSrc).host)
    );
    assert.deepEqual(
      hosts,
      previews.map(() => `static.localhost:${emulator.port}`),
    );
    assert.deepEqual(
      objectRequests(emulator).sort(),
      previews.map((link) => `200 ${link.key}`).sort(),
    );
    assertNothingRan(probe);
    // The demo page as it opens, 1280×800: light, with both previews drawn.
    await page.evaluate(() => globalThis.scrollTo(0, 0));
    const boxes = await boxesOf(page, "img");
    assert.equal(boxes.length, previews.length, "both previews in view");
    const picture = await screenshot(page, boxes, "html-demo");
    assert.deepEqual([picture.width, picture.height], [1280, 800]);
    assert.ok(picture.meanLuminance > 0.6, "a light page");
    for (const [i, chroma] of picture.chroma.entries()) {
      assert.ok(chroma > 40, `preview ${i} shows its colours`);
    }
    await page.close();
  },
);
