/**
 * Offsets to 1-based lines and columns.
 *
 * @module
 */
import type { Position, Range } from "../diagnostic.ts";

/** Maps UTF-16 offsets of a text to 1-based line and code-point column. */
export class LineIndex {
  readonly #text: string;
  readonly #lineStarts: number[] = [0];

  /**
   * Indexes the line starts of a text (LF, CRLF or CR line breaks).
   *
   * @param text The source text.
   */
  constructor(text: string) {
    this.#text = text;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10) this.#lineStarts.push(i + 1);
      else if (code === 13 && text.charCodeAt(i + 1) !== 10) {
        this.#lineStarts.push(i + 1);
      }
    }
  }

  /**
   * Finds the position of an offset.
   *
   * @param offset A 0-based UTF-16 offset; clamped to the text.
   * @returns The 1-based line and code-point column.
   */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.#text.length));
    let low = 0;
    let high = this.#lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#lineStarts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    const lineStart = this.#lineStarts[low]!;
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
    const start = this.#lineStarts[line - 1];
    if (start === undefined) return "";
    const next = this.#lineStarts[line];
    const raw = this.#text.slice(start, next ?? this.#text.length);
    return raw.replace(/\r?\n$|\r$/, "");
  }
}
