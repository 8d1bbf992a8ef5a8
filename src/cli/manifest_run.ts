/**
 * What the commands that validate a manifest share (`validate`, `check`,
 * `snapshot`, `sign`): the manifest flags, reading and validating the
 * manifest, and the final report.
 *
 * @module
 */
import { compareDiagnostics, type Diagnostic } from "../diagnostic.ts";
import { signingTime } from "../oss/signing_time.ts";
import {
  validateManifest,
  type ValidationResult,
} from "../pipeline/validate.ts";
import {
  FAIL_ON_FLAG,
  onePositional,
  parseCommandArgs,
  type ParsedArgs,
  parsePositiveIntegerFlag,
  parseTimeFlag,
  readManifestInput,
  REPORT_FILE_FLAG,
  REPORT_FLAG,
  reportSettings,
  SARIF_ROOT_FLAG,
} from "./args.ts";
import { COLOR_FLAG } from "./color.ts";
import { commandHelp } from "./help.ts";
import { type CommandSpec, type FlagDef, withHelp } from "./spec.ts";
import { DEFAULT_MAX_MANIFEST_BYTES } from "../manifest/decode.ts";
import { tokenExpiry } from "./credentials.ts";
import { ExitCode } from "./exit_code.ts";
import type { CliIo } from "./io.ts";
import { reportDiagnostics, type ReportSettings } from "./report.ts";
import { UsageError } from "./usage_error.ts";

/** `--ignore`, repeatable, each a comma-separated list of rules. */
export const IGNORE_FLAG: FlagDef = {
  name: "ignore",
  type: "string",
  multiple: true,
  value: "RULE[,RULE…]",
  help:
    "Waive the rules' findings (repeatable); see also # osslinks-ignore and rules:",
};

/** `--token-expires TIME`. */
export const TOKEN_EXPIRES_FLAG: FlagDef = {
  name: "token-expires",
  type: "string",
  value: "TIME",
  help: "STS token expiry (or OSS_SESSION_TOKEN_EXPIRATION)",
};

/** `--max-bytes N`. */
export const MAX_BYTES_FLAG: FlagDef = {
  name: "max-bytes",
  type: "string",
  value: "N",
  default: String(DEFAULT_MAX_MANIFEST_BYTES),
  help: "Largest manifest accepted",
};

/** How a manifest command words its shared flags. */
export interface ManifestFlagWording {
  /** What `--now` is to the command. */
  readonly now: string;
  /** What `--fail-on` is to the command. */
  readonly failOn: string;
}

/**
 * The flags every command that takes a manifest shares, in help order: the
 * report flags, `--ignore`, `--color`, `--fail-on`, `--now`,
 * `--token-expires` and `--max-bytes`.
 *
 * @param wording The command's words for `--now` and `--fail-on`.
 * @returns The flags.
 */
export function manifestCommandFlags(wording: ManifestFlagWording): FlagDef[] {
  return [
    REPORT_FLAG,
    REPORT_FILE_FLAG,
    SARIF_ROOT_FLAG,
    IGNORE_FLAG,
    COLOR_FLAG,
    withHelp(FAIL_ON_FLAG, wording.failOn),
    { name: "now", type: "string", value: "TIME", help: wording.now },
    TOKEN_EXPIRES_FLAG,
    MAX_BYTES_FLAG,
  ];
}

/** A manifest command's parsed arguments. */
export interface ManifestCommandArgs {
  /** The flag values. */
  readonly values: ParsedArgs["values"];
  /** `--report` and `--fail-on`. */
  readonly settings: ReportSettings;
  /** The manifest argument (`-` for stdin). */
  readonly path: string;
}

/**
 * Parses the arguments of a command that takes one manifest (its spec holds
 * {@linkcode manifestCommandFlags}). For `--help` it prints the help and
 * returns `undefined`.
 *
 * @param io The process IO.
 * @param args The arguments after the command name.
 * @param spec The command.
 * @returns The values, report settings and manifest argument.
 * @throws {UsageError} For a bad flag or a missing or extra argument.
 */
export async function parseManifestCommand(
  io: CliIo,
  args: readonly string[],
  spec: CommandSpec,
): Promise<ManifestCommandArgs | undefined> {
  const parsed = parseCommandArgs(args, spec);
  if (parsed.values["help"]) {
    await io.writeStdout(commandHelp(spec));
    return undefined;
  }
  const settings = reportSettings(parsed.values, io);
  const path = onePositional(
    parsed,
    "manifest argument (a file, or - for stdin)",
  );
  if (settings.file !== undefined) {
    const same = (other: unknown) =>
      typeof other === "string" && samePath(other, settings.file!);
    const clash = same(path)
      ? "the manifest"
      : same(parsed.values["out"])
      ? "--out"
      : same(parsed.values["snapshot"])
      ? "--snapshot"
      : undefined;
    if (clash !== undefined) {
      throw new UsageError(
        `Invalid --report-file "${settings.file}": it is ${clash}`,
      );
    }
  }
  return { values: parsed.values, settings, path };
}

/** Whether two paths name the same file as written (`./a` and `a`). */
function samePath(a: string, b: string): boolean {
  const plain = (path: string) => path.replace(/^(?:\.\/)+/, "");
  return plain(a) === plain(b);
}

/** A manifest read and validated. */
export interface ValidatedInput {
  /** The file name diagnostics carry. */
  readonly file: string;
  /** The validation. */
  readonly validation: ValidationResult;
  /** The signing time, whole seconds. */
  readonly now: Date;
}

/** The manifest flags, parsed. */
export interface ManifestSettings {
  /** The signing time, whole seconds: `--now`, or the clock. */
  readonly now: Date;
  /** `--max-bytes`. */
  readonly maxBytes: number | undefined;
  /** `--token-expires`, or `OSS_SESSION_TOKEN_EXPIRATION`. */
  readonly tokenExpiresAt: Date | undefined;
  /** `--ignore`: the rules whose findings are waived. */
  readonly ignore: readonly string[];
}

/**
 * Parses the manifest flags, so that a bad one is reported before anything
 * is read.
 *
 * @param io The process IO (clock and environment).
 * @param values The parsed flags.
 * @returns The settings.
 * @throws {UsageError} For a bad flag or token expiry variable.
 */
export function manifestSettings(
  io: CliIo,
  values: ParsedArgs["values"],
): ManifestSettings {
  return {
    now: signingTime(
      typeof values["now"] === "string"
        ? parseTimeFlag("now", values["now"])
        : io.now(),
    ),
    maxBytes: typeof values["max-bytes"] === "string"
      ? parsePositiveIntegerFlag("max-bytes", values["max-bytes"])
      : undefined,
    tokenExpiresAt: tokenExpiry(values, io),
    // Repeatable, and each may list rules: --ignore a,b --ignore c.
    ignore: ((values["ignore"] ?? []) as string[]).flatMap((value) =>
      value.split(",").map((name) => name.trim()).filter((name) => name !== "")
    ),
  };
}

/**
 * Reads the manifest argument and validates it.
 *
 * @param io The process IO.
 * @param path The manifest argument (`-` for stdin).
 * @param settings The parsed manifest flags.
 * @returns The validation and the signing time.
 * @throws {UsageError} For an unreadable file.
 */
export async function readAndValidate(
  io: CliIo,
  path: string,
  settings: ManifestSettings,
): Promise<ValidatedInput> {
  const input = await readManifestInput(io, path);
  const validation = validateManifest(input.bytes, {
    file: input.file,
    now: settings.now,
    tokenExpiresAt: settings.tokenExpiresAt,
    ignore: settings.ignore,
    ...(settings.maxBytes !== undefined ? { maxBytes: settings.maxBytes } : {}),
  });
  return { file: input.file, validation, now: settings.now };
}

/**
 * Reports the diagnostics, sorted, with a summary line.
 *
 * @param io The process IO.
 * @param diagnostics The findings.
 * @param options The report settings, the summary and the validated input.
 * @returns The exit code: 2 for an unreadable manifest, else 0 or 1.
 */
export async function finishReport(
  io: CliIo,
  diagnostics: Diagnostic[],
  options: ReportSettings & {
    readonly summary: string;
    readonly input: ValidatedInput;
  },
): Promise<ExitCode> {
  const { validation, file } = options.input;
  const code = await reportDiagnostics(
    io,
    // Findings made after validation are waived as they are added; this
    // catches any that were not.
    validation.waivers.apply(diagnostics).sort(compareDiagnostics),
    {
      format: options.format,
      failOn: options.failOn,
      color: options.color,
      file: options.file,
      sarifRoot: options.sarifRoot,
      manifest: validation.manifest,
      summary: options.summary,
      ...(validation.lines
        ? { sources: new Map([[file, validation.lines]]) }
        : {}),
    },
  );
  return validation.unreadable ? ExitCode.Usage : code;
}
