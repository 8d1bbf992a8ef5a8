/**
 * Escaping for the HTML share page: text, double-quoted attributes, and the
 * only URLs ever placed in `href`/`src` (absolute http/https).
 *
 * @module
 */

/** C0 controls and DEL: parsers drop NUL and rewrite CR, CSS collapses TAB/LF. */
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/g;

/**
 * Characters that hide or reorder text: C0/C1 controls, bidi embeddings,
 * overrides and isolates, zero-width and other invisible format characters.
 */
const HIDDEN =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]/gu;

const TEXT_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
};

const ATTR_ENTITIES: Readonly<Record<string, string>> = {
  ...TEXT_ENTITIES,
  '"': "&quot;",
};

/**
 * Escapes a string for HTML text content. C0 controls and DEL become their
 * visible Control Pictures (U+2400–U+2421): an HTML parser would drop a NUL
 * and CSS would fold a newline into a space, so showing them is the only
 * faithful rendering. Everything else (bidi controls, zero-width characters)
 * stays verbatim; the page isolates it with `<bdi>`.
 */
export function escapeText(value: string): string {
  return value
    .replace(/[&<>]/g, (char) => TEXT_ENTITIES[char] ?? char)
    .replace(CONTROL, (char) => {
      const code = char.charCodeAt(0);
      return String.fromCharCode(code === 0x7F ? 0x2421 : 0x2400 + code);
    });
}

/**
 * Escapes a string for a double-quoted attribute value (the page never
 * writes unquoted or single-quoted attributes), exactly: the parsed
 * attribute equals the input (control characters as numeric references, so
 * a CR survives; a NUL still reads back as U+FFFD, as HTML requires).
 */
export function escapeAttr(value: string): string {
  return value
    .replace(/[&<>"]/g, (char) => ATTR_ENTITIES[char] ?? char)
    .replace(CONTROL, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Returns the URL when it is an absolute `http:` or `https:` URL as a browser
 * would parse it (after stripping the white space and controls browsers
 * strip), and `null` for anything else (`javascript:`, `data:`, relative,
 * unparsable), which the page then shows as text only.
 */
export function httpUrl(value: string): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  return url.protocol === "https:" || url.protocol === "http:" ? url : null;
}

/**
 * Lists, as `U+XXXX`, the distinct hidden or direction-changing characters in
 * the strings, in order of first appearance.
 */
export function hiddenCharacters(...values: readonly string[]): string[] {
  const found = new Set<string>();
  for (const value of values) {
    for (const match of value.matchAll(HIDDEN)) {
      const code = match[0].codePointAt(0) ?? 0;
      found.add(`U+${code.toString(16).toUpperCase().padStart(4, "0")}`);
    }
  }
  return [...found];
}
