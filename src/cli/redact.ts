/**
 * The last line of defence: the AccessKey secret and the STS token, in
 * every form that would give them away, replaced in whatever the command
 * line writes. Nothing should even try to write them; the one place the
 * token belongs is a signed link `sign` writes, as its `security-token`
 * (V1) or `x-oss-security-token` (V4) parameter.
 *
 * @module
 */
import { CREDENTIAL_VARIABLES } from "./credentials.ts";
import type { CliIo } from "./io.ts";

/** What replaces a secret or token. */
export const REDACTED = "[redacted]";

/** Options of {@linkcode redactingIo}. */
export interface RedactOptions {
  /**
   * Whether the STS token may stay as a signed link's `security-token=` or
   * `x-oss-security-token=` value on stdout and in written files (`sign`).
   * On stderr it never stays.
   */
  readonly tokenInLinks: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Shorter values would match too much to be worth hiding. */
const MIN_LENGTH = 4;

function strictEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function base64(value: string): string {
  const bytes = new TextEncoder().encode(value);
  return btoa(String.fromCharCode(...bytes));
}

/** The forms a value takes in our outputs: raw, URL-encoded, JSON, base64. */
function forms(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    strictEncode(value),
    encodeURIComponent(value).replaceAll("%20", "+"),
    JSON.stringify(value).slice(1, -1),
    base64(value),
  ].filter((form) => form.length >= MIN_LENGTH);
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/** One pattern for every form of every value, longest first. */
function pattern(values: readonly string[], prefix = ""): RegExp | undefined {
  const all = [...new Set(values.flatMap(forms))]
    .sort((a, b) => b.length - a.length);
  if (all.length === 0) return undefined;
  return new RegExp(`${prefix}(?:${all.map(escapeRegExp).join("|")})`, "g");
}

function valuesOf(io: CliIo, names: readonly string[]): string[] {
  return names.map((name) => io.env(name)).filter((value): value is string =>
    value !== undefined && value.length >= MIN_LENGTH
  );
}

/**
 * Wraps the IO so that the AccessKey secret and the STS token of the
 * environment never reach stdout, stderr or a written file.
 *
 * @example Usage
 * ```ts ignore
 * import { redactingIo } from "./redact.ts";
 * const io = redactingIo(denoIo(), { tokenInLinks: command === "sign" });
 * ```
 *
 * @param io The IO to wrap; its `env` gives the values.
 * @param options Where the token may stay.
 * @returns The IO, unchanged when there is nothing to hide.
 */
export function redactingIo(io: CliIo, options: RedactOptions): CliIo {
  const secrets = valuesOf(io, CREDENTIAL_VARIABLES.accessKeySecret);
  const tokens = valuesOf(io, CREDENTIAL_VARIABLES.securityToken);
  const everywhere = pattern([...secrets, ...tokens]);
  if (everywhere === undefined) return io;
  const secret = pattern(secrets);
  // A link's token parameter (the `&amp;` of HTML keeps it).
  const loneToken = pattern(tokens, "(?<!security-token=)");
  const redactAll = (text: string) => text.replace(everywhere, REDACTED);
  const redactData = options.tokenInLinks
    ? (text: string) =>
      [secret, loneToken].reduce(
        (out, regexp) =>
          regexp === undefined ? out : out.replace(regexp, REDACTED),
        text,
      )
    : redactAll;
  // Bytes (signing workers' text) are written as they came unless the
  // string path would change them.
  const redactBytes = (bytes: Uint8Array) => {
    const text = decoder.decode(bytes);
    const redacted = redactData(text);
    return redacted === text ? bytes : encoder.encode(redacted);
  };
  // A page's pieces end at line ends, and no secret spans a line.
  const redactPieces = function* (pieces: Iterable<string>) {
    for (const piece of pieces) yield redactData(piece);
  };
  const redactChunk = (data: string | Uint8Array) =>
    typeof data === "string" ? redactData(data) : redactBytes(data);
  return {
    ...io,
    writeStdout: (data) => io.writeStdout(redactChunk(data)),
    writeStderr: (text) => io.writeStderr(redactAll(text)),
    writeFileAtomic: (path, data) => io.writeFileAtomic(path, redactData(data)),
    openAtomic: async (path) => {
      const file = await io.openAtomic(path);
      return { ...file, write: (data) => file.write(redactChunk(data)) };
    },
    openAtomicFolder: async (path, owns) => {
      const folder = await io.openAtomicFolder(path, owns);
      return {
        ...folder,
        writeFile: (name, text) =>
          folder.writeFile(
            name,
            typeof text === "string" ? redactData(text) : redactPieces(text),
          ),
      };
    },
  };
}
