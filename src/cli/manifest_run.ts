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
  type FlagSpec,
  onePositional,
  parseCommandArgs,
  type ParsedArgs,
  parsePositiveIntegerFlag,
  parseTimeFlag,
  readManifestInput,
  REPORT_FLAGS,
  reportSettings,
} from "./args.ts";
import { tokenExpiry } from "./credentials.ts";
import { ExitCode } from "./exit_code.ts";
import type { CliIo } from "./io.ts";
import { reportDiagnostics, type ReportSettings } from "./report.ts";
import { UsageError } from "./usage_error.ts";

/**
 * The manifest flags: `--now`, `--token-expires`, `--max-bytes`,
 * `--ignore`.
 */
export const MANIFEST_FLAGS: Readonly<Record<string, FlagSpec>> = {
  now: { type: "string" },
  "token-expires": { type: "string" },
  "max-bytes": { type: "string" },
  ignore: { type: "string", multiple: true },
};

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
 * Parses the arguments of a command that takes one manifest: its own flags
 * plus the report and manifest flags. For `--help` it prints the help and
 * returns `undefined`.
 *
 * @param io The process IO.
 * @param args The arguments after the command name.
 * @param options The command's own flags and its help text.
 * @returns The values, report settings and manifest argument.
 * @throws {UsageError} For a bad flag or a missing or extra argument.
 */
export async function parseManifestCommand(
  io: CliIo,
  args: readonly string[],
  options: {
    readonly flags: Readonly<Record<string, FlagSpec>>;
    readonly help: string;
  },
): Promise<ManifestCommandArgs | undefined> {
  const parsed = parseCommandArgs(args, {
    ...REPORT_FLAGS,
    ...MANIFEST_FLAGS,
    ...options.flags,
  });
  if (parsed.values["help"]) {
    await io.writeStdout(options.help);
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
