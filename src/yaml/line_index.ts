/**
 * Offsets to 1-based lines and columns.
 *
 * @module
 */
import type { Position, Range } from "../diagnostic.ts";

/**
 * Maps UTF-16 offsets of a text to 1-based line and code-point column.
 *
 * @example Usage
 * ```ts
 * import { LineIndex } from "@osslinks/osslinks";
 *
 * const index = new LineIndex("version: 1\nbucket: x\n");
 * const { line, column } = index.position("version: 1\nbu".length);
 * if (line !== 2 || column !== 3) throw new Error(`${line}:${column}`);
 * ```
 */
export class LineIndex {
  readonly #text: string;
  #lineStarts: number[] | undefined;

  /**
   * Indexes the line starts of a text (LF, CRLF or CR line breaks), on the
   * first question, so that a clean manifest never pays for it.
   *
   * @param text The source text.
   */
  constructor(text: string) {
    this.#text = text;
  }

  #starts(): number[] {
    if (this.#lineStarts !== undefined) return this.#lineStarts;
    const text = this.#text;
    const starts = [0];
    if (!text.includes("\r")) {
      // LF only, the common case: let the engine search.
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) {
        starts.push(i + 1);
      }
    } else {
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === 10) starts.push(i + 1);
        else if (code === 13 && text.charCodeAt(i + 1) !== 10) {
          starts.push(i + 1);
        }
      }
    }
    this.#lineStarts = starts;
    return starts;
  }

  /**
   * Finds the position of an offset.
   *
   * @param offset A 0-based UTF-16 offset; clamped to the text.
   * @returns The 1-based line and code-point column.
   */
  position(offset: number): Position {
    const lineStarts = this.#starts();
    const clamped = Math.max(0, Math.min(offset, this.#text.length));
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    const lineStart = lineStarts[low]!;
    const column = [...this.#text.slice(lineStart, clamped)].length + 1;
    return { line: low + 1, column, offset: clamped };
  }

  /**
   * Builds a range from two offsets.
   *
   * @param start The 0-based start offset.
   * @param end The 0-based exclusive end offset.
   * @returns The range.
   */
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /**
   * Returns the text of a 1-based line, without its line break.
   *
   * @param line The 1-based line number.
   * @returns The line's text, or `""` past the end.
   */
  lineText(line: number): string {
    const lineStarts = this.#starts();
    const start = lineStarts[line - 1];
    if (start === undefined) return "";
    const next = lineStarts[line];
    const raw = this.#text.slice(start, next ?? this.#text.length);
    return raw.replace(/\r?\n$|\r$/, "");
  }
}
