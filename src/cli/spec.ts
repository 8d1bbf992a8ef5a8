/**
 * The declarative command-line spec: one {@linkcode CommandSpec} per
 * command, from which the parser options, the help text, the top-level
 * command list, the shell completions and the docs are derived.
 *
 * The parser stays `node:util` `parseArgs`: it is built in (no dependency
 * to vet or update), strict, and takes its options straight from a spec;
 * the npm parsers (commander, yargs, citty) word the help and the errors
 * their own way and complete fewer shells or none, so the messages and exit
 * codes would change for less.
 *
 * @module
 */

/** One flag of a command. */
export interface FlagDef {
  /** The long name, without `--`. */
  readonly name: string;
  /** `boolean` flags take no value; `string` flags take one. */
  readonly type: "string" | "boolean";
  /** May the flag repeat? */
  readonly multiple?: boolean;
  /**
   * The value's name in the help (`FILE`, `N`, `TIME`); a `FILE` or `DIR`
   * value completes as a path. Without it, the choices joined by `|`.
   */
  readonly value?: string;
  /** The fixed values the flag accepts, offered by the completions. */
  readonly choices?: readonly string[];
  /** The default, shown in the help as `(default …)`. */
  readonly default?: string;
  /** What the flag does: one sentence, unwrapped. */
  readonly help: string;
}

/** A titled group of flags in a command's help (`Flags`, `With --live`). */
export interface FlagSection {
  /** The heading, without the colon. */
  readonly title: string;
  /** The flags, in help order. */
  readonly flags: readonly FlagDef[];
}

/** One command of the command line. */
export interface CommandSpec {
  /** The command's name (`sign`). */
  readonly name: string;
  /** What follows the name in the usage line (`<manifest|-> [flags]`). */
  readonly operands: string;
  /** One line for the top-level help and the README's command table. */
  readonly summary: string;
  /**
   * The help's description: paragraphs separated by a blank line; lines
   * that start with a space are kept as written, the rest are reflowed.
   */
  readonly description: string;
  /** The flags, in groups. */
  readonly sections: readonly FlagSection[];
  /** A paragraph after the flags (reflowed like the description). */
  readonly epilogue?: string;
}

/** The `help` flag every command answers, with `-h`. */
export const HELP_FLAG: FlagDef = {
  name: "help",
  type: "boolean",
  help: "Print this help",
};

/**
 * Every flag of a command, in help order, `--help` last.
 *
 * @param spec The command.
 * @returns The flags.
 */
export function specFlags(spec: CommandSpec): FlagDef[] {
  return [...spec.sections.flatMap((section) => section.flags), HELP_FLAG];
}

/**
 * A flag with other help text (a shared flag said for one command).
 *
 * @param flag The shared flag.
 * @param help The command's wording.
 * @param options Another default, or none (`null`).
 * @returns The flag with that help.
 */
export function withHelp(
  flag: FlagDef,
  help: string,
  options: { readonly default?: string | null } = {},
): FlagDef {
  const { default: _dropped, ...rest } = flag;
  const fallback = options.default === undefined
    ? flag.default
    : options.default ?? undefined;
  return {
    ...rest,
    help,
    ...(fallback === undefined ? {} : { default: fallback }),
  };
}

/**
 * The value's name of a string flag, as the help shows it.
 *
 * @param flag The flag.
 * @returns `FILE`, `json|ndjson|csv|html`…; `undefined` for a boolean flag.
 */
export function valueName(flag: FlagDef): string | undefined {
  if (flag.type === "boolean") return undefined;
  return flag.value ?? flag.choices?.join("|") ?? "VALUE";
}

/**
 * Whether a flag's value is a path (its value name is `FILE` or `DIR`).
 *
 * @param flag The flag.
 * @returns `file`, `dir`, or `undefined`.
 */
export function pathKind(flag: FlagDef): "file" | "dir" | undefined {
  return flag.value === "FILE"
    ? "file"
    : flag.value === "DIR"
    ? "dir"
    : undefined;
}

/**
 * The options of `node:util` `parseArgs` for a command: every flag of its
 * spec, and `-h` for `--help`.
 *
 * @param spec The command.
 * @returns The options, by flag name.
 */
export function parserOptions(
  spec: CommandSpec,
): Record<
  string,
  { type: "string" | "boolean"; multiple?: boolean; short?: string }
> {
  const options: Record<
    string,
    { type: "string" | "boolean"; multiple?: boolean; short?: string }
  > = {};
  for (const flag of specFlags(spec)) {
    options[flag.name] = {
      type: flag.type,
      ...(flag.multiple ? { multiple: true } : {}),
      ...(flag.name === "help" ? { short: "h" } : {}),
    };
  }
  return options;
}
