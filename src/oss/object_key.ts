/**
 * What OSS accepts as an object key, and the control characters that header
 * values (download filenames, response overrides) cannot carry: shared by
 * the key rules and the `list:` file reader.
 *
 * @module
 */

const encoder = new TextEncoder();

/** The longest object key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1023;

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** C0, DEL and C1 controls: what header values (filenames, overrides) refuse. */
// deno-lint-ignore no-control-regex
export const C0_C1_CONTROL: RegExp = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Names the first control character of a text, if any.
 *
 * @param text The text.
 * @param controls What counts as a control: by default C0 and DEL.
 * @returns For example `"U+000A"`, or `undefined`.
 */
export function controlCharacter(
  text: string,
  controls: RegExp = CONTROL,
): string | undefined {
  const control = controls.exec(text);
  return control === null
    ? undefined
    : `U+${
      control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")
    }`;
}

/**
 * Tells what makes an object key invalid for OSS, if anything.
 *
 * @param key The raw key.
 * @param kind `prefix` for a `prefix:` value, which may be `.` or `..`.
 * @returns The reason, or `undefined` for a valid key.
 */
export function keyProblem(
  key: string,
  kind: "key" | "prefix" = "key",
): string | undefined {
  if (key === "") return "the key is empty";
  if (kind === "key" && (key === "." || key === "..")) {
    return `the key is "${key}", which no URL path can carry (URL parsers remove it)`;
  }
  if (!key.isWellFormed()) return "the key has an unpaired surrogate";
  // A UTF-16 unit is at most 3 UTF-8 bytes: only long keys need encoding.
  const bytes = key.length * 3 > MAX_KEY_BYTES ? encoder.encode(key).length : 0;
  if (bytes > MAX_KEY_BYTES) {
    return `the key is ${bytes} UTF-8 bytes, more than ${MAX_KEY_BYTES}`;
  }
  if (key.startsWith("/") || key.startsWith("\\")) {
    return `the key starts with "${key[0]}"`;
  }
  const control = controlCharacter(key);
  if (control !== undefined) {
    return `the key has the control character ${control}`;
  }
  return undefined;
}
