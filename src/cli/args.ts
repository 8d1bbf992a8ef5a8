/**
 * Flag parsing on `node:util` `parseArgs` from a command's spec, with every
 * mistake a {@linkcode UsageError}, and the report flags the linting
 * commands share.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { parseIsoTime } from "../manifest/expires.ts";
import { closest } from "../text/closest.ts";
import { COLOR_CHOICES, type ColorChoice } from "./color.ts";
import { REPORT_FORMATS, type ReportSettings } from "./report.ts";
import type { CliIo } from "./io.ts";
import { type CommandSpec, type FlagDef, parserOptions } from "./spec.ts";
import { UsageError } from "./usage_error.ts";
import { describeFsError } from "./fs_error.ts";

export { describeFsError };

/** `--report`, which every linting command takes. */
export const REPORT_FLAG: FlagDef = {
  name: "report",
  type: "string",
  choices: REPORT_FORMATS,
  default: "pretty; github under GitHub Actions",
  help: "Report format on stderr",
};

/** `--report-file FILE`. */
export const REPORT_FILE_FLAG: FlagDef = {
  name: "report-file",
  type: "string",
  value: "FILE",
  help:
    "Write the report to FILE, atomically; stderr then gets only the summary line",
};

/** `--sarif-root DIR`. */
export const SARIF_ROOT_FLAG: FlagDef = {
  name: "sarif-root",
  type: "string",
  value: "DIR",
  default: "the working folder",
  help: "sarif: artifact URIs are relative to DIR",
};

/** `--fail-on error|warning`; each command words what failing does. */
export const FAIL_ON_FLAG: FlagDef = {
  name: "fail-on",
  type: "string",
  choices: ["error", "warning"],
  default: "error",
  help: "Lowest severity that fails",
};

/** Parsed flags and positional arguments. */
export interface ParsedArgs {
  /** Flag values by name. */
  readonly values: Readonly<
    Record<string, string | boolean | (string | boolean)[] | undefined>
  >;
  /** The positional arguments. */
  readonly positionals: readonly string[];
}

/**
 * Parses a command's arguments strictly.
 *
 * @param args The arguments after the command name.
 * @param spec The command, whose flags (and `-h`) are the ones accepted.
 * @returns The values and positionals.
 * @throws {UsageError} For an unknown flag, a missing value or a value on a
 *   boolean flag, with a "did you mean" where one fits.
 */
export function parseCommandArgs(
  args: readonly string[],
  spec: CommandSpec,
): ParsedArgs {
  const options = parserOptions(spec);
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
    if (unknown) {
      const name = unknown[1]!.replace(/^-+/, "");
      const suggestion = closest(name, Object.keys(options));
      throw new UsageError(
        `Unknown flag "${unknown[1]}"${
          suggestion ? `: did you mean "--${suggestion}"?` : ""
        }`,
      );
    }
    // node:util words the other mistakes in its own style; say them in ours.
    const missing =
      /^Option '(?:-\w, )?(-{1,2}[^' ]+)(?: <value>)?' argument missing/
        .exec(message);
    if (missing) throw new UsageError(`Missing value for "${missing[1]}"`);
    const extra = /^Option '(?:-\w, )?(-{1,2}[^' ]+)' does not take an argument/
      .exec(
        message,
      );
    if (extra) throw new UsageError(`Flag "${extra[1]}" takes no value`);
    throw new UsageError(message.replace(/\.$/, ""));
  }
}

/**
 * Reads `--report`, `--report-file`, `--sarif-root`, `--fail-on` and
 * `--color`; the report defaults to `github` under GitHub Actions and
 * `pretty` elsewhere.
 *
 * @param values The parsed flags.
 * @param io The process IO, for `GITHUB_ACTIONS`.
 * @returns The report settings.
 * @throws {UsageError} For a value outside the allowed ones.
 */
export function reportSettings(
  values: ParsedArgs["values"],
  io: CliIo,
): ReportSettings {
  const report = values["report"];
  const failOn = values["fail-on"] ?? "error";
  const format = report === undefined
    ? (io.env("GITHUB_ACTIONS") === "true" ? "github" : "pretty")
    : parseChoiceFlag("report", String(report), { allowed: REPORT_FORMATS });
  if (failOn !== "error" && failOn !== "warning") {
    throw new UsageError(
      `Invalid --fail-on "${failOn}": expected "error" or "warning"`,
    );
  }
  const sarifRoot = values["sarif-root"];
  if (typeof sarifRoot === "string") {
    if (format !== "sarif") {
      throw new UsageError(
        "Flag --sarif-root is for --report sarif: the other reports name files as given",
      );
    }
    if (sarifRoot === "") throw new UsageError('Invalid --sarif-root ""');
  }
  const file = values["report-file"];
  if (file === "" || file === "-") {
    throw new UsageError(
      `Invalid --report-file "${file}": expected a file (without it, the report goes to stderr)`,
    );
  }
  const color = parseColorFlag(values);
  return {
    format,
    failOn,
    color,
    ...(typeof file === "string" ? { file } : {}),
    ...(typeof sarifRoot === "string" ? { sarifRoot } : {}),
  };
}

/**
 * Reads `--color`, which every command takes (those that print no colour
 * check it all the same, so that a script may pass it to any command).
 *
 * @param values The parsed flags.
 * @returns The choice; `auto` without the flag.
 * @throws {UsageError} For a value other than `auto`, `always` or `never`.
 */
export function parseColorFlag(values: ParsedArgs["values"]): ColorChoice {
  const value = values["color"];
  return typeof value === "string"
    ? parseChoiceFlag("color", value, { allowed: COLOR_CHOICES })
    : "auto";
}

/** Options of {@linkcode parseChoiceFlag}. */
export interface ChoiceFlagOptions<T extends string> {
  /** The values the flag accepts, in the order the message lists them. */
  readonly allowed: readonly T[];
}

/**
 * Checks a flag's value against the values it accepts.
 *
 * @typeParam T The accepted values.
 * @param flag The flag name, for the message.
 * @param value The flag value.
 * @param options The accepted values.
 * @returns The value, typed.
 * @throws {UsageError} For any other value, listing the accepted ones, with
 *   a "did you mean" where one fits (`JSON` for `json`).
 */
export function parseChoiceFlag<T extends string>(
  flag: string,
  value: string,
  options: ChoiceFlagOptions<T>,
): T {
  const { allowed } = options;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const suggestion = closest(value, allowed);
  throw new UsageError(
    `Invalid --${flag} "${value}": expected one of ${
      allowed.map((name) => `"${name}"`).join(", ")
    }${suggestion === undefined ? "" : `; did you mean "${suggestion}"?`}`,
  );
}

/**
 * Parses a time flag (`--now`, `--token-expires`): ISO 8601 with a zone.
 *
 * @param flag The flag name, for the message.
 * @param value The flag value.
 * @returns The time.
 * @throws {UsageError} For anything but an ISO 8601 time with a zone.
 */
export function parseTimeFlag(flag: string, value: string): Date {
  const parsed = parseIsoTime(value);
  if (parsed.kind !== "time") {
    throw new UsageError(
      parsed.kind === "no-such-time"
        ? `Invalid --${flag} "${value}": no such time`
        : `Invalid --${flag} "${value}": expected an ISO 8601 time with a zone, for example "2026-11-28T09:00:00Z"`,
    );
  }
  return parsed.time;
}

/**
 * Parses a positive whole-number flag.
 *
 * @param flag The flag name, for the message.
 * @param value The flag value.
 * @returns The number.
 * @throws {UsageError} For anything but a positive whole number.
 */
export function parsePositiveIntegerFlag(flag: string, value: string): number {
  if (
    !/^\d+$/.test(value) || Number(value) <= 0 ||
    !Number.isSafeInteger(Number(value))
  ) {
    throw new UsageError(
      `Invalid --${flag} "${value}": expected a positive whole number`,
    );
  }
  return Number(value);
}

/**
 * Reads the manifest argument: a file, or standard input for `-`.
 *
 * @param io The process IO.
 * @param path The argument.
 * @returns The bytes and the name diagnostics use.
 * @throws {UsageError} When the file cannot be read.
 */
export async function readManifestInput(
  io: CliIo,
  path: string,
): Promise<{ bytes: Uint8Array; file: string }> {
  if (path === "-") return { bytes: await io.readStdin(), file: "<stdin>" };
  try {
    return { bytes: await io.readFile(path), file: path };
  } catch (error) {
    throw new UsageError(
      `Cannot read manifest "${path}": ${describeFsError(error)}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Takes the one positional argument a command needs.
 *
 * @param parsed The parsed arguments.
 * @param what What the argument is, for the message.
 * @returns The argument.
 * @throws {UsageError} When there is none or more than one.
 */
export function onePositional(parsed: ParsedArgs, what: string): string {
  if (parsed.positionals.length !== 1) {
    throw new UsageError(
      parsed.positionals.length === 0
        ? `Missing ${what}`
        : `Too many arguments: expected one ${what}, got ${parsed.positionals.length}`,
    );
  }
  return parsed.positionals[0]!;
}
