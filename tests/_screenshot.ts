/// <reference lib="dom" />
/**
 * Screenshots as evidence: a screenshot is decoded in a blank page of the
 * same browser, so that a test asserts what the picture shows (its size, how
 * light it is, whether colour shows where an element is) rather than that a
 * file exists.
 * Set `OSSLINKS_SCREENSHOTS` to a folder to also keep the pictures for a
 * person to look at; tests never write them into the repository.
 *
 * @module
 */
import { join } from "node:path";
import type { BrowserContext, Page } from "npm:playwright-core@1.65.1";

/** What a screenshot shows, as far as the tests look. */
export interface Picture {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** The mean relative luminance of all pixels, 0 (black) to 1 (white). */
  readonly meanLuminance: number;
  /**
   * For each box asked for, in order, its most colourful pixel's chroma: the
   * spread between the strongest and weakest channel, 0–255 (0 where the box
   * is only white, grey or black).
   */
  readonly chroma: readonly number[];
}

/** A rectangle of a picture, in pixels from its top left corner. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Takes a screenshot of `page` and decodes it.
 *
 * @param page The page, scrolled as it should be pictured.
 * @param boxes Boxes whose colourfulness to measure.
 * @param name A file name to keep the picture under in `OSSLINKS_SCREENSHOTS`.
 * @returns What the picture shows.
 */
export async function screenshot(
  page: Page,
  boxes: readonly Box[],
  name: string,
  options: { readonly fullPage?: boolean } = {},
): Promise<Picture> {
  const png = await page.screenshot({ fullPage: options.fullPage ?? false });
  const keep = Deno.env.get("OSSLINKS_SCREENSHOTS");
  if (keep !== undefined && keep !== "") {
    await Deno.writeFile(join(keep, `${name}.png`), png);
  }
  return await decodePng(page.context(), png, boxes);
}

/**
 * Decodes a PNG in a blank page of `context` with a canvas.
 *
 * @param context The browser context to decode in.
 * @param png The PNG bytes.
 * @param boxes Boxes whose colourfulness to measure.
 * @returns What the picture shows.
 */
export async function decodePng(
  context: BrowserContext,
  png: Uint8Array,
  boxes: readonly Box[],
): Promise<Picture> {
  const page = await context.newPage();
  try {
    const base64 = btoa(
      Array.from(png, (byte) => String.fromCharCode(byte)).join(""),
    );
    return await page.evaluate(async ({ base64, boxes }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext("2d")!;
      context.drawImage(image, 0, 0);
      const { data, width, height } = context.getImageData(
        0,
        0,
        canvas.width,
        canvas.height,
      );
      const linear = (value: number) => {
        const c = value / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) {
        sum += 0.2126 * linear(data[i]!) + 0.7152 * linear(data[i + 1]!) +
          0.0722 * linear(data[i + 2]!);
      }
      const chroma = boxes.map((box) => {
        let most = 0;
        const right = Math.min(width, Math.round(box.x + box.width));
        const bottom = Math.min(height, Math.round(box.y + box.height));
        for (let y = Math.max(0, Math.round(box.y)); y < bottom; y++) {
          for (let x = Math.max(0, Math.round(box.x)); x < right; x++) {
            const i = (y * width + x) * 4;
            const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
            most = Math.max(most, Math.max(r, g, b) - Math.min(r, g, b));
          }
        }
        return most;
      });
      return { width, height, meanLuminance: sum / (width * height), chroma };
    }, { base64, boxes: [...boxes] });
  } finally {
    await page.close();
  }
}

/**
 * The boxes of the elements `selector` matches that show in the viewport,
 * in viewport pixels.
 *
 * @param page The page.
 * @param selector A CSS selector.
 * @returns One box per visible element, in document order.
 */
export async function boxesOf(page: Page, selector: string): Promise<Box[]> {
  return await page.locator(selector).evaluateAll((elements) =>
    elements.map((element) => element.getBoundingClientRect())
      .filter((box) =>
        box.width > 0 && box.height > 0 && box.bottom > 0 &&
        box.top < globalThis.innerHeight
      )
      .map((box) => ({
        x: box.left,
        y: box.top,
        width: box.width,
        height: box.height,
      }))
  );
}
