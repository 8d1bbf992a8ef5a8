/**
 * Findings on huge values: a megabyte-long single-line manifest gives a
 * report of a few hundred bytes, with the code frame cut to a window around
 * the finding (the caret still under it) and quoted values shortened.
 */
import assert from "node:assert/strict";
import type { Diagnostic } from "../../src/diagnostic.ts";
import { formatPretty } from "../../src/report/pretty.ts";
import { boundQuotes } from "../../src/text/bound_quotes.ts";
import { displayWidth } from "../../src/text/display_width.ts";
import { LineIndex } from "../../src/yaml/line_index.ts";
import { runCli } from "../_fake_io.ts";

const HUGE = 1_000_000;

/** The code frame's source line and caret line of a one-finding report. */
function frame(report: string): { source: string; caret: string } {
  const lines = report.split("\n");
  const source = lines.find((line) => /^\d+ \| /.test(line)) ?? "";
  const caret = lines[lines.indexOf(source) + 1] ?? "";
  return {
    source: source.replace(/^\d+ \| /, ""),
    caret: caret.replace(/^ +\| /, ""),
  };
}

/** The text the caret line underlines in the source line, by display columns. */
function underlined(source: string, caret: string): string {
  const start = caret.indexOf("^");
  const width = caret.slice(start).search(/ |$/);
  let column = 0;
  let out = "";
  for (const char of source) {
    if (column >= start && column < start + width) out += char;
    column += displayWidth(char);
  }
  return out;
}

Deno.test("validate on a 1 MB single line prints a bounded report", async (t) => {
  const manifest =
    `version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\n` +
    `objects: [{key: ${
      "k".repeat(HUGE)
    }, disposition: sideways}, {key: b.txt, disposition: ${
      "d".repeat(HUGE)
    }}]\n`;
  for (const format of ["pretty", "github", "json", "sarif"]) {
    await t.step(format, async () => {
      const run = await runCli(["validate", "m.yaml", "--report", format], {
        files: { "m.yaml": manifest },
      });
      assert.equal(run.code, 1);
      // SARIF describes every rule (help included) whatever the findings.
      const base = (await runCli(["validate", "m.yaml", "--report", format], {
        files: { "m.yaml": "version: 1\nobjects: []\n" },
      })).stderr.length;
      assert.ok(
        run.stderr.length < base + 40_000,
        `${format}: ${run.stderr.length} bytes`,
      );
      assert.match(run.stderr, /\(1000000 characters\)/);
      if (format === "pretty") {
        // The huge key's own finding (key-invalid) comes first: the schema
        // error beside it no longer hides it.
        const blocks = run.stderr.split("\n\n");
        assert.match(blocks[0]!, /\[key-invalid\]/);
        const first = blocks.find((block) => block.includes("[schema-value]"))!;
        const { source, caret } = frame(first);
        assert.ok(displayWidth(source) <= 100, source);
        assert.match(
          source,
          /^….*, disposition: sideways\}, \{key: b\.txt.*…$/,
        );
        assert.equal(underlined(source, caret), "sideways");
      }
    });
  }
});

Deno.test("formatPretty() windows a long line of wide characters with the caret under the column", () => {
  const line = `${"报".repeat(500)}ERROR${"告".repeat(500)}`;
  const column = 501;
  const diagnostic: Diagnostic = {
    rule: "schema-value",
    severity: "error",
    message: "m",
    file: "f.yaml",
    range: {
      start: { line: 1, column, offset: column - 1 },
      end: { line: 1, column: column + 5, offset: column + 4 },
    },
  };
  const report = formatPretty([diagnostic], {
    sources: new Map([["f.yaml", new LineIndex(line)]]),
  });
  const { source, caret } = frame(report);
  assert.ok(displayWidth(source) <= 100, `${displayWidth(source)} columns`);
  assert.ok(source.startsWith("…") && source.endsWith("…"));
  assert.equal(underlined(source, caret), "ERROR");
});

Deno.test("formatPretty() shows short lines whole", () => {
  const diagnostic: Diagnostic = {
    rule: "schema-value",
    severity: "error",
    message: "m",
    file: "f.yaml",
    range: {
      start: { line: 1, column: 5, offset: 4 },
      end: { line: 1, column: 8, offset: 7 },
    },
  };
  const report = formatPretty([diagnostic], {
    sources: new Map([["f.yaml", new LineIndex("key: abc # a comment")]]),
  });
  assert.deepEqual(frame(report), {
    source: "key: abc # a comment",
    caret: "    ^~~ error",
  });
});

Deno.test("boundQuotes() cuts long quoted values only, keeping surrogate pairs whole", () => {
  assert.equal(
    boundQuotes(`short "${"a".repeat(120)}"`),
    `short "${"a".repeat(120)}"`,
  );
  const emoji = "😀".repeat(200);
  const cut = boundQuotes(`key "${emoji}" and "ok"`);
  assert.match(cut, /^key "(😀)+…(😀)+" \(400 characters\) and "ok"$/u);
  assert.doesNotMatch(cut, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
});

Deno.test("a megabyte-long style undeclared next to another is reported without comparing them", async () => {
  const big = (c: string) => c.repeat(1_000_000);
  const manifest =
    `version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nstyles: [${
      big("a")
    }]\nobjects: [{key: a.jpg, style: ${big("b")}}]\n`;
  const run = await runCli(["validate", "m.yaml"], {
    files: { "m.yaml": manifest },
  });
  assert.equal(run.code, 1);
  assert.ok(run.stderr.length < 4_000, `${run.stderr.length} bytes`);
  assert.match(run.stderr, /\[style-undeclared\]/);
});
