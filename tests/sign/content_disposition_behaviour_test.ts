/**
 * contentDisposition() by behaviour, not by exact text: whatever the ASCII
 * fallback looks like, the value is a valid RFC 6266 header and the name a
 * client saves is exactly the filename.
 */
import assert from "node:assert/strict";
import { contentDisposition } from "../../src/sign/content_disposition.ts";

/**
 * `type; filename="quoted-string"[; filename*=UTF-8''ext-value]`, with
 * printable ASCII only in the quoted string and RFC 5987 attr-chars or
 * `%HH` in the ext-value (so `'`, `(`, `)`, `*`, `%` are never raw).
 */
const HEADER = new RegExp(
  "^(inline|attachment); " +
    'filename="((?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e])*)"' +
    "(?:; filename\\*=UTF-8''((?:[A-Za-z0-9!#$&+\\-.^_`|~]|%[0-9A-F]{2})*))?$",
);

interface Parsed {
  readonly type: string;
  readonly fallback: string;
  readonly extended: string | undefined;
  /** The name a client that knows `filename*` saves. */
  readonly saved: string;
}

function parse(value: string): Parsed {
  const match = HEADER.exec(value);
  assert.ok(match, `not an RFC 6266 / RFC 5987 value: ${value}`);
  const fallback = match[2]!.replace(/\\(.)/g, "$1");
  const extended = match[3];
  return {
    type: match[1]!,
    fallback,
    extended,
    saved: extended === undefined ? fallback : decodeURIComponent(extended),
  };
}

const NAMES: Record<string, string> = {
  "ASCII": "examplefile.txt",
  "spaces": "price list 2026.xlsx",
  "CJK": "2026年第三季度报告.pdf",
  "quotes and backslashes": 'say "hi" \\ bye.txt',
  "a percent sign": "100% done.txt",
  "something that looks percent-encoded": "a%20b%E6%8A%A5.txt",
  "'()* with CJK": "报告 (v2) 'final' *.pdf",
  "'()* in ASCII": "a'b(c)*d.txt",
  "separators": "a;b,c=d.txt",
  "emoji": "😀 party 🎉.png",
  "accents": "Café déjà vu.txt",
  "300 ASCII characters": `${"a".repeat(296)}.pdf`,
  "300 CJK characters": `${"报".repeat(296)}.pdf`,
  "300 emoji": "😀".repeat(300),
};

Deno.test("contentDisposition() without a filename is the bare type", () => {
  assert.equal(contentDisposition("inline"), "inline");
  assert.equal(contentDisposition("attachment"), "attachment");
});

Deno.test("contentDisposition() saves exactly the filename, in a valid header", async (t) => {
  for (const [what, name] of Object.entries(NAMES)) {
    await t.step(what, () => {
      for (const type of ["attachment", "inline"] as const) {
        const value = contentDisposition(type, name);
        const parsed = parse(value);
        assert.equal(parsed.type, type);
        assert.equal(parsed.saved, name);
        // A header value: printable ASCII only, one line.
        assert.match(value, /^[\x20-\x7e]+$/);
      }
    });
  }
});

Deno.test("contentDisposition() adds filename* when the fallback cannot carry the name", async (t) => {
  for (
    const name of [
      NAMES["CJK"]!,
      NAMES["emoji"]!,
      NAMES["accents"]!,
      NAMES["a percent sign"]!,
      NAMES["something that looks percent-encoded"]!,
    ]
  ) {
    await t.step(name, () => {
      const parsed = parse(contentDisposition("attachment", name));
      assert.notEqual(parsed.extended, undefined);
      if (name.includes("%")) assert.match(parsed.extended!, /%25/);
    });
  }
  await t.step("the fallback of a plain ASCII name is the name", () => {
    for (const name of [NAMES["ASCII"]!, NAMES["quotes and backslashes"]!]) {
      assert.equal(
        parse(contentDisposition("attachment", name)).fallback,
        name,
      );
    }
  });
  await t.step("quotes and backslashes are escaped in the fallback", () => {
    const value = contentDisposition(
      "attachment",
      NAMES["quotes and backslashes"]!,
    );
    assert.ok(value.includes('filename="say \\"hi\\" \\\\ bye.txt"'), value);
  });
  await t.step("'()* are percent-encoded in filename*", () => {
    const { extended } = parse(
      contentDisposition("attachment", NAMES["'()* with CJK"]!),
    );
    assert.match(extended!, /%27final%27/);
    assert.match(extended!, /%28v2%29/);
    assert.match(extended!, /%2A\.pdf$/);
  });
  await t.step("the fallback of an emoji name has no broken surrogate", () => {
    const { fallback } = parse(contentDisposition("attachment", "😀.png"));
    assert.ok(fallback.isWellFormed());
    assert.match(fallback, /^_+\.png$/);
  });
});

Deno.test("contentDisposition() refuses names a header cannot carry", async (t) => {
  const bad: Record<string, string> = {
    "CR LF": "a\r\nSet-Cookie: x=y.txt",
    "LF": "a\nb.txt",
    "CR": "a\rb.txt",
    "NUL": "a\u0000b.txt",
    "TAB": "a\tb.txt",
    "US": "a\u001fb.txt",
    "DEL": "a\u007fb.txt",
    "a lone high surrogate": "a\ud800b.txt",
    "a lone low surrogate": "a\udc00b.txt",
    "empty": "",
  };
  for (const [what, name] of Object.entries(bad)) {
    await t.step(what, () => {
      for (const type of ["attachment", "inline"] as const) {
        assert.throws(() => contentDisposition(type, name), RangeError);
      }
    });
  }
});
