/**
 * `--color=auto|always|never`, which every command takes, and whether the
 * report is coloured: the flag, else `NO_COLOR` and `FORCE_COLOR`, else
 * whether stderr is a terminal.
 *
 * @module
 */
import type { FlagSpec } from "./flag_spec.ts";
import type { CliIo } from "./io.ts";

/** The values of `--color`. */
export const COLOR_CHOICES = ["auto", "always", "never"] as const;
/** One value of `--color`. */
export type ColorChoice = typeof COLOR_CHOICES[number];

/** The flag definition of `--color`, for every command. */
export const COLOR_FLAG: Readonly<Record<string, FlagSpec>> = {
  color: { type: "string" },
};

/** The help line of `--color` for the commands that colour the report. */
export const COLOR_HELP =
  `  --color auto|always|never          Colour the pretty report on stderr (default
                                     auto: on a terminal, unless NO_COLOR is
                                     set; FORCE_COLOR=1 forces it, 0 stops it)
`;

/**
 * Decides whether to colour text written to stderr. `--color always` and
 * `never` decide alone; under `auto`, a non-empty `NO_COLOR` turns colour
 * off (no-color.org), then a non-empty `FORCE_COLOR` turns it on, or off
 * when it is `0` or `false` (as Node.js and chalk read it); without either,
 * stderr being a terminal decides. The variables are read only under
 * `auto`.
 *
 * @param choice The `--color` value.
 * @param io The process IO, for the environment and the terminal.
 * @returns Whether to colour.
 */
export function colorsStderr(choice: ColorChoice, io: CliIo): boolean {
  if (choice !== "auto") return choice === "always";
  const noColor = io.env("NO_COLOR");
  if (noColor !== undefined && noColor !== "") return false;
  const force = io.env("FORCE_COLOR");
  if (force !== undefined && force !== "") {
    return !/^(?:0|false)$/i.test(force);
  }
  return io.stderrIsTerminal;
}
