import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { formatHtml, formatHtmlPieces } from "../../src/output/html.ts";
import type { SignedBatch, SignedLink } from "../../src/link.ts";
import {
  escapeAttr,
  escapeText,
  hiddenCharacters,
  httpUrl,
} from "../../src/output/_html_escape.ts";
import {
  afterSigningText,
  timeZoneName,
  utcText,
  zonedText,
} from "../../src/output/time_text.ts";
import { assertGolden } from "../_golden.ts";
import { Gen } from "../_random_requests.ts";
import { sampleBatch, sampleLink, SIGNED_AT } from "../_output_sample.ts";

function batchOf(links: SignedLink[]): SignedBatch {
  return { version: 1, bucket: "examplebucket", signedAt: SIGNED_AT, links };
}

function csp(page: string): Map<string, string> {
  const content =
    /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/
      .exec(page)?.[1];
  assert.ok(content !== undefined, "the page has a CSP meta");
  return new Map(
    content.split("; ").map((directive) => {
      const space = directive.indexOf(" ");
      return [directive.slice(0, space), directive.slice(space + 1)];
    }),
  );
}

/** Every `href`/`src` value of the page, entity-decoded. */
function targets(page: string): string[] {
  return [...page.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) =>
    (match[1] ?? "").replaceAll("&amp;", "&")
  );
}

Deno.test("formatHtml() matches the golden file for the sample batch", async () => {
  await assertGolden(formatHtml(sampleBatch()), "batch.html");
});

Deno.test("formatHtml() gives the same bytes for the same batch", () => {
  assert.equal(formatHtml(sampleBatch()), formatHtml(sampleBatch()));
  assert.ok(formatHtml(sampleBatch()).endsWith("</html>\n"));
});

Deno.test("formatHtml() sets a CSP that forbids scripts and hashes the one style sheet", () => {
  const page = formatHtml(sampleBatch());
  const policy = csp(page);
  assert.deepEqual([...policy.keys()], [
    "default-src",
    "img-src",
    "style-src",
    "base-uri",
    "form-action",
  ]);
  assert.equal(policy.get("default-src"), "'none'");
  assert.equal(policy.has("script-src"), false);
  assert.equal(policy.get("img-src"), "https://static.example.com");
  const styles = [...page.matchAll(/<style>([^]*?)<\/style>/g)];
  assert.equal(styles.length, 1);
  const hash = createHash("sha256").update(styles[0]?.[1] ?? "").digest(
    "base64",
  );
  assert.equal(policy.get("style-src"), `'sha256-${hash}'`);
  assert.doesNotMatch(page, /<script|<link|@import|url\(|\sstyle="/i);
});

Deno.test("formatHtml() allows images only from the origins of previewed links", () => {
  const image = (origin: string) =>
    sampleLink(origin, {
      key: "a.png",
      seconds: 60,
      disposition: "inline",
    });
  const page = formatHtml(batchOf([
    image("https://a.example"),
    image("http://127.0.0.1:8080"),
    image("https://a.example"),
    sampleLink("https://download.example", {
      key: "b.png",
      seconds: 60,
      disposition: "attachment",
    }),
  ]));
  assert.equal(
    csp(page).get("img-src"),
    "https://a.example http://127.0.0.1:8080",
  );
  assert.match(
    page,
    /<dt>Domains<\/dt><dd>a\.example, 127\.0\.0\.1:8080, download\.example<\/dd>/,
  );
  const none = formatHtml(batchOf([
    sampleLink("https://a.example", {
      key: "r.pdf",
      seconds: 60,
      disposition: "inline",
    }),
  ]));
  assert.equal(csp(none).get("img-src"), "'none'");
});

Deno.test("formatHtml() puts only http(s) URLs in href and src", () => {
  const base = sampleLink("https://a.example", {
    key: "a.png",
    seconds: 60,
    disposition: "inline",
  });
  const bad = [
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "\u0000javascript:alert(1)",
    "data:image/png;base64,AAAA",
    "//a.example/x.png",
    "/x.png",
    "not a url",
  ];
  const page = formatHtml(
    batchOf([base, ...bad.map((url) => ({ ...base, url }))]),
  );
  assert.deepEqual(targets(page), [base.url, base.url]);
  assert.equal(
    page.match(/Not an http\(s\) URL: shown as text only/g)?.length,
    bad.length,
  );
  assert.ok(page.includes('value="java&#9;script:alert(1)"'));
});

Deno.test("formatHtml() escapes names in text and attributes", () => {
  const name = `"><img src=x onerror=alert(1)><script>&amp;</script>'`;
  const page = formatHtml(
    batchOf([
      sampleLink("https://a.example", {
        id: name,
        key: `${name}.png`,
        seconds: 60,
        disposition: "attachment",
        filename: name,
      }),
      sampleLink("https://a.example", {
        key: `${name}.png`,
        seconds: 60,
        disposition: "inline",
      }),
    ]),
    { title: name },
  );
  assert.doesNotMatch(page, /<img src=x|<script>|onerror=alert\(1\)>/);
  const text =
    "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;&amp;amp;&lt;/script&gt;'";
  assert.ok(page.includes(`<h1>${text.replaceAll("&quot;", '"')}</h1>`));
  assert.ok(page.includes(`download="${text}"`));
  assert.ok(page.includes(`alt="Preview of ${text}.png"`));
});

Deno.test("formatHtml() shows attachments, inline files, images and HEAD links differently", () => {
  const page = formatHtml(sampleBatch());
  const rows = page.split("\n").filter((line) => line.startsWith("<tr><td"));
  assert.equal(rows.length, 8);
  const [image, attachment, , , video, , , head] = rows;
  assert.match(
    image ?? "",
    /<img class="t" src="https:[^"]+" alt="Preview of example\.jpg" width="96" height="96" loading="lazy" decoding="async">/,
  );
  assert.match(
    image ?? "",
    /target="_blank" rel="noopener noreferrer">Open<\/a>/,
  );
  assert.match(
    attachment ?? "",
    /download="2026年第三季度报告\.pdf">Download<\/a>/,
  );
  assert.match(
    attachment ?? "",
    /saves as <bdi>2026年第三季度报告\.pdf<\/bdi>/,
  );
  assert.doesNotMatch(attachment ?? "", /<img|target=/);
  assert.match(video ?? "", /aria-hidden="true">MP4<\/span>.*>Open<\/a>/);
  assert.match(head ?? "", /Signed for HEAD: not for a browser<\/span><input/);
  assert.doesNotMatch(head ?? "", /href=|src=/);
  assert.match(page, /<th scope="col" class="cx">Expires<\/th>/);
  assert.match(
    page,
    /<caption class="vh">8 signed links in bucket <bdi>examplebucket<\/bdi>, in manifest order<\/caption>/,
  );
});

Deno.test("formatHtml() summarises the batch", async (t) => {
  const page = formatHtml(sampleBatch());
  await t.step("bucket, domain, signing time, count", () => {
    assert.ok(
      page.includes("<dt>Bucket</dt><dd><bdi>examplebucket</bdi></dd>"),
    );
    assert.ok(page.includes("<dt>Domain</dt><dd>static.example.com</dd>"));
    assert.ok(
      page.includes(
        '<dt>Signed at</dt><dd><time datetime="2026-11-28T09:00:00.000Z">2026-11-28 09:00 UTC</time></dd>',
      ),
    );
    assert.ok(page.includes("<dt>Links</dt><dd>8</dd>"));
  });
  await t.step("the earliest expiry, absolute and relative", () => {
    assert.ok(
      page.includes(
        '<dt>Earliest expiry</dt><dd><time datetime="2026-11-28T09:01:30.000Z">2026-11-28 09:01:30 UTC</time> <span class="m">1 min 30 s after signing</span></dd>',
      ),
    );
  });
  await t.step("an empty batch", () => {
    const empty = formatHtml(batchOf([]));
    assert.ok(empty.includes("<dt>Links</dt><dd>0</dd>"));
    assert.ok(empty.includes("<dt>Domains</dt><dd>none</dd>"));
    assert.ok(empty.includes("<dt>Earliest expiry</dt><dd>none</dd>"));
    assert.ok(empty.includes("<tbody>\n</tbody>"));
  });
  await t.step("more than five domains", () => {
    const links = Array.from(
      { length: 7 },
      (_, i) =>
        sampleLink(`https://d${i}.example`, {
          key: "a.txt",
          seconds: 60,
          disposition: "attachment",
        }),
    );
    assert.ok(
      formatHtml(batchOf(links)).includes(
        "<dd>d0.example, d1.example, d2.example, d3.example, d4.example and 2 more</dd>",
      ),
    );
  });
});

Deno.test("formatHtml() flags hidden and direction characters in names", () => {
  const page = formatHtml(batchOf([
    sampleLink("https://a.example", {
      id: "invoice\u202Etxt.exe",
      key: "a\u200Bb\uFEFF.txt",
      seconds: 60,
      disposition: "attachment",
    }),
  ]));
  assert.ok(page.includes("<bdi>invoice\u202Etxt.exe</bdi>"));
  assert.ok(
    page.includes(
      '<span class="w">Hidden characters: U+202E, U+200B, U+FEFF</span>',
    ),
  );
});

Deno.test("formatHtml() stays under 1.5 KB of markup per link beyond its URL at 10,000 links", () => {
  const links = Array.from({ length: 10_000 }, (_, i) =>
    ({
      ...sampleLink("https://static.example.com", {
        key: `photos/2026/第${i}号 holiday photo.jpg`,
        seconds: 1800,
        disposition: i % 2 === 0 ? "inline" : "attachment",
        ...(i % 2 === 0 ? { process: "style/thumb" } : {}),
      }),
      url: "https://u/",
    }) satisfies SignedLink);
  const bytes = (batch: SignedBatch) =>
    new TextEncoder().encode(formatHtml(batch)).length;
  const perLink = (bytes(batchOf(links)) - bytes(batchOf([]))) / links.length;
  assert.ok(perLink < 1500, `${perLink} bytes per link`);
});

Deno.test("formatHtmlPieces() gives formatHtml()'s page, its rows in pieces of about 64 K characters", () => {
  const links = Array.from(
    { length: 2345 },
    (_, i) =>
      sampleLink("https://static.example.com", {
        key: `photos/${i}.jpg`,
        seconds: 1800 + i,
        disposition: i % 3 === 0 ? "attachment" : "inline",
      }),
  );
  const pieces = [...formatHtmlPieces(batchOf(links))];
  assert.equal(pieces.join(""), formatHtml(batchOf(links)));
  assert.ok(pieces[0]!.endsWith("<tbody>\n"));
  assert.ok(pieces.at(-1)!.startsWith("</tbody>\n</table>"));
  const rows = pieces.slice(1, -1);
  assert.ok(rows.length > 10, `${rows.length} pieces of rows`);
  for (const [index, piece] of rows.entries()) {
    assert.ok(piece.startsWith("<tr>") && piece.endsWith("</tr>\n"));
    if (index < rows.length - 1) {
      assert.ok(piece.length >= 65536 && piece.length < 65536 + 4096);
    }
  }
  assert.equal(
    rows.reduce((sum, piece) => sum + piece.match(/<tr>/g)!.length, 0),
    2345,
  );
  const empty = [...formatHtmlPieces(batchOf([]))];
  assert.equal(empty.length, 2);
  assert.equal(empty.join(""), formatHtml(batchOf([])));
});

Deno.test("escapeText() and escapeAttr() escape for their context", async (t) => {
  await t.step("text: markup characters and controls", () => {
    assert.equal(escapeText(`<a href="x">&'`), `&lt;a href="x"&gt;&amp;'`);
    assert.equal(
      escapeText("a\u0000b\tc\nd\u007F"),
      "a\u2400b\u2409c\u240Ad\u2421",
    );
    assert.equal(escapeText("\u202E\u200B"), "\u202E\u200B");
  });
  await t.step("attribute: quotes, markup and controls as references", () => {
    assert.equal(escapeAttr(`"<&>'`), "&quot;&lt;&amp;&gt;'");
    assert.equal(escapeAttr("a\rb\u0000"), "a&#13;b&#0;");
  });
  await t.step("both, on random text, as one replace pass each", () => {
    const gen = new Gen(0xe5c);
    const alphabet = [..."a&<>\"'=?%\u0000\r\n\u007F\u202E报"];
    for (let i = 0; i < 2000; i++) {
      const text = gen.text(alphabet, 0, 24);
      assert.equal(
        escapeAttr(text),
        text.replace(
          // deno-lint-ignore no-control-regex
          /[&<>"\u0000-\u001F\u007F]/g,
          (char) =>
            ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[
              char
            ] ?? `&#${char.charCodeAt(0)};`,
        ),
        JSON.stringify(text),
      );
      assert.equal(
        escapeText(text),
        text.replace(
          // deno-lint-ignore no-control-regex
          /[&<>\u0000-\u001F\u007F]/g,
          (char) =>
            ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[char] ??
              String.fromCharCode(
                char === "\u007F" ? 0x2421 : 0x2400 + char.charCodeAt(0),
              ),
        ),
        JSON.stringify(text),
      );
    }
  });
});

Deno.test("httpUrl() accepts only absolute http and https URLs", () => {
  assert.equal(httpUrl("https://a.example/x?y=1")?.host, "a.example");
  assert.equal(httpUrl("HTTP://A.example:80/")?.origin, "http://a.example");
  for (
    const bad of [
      "javascript:x",
      " javascript:x",
      "java\nscript:x",
      "ftp://a/",
      "//a/",
      "a",
      "",
    ]
  ) {
    assert.equal(httpUrl(bad), null, JSON.stringify(bad));
  }
});

Deno.test("httpUrl() gives the URL parser's host and origin, also on its fast path", () => {
  const schemes = ["https", "http", "HTTPS", "ftp", "javascript", "data"];
  const separators = ["://", ":/", ":\\\\", ":", "://user@"];
  const hosts = [
    "examplebucket.oss-cn-hangzhou.aliyuncs.com",
    "a",
    "a-b.c-",
    "-a.b",
    "127.1",
    "127.0.0.1",
    "a.127",
    "0x7f.1",
    "a.0x7f",
    "xn--nxasmq6b.example",
    "xn--zz.example",
    "a..b",
    "a.b.",
    "A.Example",
    "a_b.example",
    "exa mple",
    "[::1]",
    "%41.example",
    "",
  ];
  const ports = [
    "",
    ":",
    ":0",
    ":80",
    ":443",
    ":0443",
    ":8080",
    ":65535",
    ":65536",
    ":99999",
  ];
  const tails = [
    "",
    "/",
    "/a.txt?x=1&y=%2F#f",
    "?q",
    "#f",
    "\\x",
    "@evil.example/",
    " x",
    "/\t/",
    "/é",
  ];
  let checked = 0;
  for (const scheme of schemes) {
    for (const separator of separators) {
      for (const host of hosts) {
        for (const port of ports) {
          for (const tail of tails) {
            const value = `${scheme}${separator}${host}${port}${tail}`;
            let expected: { host: string; origin: string } | null = null;
            try {
              const url = new URL(value);
              if (url.protocol === "https:" || url.protocol === "http:") {
                expected = { host: url.host, origin: url.origin };
              }
            } catch {
              expected = null;
            }
            assert.deepEqual(httpUrl(value), expected, JSON.stringify(value));
            checked++;
          }
        }
      }
    }
  }
  assert.equal(checked, 6 * 5 * 19 * 10 * 10);
});

Deno.test("hiddenCharacters() lists distinct code points in order", () => {
  assert.deepEqual(hiddenCharacters("a\u202Eb", "\u200B\u202E", "plain"), [
    "U+202E",
    "U+200B",
  ]);
  assert.deepEqual(hiddenCharacters("猫 🐈 é"), []);
});

Deno.test("utcText() and afterSigningText() describe instants without the current clock", async (t) => {
  await t.step("utcText", () => {
    assert.equal(utcText("2026-11-28T09:30:00.000Z"), "2026-11-28 09:30 UTC");
    assert.equal(
      utcText("2026-11-28T09:30:05.250Z"),
      "2026-11-28 09:30:05 UTC",
    );
    assert.equal(utcText("2026-11-28T17:30:00+08:00"), "2026-11-28 09:30 UTC");
    assert.equal(utcText("soon"), "soon");
  });
  await t.step("afterSigningText", () => {
    const at = (seconds: number) =>
      afterSigningText(
        SIGNED_AT,
        new Date(Date.parse(SIGNED_AT) + seconds * 1000).toISOString(),
      );
    assert.equal(at(1800), "30 min after signing");
    assert.equal(at(5400), "1 h 30 min after signing");
    assert.equal(at(86_400), "1 day after signing");
    assert.equal(at(604_800), "7 days after signing");
    assert.equal(at(86_400 + 300), "1 day 5 min after signing");
    assert.equal(at(90), "1 min 30 s after signing");
    assert.equal(at(0.5), "at signing");
    assert.equal(at(-60), "1 min before signing");
    assert.equal(afterSigningText(SIGNED_AT, "never"), null);
  });
});

Deno.test("formatHtml() with live adds exactly one script, allowed by its hash only", () => {
  const page = formatHtml(sampleBatch(), { live: true });
  const scripts = [...page.matchAll(/<script>([^]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  const hash = createHash("sha256").update(scripts[0]?.[1] ?? "").digest(
    "base64",
  );
  const policy = csp(page);
  assert.equal(policy.get("default-src"), "'none'");
  assert.equal(policy.get("script-src"), `'sha256-${hash}'`);
  assert.doesNotMatch(page, /unsafe-inline|unsafe-eval|\son[a-z]+=/);
  assert.ok(
    page.includes('<dt>Now</dt><dd><span id="live">unknown</span></dd>'),
  );
  assert.ok(page.includes("This page runs one small script"));
  const plain = formatHtml(sampleBatch());
  assert.doesNotMatch(plain, /<script|id="live"/);
  assert.ok(plain.includes("This page runs no scripts"));
});

Deno.test("formatHtml() shows times in options.timeZone, named, with UTC datetime attributes", () => {
  const page = formatHtml(sampleBatch(), { timeZone: "asia/shanghai" });
  assert.ok(
    page.includes(
      '<dt>Signed at</dt><dd><time datetime="2026-11-28T09:00:00.000Z">2026-11-28 17:00 Asia/Shanghai</time></dd>',
    ),
  );
  assert.ok(
    page.includes(
      '<time datetime="2026-11-28T09:01:30.000Z">2026-11-28 17:01:30 Asia/Shanghai</time>',
    ),
  );
  assert.ok(!page.includes(" UTC<"), "no time left in UTC");
  assert.equal(
    formatHtml(sampleBatch(), { timeZone: "UTC" }),
    formatHtml(sampleBatch()),
    "UTC is the default",
  );
  // Behind UTC: the offset goes the other way.
  assert.ok(
    formatHtml(sampleBatch(), { timeZone: "America/New_York" }).includes(
      ">2026-11-28 04:00 America/New_York</time></dd>",
    ),
  );
});

Deno.test("formatHtml() refuses a time zone the runtime does not know", () => {
  for (const zone of ["Mars/Olympus_Mons", "", "Asia/Shanghai "]) {
    assert.throws(
      () => formatHtml(sampleBatch(), { timeZone: zone }),
      RangeError,
      JSON.stringify(zone),
    );
  }
});

Deno.test("timeZoneName() and zonedText() name and format zones", () => {
  assert.equal(timeZoneName("utc"), "UTC");
  assert.equal(timeZoneName("europe/berlin"), "Europe/Berlin");
  assert.equal(timeZoneName("Asia/Kolkata"), "Asia/Kolkata", "as given");
  assert.equal(timeZoneName("Nowhere/Nothing"), null);
  assert.equal(timeZoneName(" "), null);
  assert.equal(
    zonedText("2026-11-28T09:30:05Z", "Asia/Shanghai"),
    "2026-11-28 17:30:05 Asia/Shanghai",
  );
  assert.equal(
    zonedText("2026-07-01T00:00:00Z", "Europe/Berlin"),
    "2026-07-01 02:00 Europe/Berlin",
    "summer time",
  );
  assert.equal(
    zonedText("2026-11-28T09:30:00Z", "UTC"),
    "2026-11-28 09:30 UTC",
  );
  assert.equal(zonedText("soon", "Asia/Shanghai"), "soon");
});

Deno.test("formatHtml() lets names break after each slash, text unchanged, escaping first", () => {
  const page = formatHtml(batchOf([
    sampleLink("https://a.example", {
      id: "</bdi>/x",
      key: "reports/2026/Q3 报告.pdf",
      seconds: 60,
      disposition: "attachment",
      filename: "a/b.pdf",
    }),
  ]));
  assert.ok(page.includes("<bdi>&lt;/<wbr>bdi&gt;/<wbr>x</bdi>"));
  assert.ok(
    page.includes('<bdi class="m">reports/<wbr>2026/<wbr>Q3 报告.pdf</bdi>'),
  );
  assert.ok(page.includes("saves as <bdi>a/<wbr>b.pdf</bdi>"));
  assert.ok(page.includes('download="a/b.pdf"'), "attributes stay verbatim");
  assert.ok(!page.includes("<img"), "an attachment has no preview");
});

Deno.test("formatHtml() has a card layout below 768 px and a print style sheet", () => {
  const style =
    /<style>([^]*?)<\/style>/.exec(formatHtml(sampleBatch()))?.[1] ?? "";
  assert.match(style, /@media \(max-width:767\.98px\)\{[^]*tr\{display:grid;/);
  assert.match(style, /@media print\{[^]*\.cl,\.l\{display:none\}/);
  assert.match(style, /@media \(prefers-color-scheme:dark\)/);
  assert.ok(
    style.indexOf("@media print") > style.indexOf("prefers-color-scheme:dark"),
    "print colours win over the dark theme",
  );
});

Deno.test("formatHtml() uses options.title for the title and heading, else Signed links", () => {
  const page = formatHtml(sampleBatch(), { title: "Q3 deliverables" });
  assert.ok(page.includes("<title>Q3 deliverables: examplebucket (8)</title>"));
  assert.ok(page.includes("<h1>Q3 deliverables</h1>"));
  assert.ok(formatHtml(sampleBatch()).includes("<h1>Signed links</h1>"));
});
