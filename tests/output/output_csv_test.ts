import assert from "node:assert/strict";
import { formatCsv } from "../../src/output/csv.ts";
import type { SignedBatch, SignedLink } from "../../src/link.ts";
import { assertGolden } from "../_golden.ts";
import { LINK_KEYS, sampleBatch, SIGNED_AT } from "../_output_sample.ts";

/** A strict RFC 4180 reader for the tests: CRLF records, `""` escapes. */
function parseCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  while (i < text.length) {
    let field: string | null;
    if (text[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) {
          throw new SyntaxError("Cannot parse CSV: unterminated quote");
        }
        value += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        value += '"';
        i++;
      }
      field = value;
    } else {
      const end = text.slice(i).search(/,|\r\n/);
      const raw = end === -1 ? text.slice(i) : text.slice(i, i + end);
      if (/["\r\n]/.test(raw)) {
        throw new SyntaxError(
          `Cannot parse CSV: bare quote or line break in "${raw}"`,
        );
      }
      field = raw === "" ? null : raw;
      i += raw.length;
    }
    row.push(field);
    if (text.startsWith(",", i)) {
      i++;
    } else if (text.startsWith("\r\n", i)) {
      i += 2;
      rows.push(row);
      row = [];
    } else {
      throw new SyntaxError(
        `Cannot parse CSV: unexpected "${text[i]}" at ${i}`,
      );
    }
  }
  if (row.length > 0) {
    throw new SyntaxError("Cannot parse CSV: last record has no CRLF");
  }
  return rows;
}

const HEADER = [...LINK_KEYS];

function batchOf(...links: SignedLink[]): SignedBatch {
  return { version: 1, bucket: "b", signedAt: SIGNED_AT, links };
}

Deno.test("formatCsv() matches the golden file for the sample batch", async () => {
  await assertGolden(formatCsv(sampleBatch()), "batch.csv");
});

Deno.test("formatCsv() with escapeFormulas: false round-trips every value through an RFC 4180 reader", () => {
  const batch = sampleBatch();
  const rows = parseCsv(formatCsv(batch, { escapeFormulas: false }));
  assert.deepEqual(rows[0], HEADER);
  assert.equal(rows.length, batch.links.length + 1);
  batch.links.forEach((link, index) => {
    assert.deepEqual(
      rows[index + 1],
      HEADER.map((name) => link[name as keyof SignedLink]),
    );
  });
});

Deno.test("formatCsv() quotes only what needs quoting", async (t) => {
  const base = sampleBatch().links[0] as SignedLink;
  const keyField = (key: string) =>
    formatCsv(batchOf({ ...base, key })).split("\r\n")[1]?.split(",")[1];
  await t.step(
    "plain text is bare",
    () => assert.equal(keyField("a/b.jpg"), "a/b.jpg"),
  );
  await t.step("a quote is doubled inside quotes", () => {
    assert.match(
      formatCsv(batchOf({ ...base, key: 'say "hi"' })),
      /,"say ""hi""",/,
    );
  });
  await t.step("commas, CR, LF and edge spaces are quoted", () => {
    for (const key of ["a,b", "a\rb", "a\nb", " a", "a "]) {
      assert.ok(
        formatCsv(batchOf({ ...base, key })).includes(`,"${key}",`),
        JSON.stringify(key),
      );
    }
  });
  await t.step(
    "null is an empty field and the empty string is a quoted empty field",
    () => {
      const line =
        formatCsv(batchOf({ ...base, filename: null, process: "" })).split(
          "\r\n",
        )[1] ?? "";
      assert.ok(line.endsWith(',inline,,""'), line);
    },
  );
});

Deno.test("formatCsv() ends every record with CRLF, the header first", () => {
  const text = formatCsv(batchOf());
  assert.equal(
    text,
    "id,key,method,url,expiresAt,disposition,filename,process\r\n",
  );
});

Deno.test("formatCsv() by default round-trips every value a spreadsheet would not run", () => {
  const batch = sampleBatch();
  const rows = parseCsv(formatCsv(batch));
  const formula = /^[=+\-@\t\r]/;
  let ordinary = 0;
  batch.links.forEach((link, index) => {
    HEADER.forEach((name, column) => {
      const value = link[name as keyof SignedLink] as string | null;
      if (value !== null && formula.test(value)) return;
      ordinary++;
      assert.equal(rows[index + 1]?.[column], value, `${name} of ${link.id}`);
    });
  });
  assert.ok(ordinary > batch.links.length * 6);
});

Deno.test("formatCsv() neutralises formula starts by default, quoted the OWASP way", () => {
  const text = formatCsv(sampleBatch());
  assert.ok(
    text.includes(
      `\r\n"'=HYPERLINK(""https://evil.example"",""x"")","'=HYPERLINK(`,
    ),
  );
  assert.ok(text.includes(`,attachment,"'-2+3.csv",`));
  assert.deepEqual(
    formatCsv(sampleBatch(), { escapeFormulas: true }),
    text,
    "on by default",
  );
});

Deno.test("formatCsv() with escapeFormulas: false keeps formula-like values exact", () => {
  const text = formatCsv(sampleBatch(), { escapeFormulas: false });
  assert.ok(
    text.includes(
      '\r\n"=HYPERLINK(""https://evil.example"",""x"")","=HYPERLINK(',
    ),
  );
  assert.ok(text.includes(",attachment,-2+3.csv,"));
});

Deno.test("formatCsv() with escapeFormulas prefixes an apostrophe to = + - @ TAB CR starts only", () => {
  const base = sampleBatch().links[0] as SignedLink;
  for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
    const text = formatCsv(batchOf({ ...base, id: `${start}1+1` }), {
      escapeFormulas: true,
    });
    assert.ok(text.includes(`\r\n"'${start}1+1",`), JSON.stringify(start));
    const rows = parseCsv(text);
    assert.equal(rows[1]?.[0], `'${start}1+1`, JSON.stringify(start));
  }
  const rows = parseCsv(formatCsv(sampleBatch(), { escapeFormulas: true }));
  assert.deepEqual(rows[0], HEADER, "the header is never changed");
  assert.equal(rows[1]?.[0], "example.jpg", "other values are untouched");
  assert.equal(
    rows[1]?.[3]?.startsWith("https://"),
    true,
    "URLs are untouched",
  );
  assert.equal(rows[7]?.[6], "'-2+3.csv");
  assert.equal(rows[7]?.[1], `'=HYPERLINK("https://evil.example","x")`);
});

Deno.test("formatCsv() with bom starts with U+FEFF and is otherwise unchanged", () => {
  const batch = sampleBatch();
  assert.equal(formatCsv(batch, { bom: true }), `\uFEFF${formatCsv(batch)}`);
  assert.ok(!formatCsv(batch).startsWith("\uFEFF"));
});
