import assert from "node:assert/strict";
import { contentDisposition } from "../../src/sign/content_disposition.ts";

/** Splits `disposition; filename="…"; filename*=UTF-8''…` back apart. */
function parse(
  value: string,
): { type: string; fallback: string; name: string } {
  const match =
    /^(inline|attachment); filename="((?:[^"\\]|\\.)*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]*)$/
      .exec(value);
  assert.ok(match, `not RFC 6266 / 5987: ${value}`);
  return {
    type: match[1]!,
    fallback: match[2]!.replace(/\\(.)/g, "$1"),
    name: decodeURIComponent(match[3]!),
  };
}

Deno.test("contentDisposition() without a filename is the bare type", () => {
  assert.equal(contentDisposition("inline"), "inline");
  assert.equal(contentDisposition("attachment"), "attachment");
});

Deno.test("contentDisposition() builds an ASCII fallback and an RFC 5987 filename*", async (t) => {
  const cases: [string, string, string][] = [
    ["report.pdf", 'filename="report.pdf"', "filename*=UTF-8''report.pdf"],
    [
      "2026年第三季度报告.pdf",
      'filename="2026_______.pdf"',
      "filename*=UTF-8''2026%E5%B9%B4%E7%AC%AC%E4%B8%89%E5%AD%A3%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf",
    ],
    [
      'say "hi" \\ bye.txt',
      'filename="say \\"hi\\" \\\\ bye.txt"',
      "filename*=UTF-8''say%20%22hi%22%20%5C%20bye.txt",
    ],
    [
      "100% done%20.txt",
      'filename="100% done%20.txt"',
      "filename*=UTF-8''100%25%20done%2520.txt",
    ],
    [
      "Café déjà vu.txt",
      'filename="Cafe deja vu.txt"',
      "filename*=UTF-8''Caf%C3%A9%20d%C3%A9j%C3%A0%20vu.txt",
    ],
    [
      "😀 party.png",
      'filename="_ party.png"',
      "filename*=UTF-8''%F0%9F%98%80%20party.png",
    ],
    [
      "a'b(c)*;d,e.txt",
      'filename="a\'b(c)*;d,e.txt"',
      "filename*=UTF-8''a%27b%28c%29%2A%3Bd%2Ce.txt",
    ],
    [
      "!#$&+-.^_`|~.txt",
      'filename="!#$&+-.^_`|~.txt"',
      "filename*=UTF-8''!#$&+-.^_`|~.txt",
    ],
    [
      "ＡＢＣ①.txt",
      'filename="ABC1.txt"',
      "filename*=UTF-8''%EF%BC%A1%EF%BC%A2%EF%BC%A3%E2%91%A0.txt",
    ],
  ];
  for (const [name, fallback, ext] of cases) {
    await t.step(name, () => {
      const value = contentDisposition("attachment", name);
      assert.equal(value, `attachment; ${fallback}; ${ext}`);
      assert.equal(parse(value).name, name);
    });
  }
  await t.step("inline takes a filename too", () => {
    assert.equal(
      contentDisposition("inline", "图.png"),
      "inline; filename=\"_.png\"; filename*=UTF-8''%E5%9B%BE.png",
    );
  });
});

Deno.test("contentDisposition() round-trips very long and mixed names", () => {
  const names = [
    "报".repeat(2000) + ".pdf",
    "a".repeat(5000),
    "👨‍👩‍👧 family 🇨🇳 flag 𝒳 math.txt",
    " leading and trailing spaces ",
    "tab\u00a0nbsp\u3000ideographic space.txt",
  ];
  for (const name of names) {
    const parsed = parse(contentDisposition("attachment", name));
    assert.equal(parsed.name, name);
    assert.match(parsed.fallback, /^[\x20-\x7e]*$/);
    assert.equal(parsed.type, "attachment");
  }
});

Deno.test("contentDisposition() refuses what a header cannot carry", async (t) => {
  const cases: [string, string][] = [
    ["a\r\nSet-Cookie: x.txt", "line break (U+000D) at index 1"],
    ["a\nb.txt", "line break (U+000A) at index 1"],
    ["tab\there.txt", "control character (U+0009) at index 3"],
    ["nul\u0000.txt", "control character (U+0000) at index 3"],
    ["del\u007f.txt", "control character (U+007F) at index 3"],
    ["c1\u0085.txt", "control character (U+0085) at index 2"],
    ["lone\ud800.txt", "lone surrogate (U+D800) at index 4"],
    ["lone\udc00.txt", "lone surrogate (U+DC00) at index 4"],
  ];
  for (const [name, detail] of cases) {
    await t.step(JSON.stringify(name), () => {
      assert.throws(() => contentDisposition("attachment", name), {
        name: "RangeError",
        message: `Filename ${JSON.stringify(name)} contains a ${detail}`,
      });
    });
  }
  await t.step("empty filename", () => {
    assert.throws(() => contentDisposition("inline", ""), {
      name: "RangeError",
      message: "Filename is empty",
    });
  });
  await t.step("unknown disposition", () => {
    assert.throws(
      () => contentDisposition("download" as "inline", "a.txt"),
      {
        name: "TypeError",
        message: 'Disposition must be "inline" or "attachment": got "download"',
      },
    );
  });
});
