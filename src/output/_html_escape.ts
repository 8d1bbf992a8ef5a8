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

/** What text content escapes or shows otherwise: markup and controls. */
// deno-lint-ignore no-control-regex
const TEXT_SPECIAL = /[&<>\u0000-\u001F\u007F]/;

/** {@linkcode HIDDEN}, to test for one without listing them. */
const HIDDEN_ANY = new RegExp(HIDDEN.source, "u");

/** What a double-quoted attribute value escapes: markup, quote, controls. */
// deno-lint-ignore no-control-regex
const ATTR_SPECIAL = /[&<>"\u0000-\u001F\u007F]/g;

/** {@linkcode ATTR_SPECIAL} but `&`, which a signed URL's query is full of. */
// deno-lint-ignore no-control-regex
const ATTR_SPECIAL_BUT_AMP = /[<>"\u0000-\u001F\u007F]/;

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
  if (!TEXT_SPECIAL.test(value)) return value;
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
  // A signed URL has `&` and nothing else to escape: a native replaceAll.
  if (!ATTR_SPECIAL_BUT_AMP.test(value)) {
    return value.includes("&") ? value.replaceAll("&", "&amp;") : value;
  }
  return value.replace(
    ATTR_SPECIAL,
    (char) => ATTR_ENTITIES[char] ?? `&#${char.charCodeAt(0)};`,
  );
}

/** What the page needs of a link's URL: its host and origin. */
export interface HttpTarget {
  /** The host as a URL parser gives it: lower case, with a port only when not the default. */
  readonly host: string;
  /** The origin: scheme, host and that port. */
  readonly origin: string;
}

/**
 * A URL whose host a URL parser keeps as written, so that its host and
 * origin can be read off without parsing (what a signer makes): `http` or
 * `https`, lower-case ASCII host labels, the last starting with a letter (a
 * numeric one would be read as an IPv4 address), an optional port, then
 * only printable ASCII after a `/`, `?` or `#`. Anything else (user info, a
 * backslash, white space, `xn--` labels, which the parser checks) goes to
 * the parser.
 */
const PLAIN_URL =
  /^(https?):\/\/((?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*)(?::([0-9]{1,5}))?(?:[/?#][\x21-\x7e]*)?$/;

/**
 * The host and origin of an absolute `http:` or `https:` URL as a browser
 * would parse it (after stripping the white space and controls browsers
 * strip), and `null` for anything else (`javascript:`, `data:`, relative,
 * unparsable), which the page then shows as text only.
 */
export function httpUrl(value: string): HttpTarget | null {
  const plain = PLAIN_URL.exec(value);
  if (plain !== null && !plain[2]!.includes("xn--")) {
    const [, scheme, hostname, portText] = plain;
    const port = portText === undefined ? undefined : Number(portText);
    if (port === undefined || port <= 65535) {
      const host =
        port === undefined || port === (scheme === "https" ? 443 : 80)
          ? hostname!
          : `${hostname}:${port}`;
      return { host, origin: `${scheme}://${host}` };
    }
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  return url.protocol === "https:" || url.protocol === "http:"
    ? { host: url.host, origin: url.origin }
    : null;
}

/**
 * Lists, as `U+XXXX`, the distinct hidden or direction-changing characters in
 * the strings, in order of first appearance.
 */
export function hiddenCharacters(...values: readonly string[]): string[] {
  const found = new Set<string>();
  for (const value of values) {
    if (!HIDDEN_ANY.test(value)) continue;
    for (const match of value.matchAll(HIDDEN)) {
      const code = match[0].codePointAt(0) ?? 0;
      found.add(`U+${code.toString(16).toUpperCase().padStart(4, "0")}`);
    }
  }
  return [...found];
}
