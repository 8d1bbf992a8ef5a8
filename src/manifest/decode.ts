/**
 * Manifest bytes to text: a size limit, strict UTF-8 and the BOM.
 *
 * @module
 */

/** The default largest manifest, in bytes (64 MiB). */
export const DEFAULT_MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** Why manifest bytes cannot be read as text. */
export interface DecodeProblem {
  /** `input-too-large` or `input-encoding`. */
  readonly rule: "input-too-large" | "input-encoding";
  /** What is wrong. */
  readonly message: string;
  /** 1-based line and column of the first bad byte, for `input-encoding`. */
  readonly at?: { readonly line: number; readonly column: number };
}

/** The outcome of {@linkcode decodeManifest}. */
export type DecodeResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly problem: DecodeProblem };

function firstInvalidByte(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  // The longest valid prefix, found by bisection on whole-prefix decoding.
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    try {
      decoder.decode(bytes.subarray(0, middle), { stream: true });
      decoder.decode();
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  return low;
}

/**
 * Decodes manifest bytes as strict UTF-8, dropping a leading BOM.
 *
 * @param bytes The file's bytes.
 * @param maxBytes The largest size accepted.
 * @returns The text, or the problem that prevents it.
 */
export function decodeManifest(
  bytes: Uint8Array,
  maxBytes: number = DEFAULT_MAX_MANIFEST_BYTES,
): DecodeResult {
  if (bytes.length > maxBytes) {
    return {
      ok: false,
      problem: {
        rule: "input-too-large",
        message:
          `The manifest is ${bytes.length} bytes, more than the limit of ${maxBytes} bytes`,
      },
    };
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false })
      .decode(bytes);
    return { ok: true, text };
  } catch {
    const offset = firstInvalidByte(bytes);
    const before = new TextDecoder().decode(bytes.subarray(0, offset));
    const lines = before.split(/\r\n|\r|\n/);
    const line = lines.length;
    const column = [...lines[lines.length - 1]!].length + 1;
    return {
      ok: false,
      problem: {
        rule: "input-encoding",
        message: `The manifest is not UTF-8: byte 0x${
          bytes[offset]!.toString(16).padStart(2, "0")
        } at offset ${offset} is invalid`,
        at: { line, column },
      },
    };
  }
}
