/**
 * `sign --format html --out DIR/`: the batch as a folder of pages and an
 * index, written atomically.
 *
 * @module
 */
import type { SignedLink } from "../link.ts";
import { isHtmlPagesName, writeHtmlPages } from "../output/html_pages.ts";
import type { HtmlOptions } from "../output/html.ts";
import type { JsonHead } from "../output/json.ts";
import { writeFailure } from "./fs_error.ts";
import type { CliIo } from "./io.ts";
import { RuntimeFailure, UsageError } from "./usage_error.ts";

/**
 * Whether `--out` asks for a folder of pages: it ends with `/`.
 *
 * @param out The `--out` value.
 * @returns Whether the HTML goes into a folder of pages.
 */
export function wantsPages(out: string | undefined): out is string {
  return out !== undefined && out.endsWith("/");
}

/**
 * Writes the links into the folder `out` as pages of 1,000 links
 * (`HTML_PAGE_SIZE`) and an `index.html`; the folder appears
 * whole when every page is written, or not at all. A folder that cannot be
 * written (or that holds files of its own) is a usage error; a failing
 * write (disk full) a runtime failure.
 *
 * @param io The process IO.
 * @param out The folder, ending with `/`.
 * @param links The signed links, in order.
 * @param settings The batch's head, its number of links and the page
 * options.
 */
export async function writePagesOut(
  io: CliIo,
  out: string,
  links: AsyncIterable<readonly SignedLink[]>,
  settings: {
    readonly head: JsonHead;
    readonly total: number;
    readonly page: HtmlOptions;
  },
): Promise<void> {
  const folder = await io.openAtomicFolder(out, isHtmlPagesName).catch(
    writeFailure(out, UsageError),
  );
  try {
    await writeHtmlPages(
      links,
      settings.head,
      (name, text) =>
        folder.writeFile(name, text).catch(writeFailure(out, RuntimeFailure)),
      { ...settings.page, total: settings.total },
    );
  } catch (error) {
    await folder.abort();
    throw error;
  }
  await folder.commit().catch(writeFailure(out, UsageError));
}
