/**
 * Object key checks shared by the key rules.
 *
 * @module
 */

/** The longest object key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1023;

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Tells what makes an object key invalid for OSS, if anything.
 *
 * @param key The raw key.
 * @returns The reason, or `undefined` for a valid key.
 */
export function keyProblem(key: string): string | undefined {
  if (key === "") return "the key is empty";
  if (!key.isWellFormed()) return "the key has an unpaired surrogate";
  const bytes = new TextEncoder().encode(key).length;
  if (bytes > MAX_KEY_BYTES) {
    return `the key is ${bytes} UTF-8 bytes, more than ${MAX_KEY_BYTES}`;
  }
  if (key.startsWith("/") || key.startsWith("\\")) {
    return `the key starts with "${key[0]}"`;
  }
  const control = CONTROL.exec(key);
  if (control !== null) {
    return `the key has the control character U+${
      control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")
    }`;
  }
  return undefined;
}
