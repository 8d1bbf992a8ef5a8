/// <reference lib="dom" />
/**
 * Shared browser-test harness: Debian's Chromium driven by `playwright-core`.
 *
 * Tests never download a browser. They use `/usr/bin/chromium` (or the path
 * in `OSSLINKS_CHROMIUM`) with a fresh temporary profile that is removed
 * afterwards. When the browser is missing, {@linkcode browserTest} registers
 * the test as ignored and prints why.
 *
 * ```ts
 * browserTest("page shows the title", async (context) => {
 *   const page = await openHtml(context, "<title>x</title>");
 *   assert.equal(await page.title(), "x");
 * });
 * ```
 *
 * @module
 */
import assert from "node:assert/strict";
import type { BrowserContext, Page } from "npm:playwright-core@1.65.1";

/** The Chromium executable the browser tests drive. */
export const CHROMIUM_PATH: string = Deno.env.get("OSSLINKS_CHROMIUM") ??
  "/usr/bin/chromium";

/** The flags every browser test runs Chromium with (no network but loopback). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/**
 * Loads playwright-core. Its bundled `is-wsl` probes
 * `/proc/sys/fs/binfmt_misc/WSLInterop` when the module loads, which Deno
 * allows only under `--allow-all`, so the test task's narrow permissions
 * would fail the import. With `__IS_WSL_TEST__` set the probe is deferred to
 * a call that only the `open` helper (opening a desktop app) makes, which the
 * tests never use.
 */
async function loadChromium(): Promise<
  typeof import("npm:playwright-core@1.65.1").chromium
> {
  if (Deno.env.get("__IS_WSL_TEST__") === undefined) {
    Deno.env.set("__IS_WSL_TEST__", "1");
  }
  return (await import("npm:playwright-core@1.65.1")).chromium;
}

function unavailableReason(): string | null {
  try {
    const info = Deno.statSync(CHROMIUM_PATH);
    if (!info.isFile) return `"${CHROMIUM_PATH}" is not a file`;
    return null;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return `Chromium is not installed at "${CHROMIUM_PATH}" (apt-get install chromium, or set OSSLINKS_CHROMIUM)`;
    }
    if (error instanceof Deno.errors.NotCapable) {
      return `Cannot check for Chromium at "${CHROMIUM_PATH}": no read permission`;
    }
    throw error;
  }
}

/** Why browser tests are skipped on this machine, or `null` when they run. */
export const browserSkipReason: string | null = unavailableReason();

/** Whether Chromium is there for the browser tests. */
export const browserAvailable: boolean = browserSkipReason === null;

let warned = false;
let pages = 0;

/** The temporary profile folder of each context {@linkcode withBrowser} made. */
const PROFILES = new WeakMap<BrowserContext, string>();

/** Options for {@linkcode withBrowser} and {@linkcode browserTest}. */
export interface BrowserOptions {
  /** The viewport size; default 1280×800. */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** The `prefers-color-scheme` the pages see; default `light`. */
  readonly colorScheme?: "light" | "dark";
}

/**
 * Launches Chromium with a fresh temporary profile, runs `fn` with its browser
 * context (downloads accepted), and always closes the browser and removes the
 * profile, whether `fn` succeeds or throws.
 */
export async function withBrowser<T>(
  fn: (context: BrowserContext) => Promise<T>,
  options: BrowserOptions = {},
): Promise<T> {
  if (browserSkipReason !== null) {
    throw new Error(`Cannot launch Chromium: ${browserSkipReason}`);
  }
  const profile = await Deno.makeTempDir({ prefix: "osslinks-chromium-" });
  try {
    const chromium = await loadChromium();
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      acceptDownloads: true,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      colorScheme: options.colorScheme ?? "light",
      timeout: 30_000,
    });
    context.setDefaultTimeout(30_000);
    PROFILES.set(context, profile);
    try {
      return await fn(context);
    } finally {
      await context.close();
    }
  } finally {
    await Deno.remove(profile, { recursive: true });
  }
}

/**
 * Registers a `Deno.test` that runs `fn` in a fresh browser (see
 * {@linkcode withBrowser}); without Chromium the test is ignored and the
 * reason is printed once.
 */
export function browserTest(
  name: string,
  fn: (context: BrowserContext, t: Deno.TestContext) => Promise<void>,
  options: BrowserOptions = {},
): void {
  if (browserSkipReason !== null && !warned) {
    warned = true;
    console.warn(`Skipping browser tests: ${browserSkipReason}`);
  }
  Deno.test({
    name,
    ignore: browserSkipReason !== null,
    fn: (t) => withBrowser((context) => fn(context, t), options),
  });
}

/**
 * Writes `html` to an `.html` file in the browser's temporary profile folder
 * (removed with it), opens it over `file://` in a new page and waits for the
 * `load` event. Returns the page.
 */
export async function openHtml(
  context: BrowserContext,
  html: string,
): Promise<Page> {
  const profile = PROFILES.get(context);
  if (profile === undefined) {
    throw new TypeError("Cannot open page: context not made by withBrowser()");
  }
  pages += 1;
  const file = `${profile}/osslinks-page-${pages}.html`;
  await Deno.writeTextFile(file, html);
  const page = await context.newPage();
  await page.goto(new URL(`file://${file}`).href, { waitUntil: "load" });
  return page;
}

/**
 * Scrolls every image of the page into view, so that lazy images start,
 * waits until all have finished (loaded or failed) and returns their
 * `naturalWidth`s in document order: 0 for an image that did not load.
 */
export async function loadAllImages(page: Page): Promise<number[]> {
  const count = await page.locator("img").count();
  for (let i = 0; i < count; i++) {
    await page.locator("img").nth(i).scrollIntoViewIfNeeded();
  }
  await page.waitForFunction(() =>
    Array.from(document.images).every((img) => img.complete)
  );
  return await page.locator("img").evaluateAll((images) =>
    images.map((img) => (img as HTMLImageElement).naturalWidth)
  );
}

/** What a page did that a page without scripts must never do. */
export interface ScriptProbe {
  /** Content-Security-Policy violations the page reported. */
  readonly violations: readonly string[];
  /** Calls of the probe global `__osslinksProbe(...)` by injected code. */
  readonly probeCalls: readonly string[];
  /** `alert`/`confirm`/`prompt` dialogs the page opened. */
  readonly dialogs: readonly string[];
  /** Resolves with the first violation, at once if there is one already. */
  firstViolation(): Promise<string>;
}

/**
 * Arms every page of `context` to record script activity: CSP violation
 * events, calls of the global `__osslinksProbe` (hostile test payloads call
 * it) and dialogs. Call before opening the pages; read the returned object
 * after.
 */
export async function armScriptProbe(
  context: BrowserContext,
): Promise<ScriptProbe> {
  const violations: string[] = [];
  const waiting: ((violation: string) => void)[] = [];
  const probe: ScriptProbe = {
    violations,
    probeCalls: [],
    dialogs: [],
    firstViolation: () =>
      violations[0] === undefined
        ? new Promise((resolve) => waiting.push(resolve))
        : Promise.resolve(violations[0]),
  };
  await context.exposeBinding("__osslinksReport", (_source, kind, detail) => {
    const text = String(detail);
    if (kind === "violation") {
      violations.push(text);
      for (const resolve of waiting.splice(0)) resolve(text);
    } else {
      (probe.probeCalls as string[]).push(text);
    }
  });
  await context.addInitScript(() => {
    const report = (globalThis as unknown as {
      __osslinksReport: (kind: string, detail: string) => void;
    }).__osslinksReport;
    document.addEventListener("securitypolicyviolation", (event) => {
      report(
        "violation",
        `${event.effectiveDirective} blocked ${event.blockedURI}`,
      );
    });
    Object.defineProperty(globalThis, "__osslinksProbe", {
      value: (detail: unknown) => report("probe", String(detail)),
    });
  });
  context.on("page", (page) => {
    page.on("dialog", (dialog) => {
      (probe.dialogs as string[]).push(`${dialog.type()}: ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
  });
  return probe;
}

/**
 * The global that hostile test payloads call; {@linkcode armScriptProbe}
 * records every call.
 */
export const PROBE = "__osslinksProbe";

/**
 * Names that would run the probe, break markup or spoof text if a page did
 * not escape them. None has a control character, and each stays a valid OSS
 * key (at most 1023 UTF-8 bytes) with a 4-character extension appended, so
 * the same names can be real objects in the emulator.
 */
export const HOSTILE_NAMES: readonly string[] = [
  `<script>${PROBE}(1)</script>`,
  `"><img src=x onerror=${PROBE}(2)>`,
  `'><svg onload=${PROBE}(3)>`,
  `</bdi></th></tr></tbody></table><script>${PROBE}(4)</script>`,
  `javascript:${PROBE}(5)`,
  `JaVaScRiPt:${PROBE}(6)//`,
  `data:text/html,<script>${PROBE}(7)</script>`,
  `<style>body{display:none}</style><!--`,
  "&amp; &lt;b&gt; stays literal",
  "invoice\u202Etxt.exe",
  "zero\u200Bwidth\u200Djoin\uFEFF.png",
  "\u2067rtl-isolate\u2069 \u202Bembedding",
  "long-".repeat(200),
  "猫".repeat(300),
];

/** Asserts that a page armed with {@linkcode armScriptProbe} ran nothing. */
export function assertNothingRan(probe: ScriptProbe): void {
  assert.deepEqual(probe.violations, [], "no CSP violation");
  assert.deepEqual(probe.probeCalls, [], "no injected code ran");
  assert.deepEqual(probe.dialogs, [], "no dialog opened");
}
