/**
 * The human report: `file:line:col: message [rule]` and a code frame.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostic.ts";
import { displayWidth } from "../text/display_width.ts";
import type { LineIndex } from "../yaml/line_index.ts";
import { replaceUnprintable } from "../text/unprintable.ts";

/** Options of {@linkcode formatPretty}. */
export interface PrettyOptions {
  /** Each file's line index, for code frames. */
  readonly sources?: ReadonlyMap<string, LineIndex>;
  /** Use ANSI colours. @default {false} */
  readonly color?: boolean;
}

const ANSI = {
  bold: "\x1b[1m",
  red: "\x1b[31m",
  yellow: "\x1b[33m",
  blue: "\x1b[34m",
  dim: "\x1b[2m",
  reset: "\x1b[0m",
};

/** The widest source text a code frame shows, in terminal columns. */
const FRAME_WIDTH = 100;
/** How many code points of context a cut frame keeps before the column. */
const CONTEXT_BEFORE = 30;

/** A code frame's text and the 1-based code point columns it marks. */
interface FrameText {
  readonly text: string;
  readonly column: number;
  readonly end: number;
}

/**
 * Cuts a long line to a window of at most {@linkcode FRAME_WIDTH} columns
 * around `column`, with `…` where text was cut, so that a finding on a
 * 20 MB single-line manifest prints a line, not the file. Works on UTF-16
 * offsets found by one scan, never on an array of the whole line.
 */
function frameWindow(text: string, column: number, end: number): FrameText {
  if (text.length * 2 <= FRAME_WIDTH || displayWidth(text) <= FRAME_WIDTH) {
    return { text, column, end };
  }
  const from = Math.max(0, column - 1 - CONTEXT_BEFORE);
  let offset = 0;
  for (let point = 0; point < from && offset < text.length; point++) {
    offset += text.codePointAt(offset)! > 0xffff ? 2 : 1;
  }
  const lead = from > 0 ? "…" : "";
  let width = lead.length;
  let taken = "";
  let count = 0;
  // Every character is at least 1 column wide, bar combining marks.
  for (const char of text.slice(offset, offset + 4 * FRAME_WIDTH)) {
    const next = displayWidth(char);
    if (width + next > FRAME_WIDTH - 1) break;
    taken += char;
    width += next;
    count++;
  }
  const cut = offset + taken.length < text.length;
  const shift = from - lead.length;
  return {
    text: `${lead}${taken}${cut ? "…" : ""}`,
    column: column - shift,
    end: Math.min(end, from + count + 1) - shift,
  };
}

function codeFrame(
  diagnostic: Diagnostic,
  lines: LineIndex,
  paint: (code: string, text: string) => string,
): string[] {
  const range = diagnostic.range;
  if (range === undefined) return [];
  const { line } = range.start;
  const whole = diagnostic.sensitive
    ? "(line hidden: it may hold a secret)"
    : replaceUnprintable(lines.lineText(line));
  const { text, column, end } = frameWindow(
    whole,
    range.start.column,
    range.end.line === line ? range.end.column : Number.MAX_SAFE_INTEGER,
  );
  // Columns are code points; the terminal needs display widths.
  const chars = [...text];
  const indent = displayWidth(chars.slice(0, column - 1).join(""));
  const width = diagnostic.sensitive
    ? 1 // not even the length of the secret
    : Math.max(
      1,
      displayWidth(
        chars.slice(column - 1, Math.min(end, chars.length + 1) - 1).join(""),
      ),
    );
  const gutter = " ".repeat(String(line).length);
  const colour = diagnostic.severity === "error" ? ANSI.red : ANSI.yellow;
  return [
    paint(ANSI.blue, `${gutter} |`),
    `${paint(ANSI.blue, `${line} |`)} ${text}`,
    `${paint(ANSI.blue, `${gutter} |`)} ${
      diagnostic.sensitive ? "" : " ".repeat(indent)
    }${paint(colour, `^${"~".repeat(width - 1)} ${diagnostic.severity}`)}`,
  ];
}

/**
 * Formats diagnostics for people, one block per finding.
 *
 * @example With code frames
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { formatPretty } from "@osslinks/osslinks/report";
 *
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt, expires: 0s}]\n";
 * const { diagnostics, lines } = validateManifest(new TextEncoder().encode(text), {
 *   file: "links.yaml",
 *   now: new Date("2026-11-28T09:00:00Z"),
 * });
 * const report = formatPretty(diagnostics, { sources: new Map([["links.yaml", lines!]]) });
 * if (!report.includes("3 | objects: [{key: a.txt, expires: 0s}]") || !report.includes("^~ error")) {
 *   throw new Error(report);
 * }
 * ```
 *
 * @param diagnostics The findings, already sorted.
 * @param options Sources for code frames, and colour.
 * @returns The report text, LF-terminated, or `""` for no findings.
 */
export function formatPretty(
  diagnostics: readonly Diagnostic[],
  options: PrettyOptions = {},
): string {
  const paint = (code: string, text: string) =>
    options.color ? `${code}${text}${ANSI.reset}` : text;
  const blocks = diagnostics.map((diagnostic) => {
    const where = diagnostic.range
      ? `${diagnostic.file}:${diagnostic.range.start.line}:${diagnostic.range.start.column}`
      : diagnostic.file;
    const lines = [
      `${paint(ANSI.bold, `${where}:`)} ${
        replaceUnprintable(diagnostic.message)
      } ${paint(ANSI.dim, `[${diagnostic.rule}]`)}`,
    ];
    const source = options.sources?.get(diagnostic.file);
    const range = diagnostic.range;
    const framed = source !== undefined && range !== undefined;
    // Without a frame, the severity stands on its own line.
    if (framed) lines.push(...codeFrame(diagnostic, source, paint));
    else lines.push(`  ${diagnostic.severity}`);
    if (diagnostic.hint !== undefined) {
      // "=" under the frame's "|", whatever the width of the line number.
      const indent = " ".repeat(
        framed ? String(range.start.line).length + 1 : 2,
      );
      lines.push(
        `${indent}${paint(ANSI.blue, "=")} hint: ${
          replaceUnprintable(diagnostic.hint)
        }`,
      );
    }
    return lines.join("\n") + "\n";
  });
  return blocks.join("\n");
}
