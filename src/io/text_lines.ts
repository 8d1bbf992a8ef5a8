/**
 * Lines of a UTF-8 text read in chunks, so that a file of a million lines is
 * never one string or one array.
 *
 * @module
 */

/** One line of a text, without its LF. */
export interface TextLine {
  /** The line (a trailing CR is kept: CRLF handling is the reader's). */
  readonly text: string;
  /** The 1-based line number. */
  readonly number: number;
  /** The UTF-16 offset of the line's start in the whole text. */
  readonly offset: number;
}

/**
 * A text that is not UTF-8, with the line where the bad bytes are.
 *
 * @example Usage
 * ```ts
 * import { NotUtf8Error, textLineBatches } from "@osslinks/osslinks/sign";
 *
 * const bytes = new Uint8Array([0x61, 0x0a, 0xff, 0x0a]); // "a\n", then a byte no UTF-8 text has
 * const error = await Array.fromAsync(textLineBatches([bytes])).catch((error) => error);
 * if (!(error instanceof NotUtf8Error) || error.line !== 2) {
 *   throw new Error("the bad byte is on line 2");
 * }
 * ```
 */
export class NotUtf8Error extends Error {
  /** The 1-based line that holds the first bad byte. */
  readonly line: number;

  /**
   * Makes the error for a line.
   *
   * @param line The 1-based line of the first bad byte.
   */
  constructor(line: number) {
    super(`line ${line} is not UTF-8`);
    this.name = "NotUtf8Error";
    this.line = line;
  }
}

/**
 * Splits UTF-8 chunks into lines. A leading BOM is dropped; a last line
 * without LF is a line too (an empty one is not).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { textLines } from "@osslinks/osslinks/sign";
 *
 * const bytes = new TextEncoder().encode("a\r\nb\nc");
 * const lines = [];
 * for await (const line of textLines([bytes.subarray(0, 2), bytes.subarray(2)])) {
 *   lines.push(line.text);
 * }
 * assert.deepEqual(lines, ["a\r", "b", "c"]);
 * ```
 *
 * @param chunks The bytes, in any chunk sizes.
 * @returns The lines, one by one.
 * @throws {NotUtf8Error} When the bytes are not UTF-8.
 */
export async function* textLines(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<TextLine> {
  for await (const lines of textLineBatches(chunks)) yield* lines;
}

/**
 * {@linkcode textLines}, a chunk's lines at a time: one step per chunk
 * rather than per line, for files of millions of lines.
 *
 * @example Usage
 * ```ts
 * import { textLineBatches } from "@osslinks/osslinks/sign";
 *
 * const chunks = [new TextEncoder().encode("a.txt\nb."), new TextEncoder().encode("txt\nc.txt")];
 * const batches: string[][] = [];
 * for await (const lines of textLineBatches(chunks)) {
 *   batches.push(lines.map((line) => `${line.number}:${line.text}`));
 * }
 * if (JSON.stringify(batches) !== '[["1:a.txt"],["2:b.txt"],["3:c.txt"]]') {
 *   throw new Error(JSON.stringify(batches));
 * }
 * ```
 *
 * @param chunks The bytes, in any chunk sizes.
 * @returns The lines of each chunk (a chunk without a line break gives none).
 * @throws {NotUtf8Error} When the bytes are not UTF-8.
 */
export async function* textLineBatches(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<TextLine[]> {
  // LF never occurs inside a UTF-8 sequence: the bytes up to a chunk's last
  // LF decode on their own, in one call.
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let parts: Uint8Array[] = [];
  let number = 1;
  let offset = 0;
  const decode = (bytes: Uint8Array): string => {
    try {
      return decoder.decode(bytes);
    } catch {
      // Find the line with the bad byte, one line at a time.
      let at = 0;
      for (let line = number;; line++) {
        const lf = bytes.indexOf(0x0a, at);
        const end = lf === -1 ? bytes.length : lf;
        try {
          decoder.decode(bytes.subarray(at, end));
        } catch {
          throw new NotUtf8Error(line);
        }
        at = end + 1;
      }
    }
  };
  const linesOf = (text: string, last: boolean): TextLine[] => {
    if (number === 1 && text.startsWith("\uFEFF")) text = text.slice(1);
    const lines: TextLine[] = [];
    let start = 0;
    for (
      let lf = text.indexOf("\n");
      lf !== -1;
      lf = text.indexOf("\n", start)
    ) {
      lines.push({ text: text.slice(start, lf), number: number++, offset });
      offset += lf - start + 1;
      start = lf + 1;
    }
    if (last && start < text.length) {
      lines.push({ text: text.slice(start), number: number++, offset });
    }
    return lines;
  };
  for await (const chunk of chunks) {
    const lastLf = chunk.lastIndexOf(0x0a);
    if (lastLf === -1) {
      parts.push(chunk.slice());
      continue;
    }
    const head = chunk.subarray(0, lastLf + 1);
    const lines = linesOf(
      decode(parts.length === 0 ? head : join([...parts, head])),
      false,
    );
    parts = lastLf + 1 < chunk.length ? [chunk.slice(lastLf + 1)] : [];
    yield lines;
  }
  if (parts.length > 0) yield linesOf(decode(join(parts)), true);
}

function join(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
