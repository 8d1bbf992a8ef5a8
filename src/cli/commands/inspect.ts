/**
 * `osslinks inspect <url>`: decode a signed URL; with credentials, verify it
 * and explain a mismatch.
 *
 * @module
 */
import { decodeSignedUrl } from "../../inspect/decode.ts";
import {
  formatInspectJson,
  formatInspectText,
  inspectReport,
} from "../../inspect/report.ts";
import { notVerified, verifySignedUrl } from "../../inspect/verify.ts";
import type { Credentials } from "../../sign/presign.ts";
import {
  onePositional,
  parseChoiceFlag,
  parseColorFlag,
  parseCommandArgs,
  parseTimeFlag,
} from "../args.ts";
import { acceptedColorFlag } from "../color.ts";
import { readCredentials, tokenExpiry } from "../credentials.ts";
import { ExitCode } from "../exit_code.ts";
import { commandHelp } from "../help.ts";
import { TOKEN_EXPIRES_FLAG } from "../manifest_run.ts";
import type { CommandSpec } from "../spec.ts";
import type { CliIo } from "../io.ts";
import { UsageError } from "../usage_error.ts";

/** The output formats of `inspect --format`. */
export const INSPECT_FORMATS = ["text", "json"] as const;

/** The methods `inspect --method` accepts. */
export const INSPECT_METHODS = [
  "GET",
  "HEAD",
  "PUT",
  "POST",
  "DELETE",
] as const;

/** The spec of `inspect`. */
export const INSPECT_SPEC: CommandSpec = {
  name: "inspect",
  operands: "<url|-> [flags]",
  summary: "Decode a signed URL; verify it with credentials",
  description:
    `Decodes a signed OSS URL (V1 or V4): host and bucket, key, AccessKey ID, scope, signing and expiry times, parameters, and the problems visible without credentials. With credentials in the environment (OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, OSS_SESSION_TOKEN, or the ALIBABA_CLOUD_* names) it verifies the signature as OSS does and explains a failure: the likely causes, ranked, each with its evidence (verified when, with your secret, the signature matches once the cause is undone). Without them it says "not verified: no credentials" and ranks the causes the URL shows. The secret and the STS token are never printed.

Quote the URL: an unquoted & ends the shell command. "-" reads it from stdin.`,
  sections: [{
    title: "Flags",
    flags: [
      {
        name: "bucket",
        type: "string",
        value: "NAME",
        help: "The real bucket, for a custom-domain URL",
      },
      {
        name: "region",
        type: "string",
        value: "REGION",
        help:
          "The bucket's region, to check a V4 scope where the host does not say it (custom domain)",
      },
      {
        name: "method",
        type: "string",
        value: "METHOD",
        choices: INSPECT_METHODS,
        default: "GET",
        help: "The method the URL is used with: GET, HEAD, PUT, POST or DELETE",
      },
      {
        name: "header",
        type: "string",
        multiple: true,
        value: '"NAME: VALUE"',
        help:
          "A header the client sends, repeatable (the Content-Type of an upload, x-oss-* headers)",
      },
      {
        name: "now",
        type: "string",
        value: "TIME",
        default: "now",
        help: "The time to check expiry at, ISO 8601",
      },
      TOKEN_EXPIRES_FLAG,
      {
        name: "format",
        type: "string",
        choices: INSPECT_FORMATS,
        default: "text",
        help: "Output format on stdout",
      },
      acceptedColorFlag("the report"),
    ],
  }],
  epilogue:
    "Exit codes: 0 the URL works (verified, or no error seen without credentials), 1 it does not (unsigned, invalid signature, expired, or an error found), 2 not an http(s) URL or a bad flag.",
};

function parseHeaders(values: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const entry of Array.isArray(values) ? values : []) {
    const text = String(entry);
    const colon = text.indexOf(":");
    const name = colon === -1 ? "" : text.slice(0, colon).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new UsageError(
        `Invalid --header "${text}": expected "Name: value"`,
      );
    }
    headers[name.toLowerCase()] = text.slice(colon + 1).trim();
  }
  return headers;
}

function optionalCredentials(io: CliIo): Credentials | string {
  try {
    return readCredentials(io);
  } catch (error) {
    if (error instanceof UsageError) return "no credentials";
    throw error;
  }
}

async function readUrl(io: CliIo, argument: string): Promise<string> {
  if (argument !== "-") return argument;
  return new TextDecoder().decode(await io.readStdin()).trim();
}

/**
 * Runs `inspect`.
 *
 * @param args The arguments after `inspect`.
 * @param io The process IO.
 * @returns The exit code: 0 the URL works, 1 it does not, 2 usage.
 */
export async function inspectCommand(
  args: readonly string[],
  io: CliIo,
): Promise<ExitCode> {
  const parsed = parseCommandArgs(args, INSPECT_SPEC);
  const { values } = parsed;
  if (values["help"]) {
    await io.writeStdout(commandHelp(INSPECT_SPEC));
    return ExitCode.Clean;
  }
  parseColorFlag(values);
  const format = parseChoiceFlag(
    "format",
    (values["format"] as string | undefined) ?? "text",
    { allowed: INSPECT_FORMATS },
  );
  const method = parseChoiceFlag(
    "method",
    ((values["method"] as string | undefined) ?? "GET").toUpperCase(),
    { allowed: INSPECT_METHODS },
  );
  const region = values["region"] as string | undefined;
  if (region !== undefined && !/^[a-z0-9-]+$/.test(region)) {
    throw new UsageError(
      `Invalid --region "${region}": expected a region id such as "cn-hangzhou"`,
    );
  }
  const bucket = values["bucket"] as string | undefined;
  if (
    bucket !== undefined && !/^[a-z0-9_][a-z0-9_-]{1,61}[a-z0-9_]$/.test(bucket)
  ) {
    throw new UsageError(
      `Invalid --bucket "${bucket}": expected a bucket name (3 to 63 of a-z, 0-9, -)`,
    );
  }
  const headers = parseHeaders(values["header"]);
  const now = typeof values["now"] === "string"
    ? parseTimeFlag("now", values["now"])
    : io.now();
  const tokenExpiresAt = tokenExpiry(values, io);
  const url = await readUrl(
    io,
    onePositional(parsed, "URL argument (quote it; or - for stdin)"),
  );
  let decoded;
  try {
    decoded = decodeSignedUrl(url, { bucket, region, now });
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new UsageError(error.message, { cause: error });
    }
    throw error;
  }
  const credentials = optionalCredentials(io);
  const verification = typeof credentials === "string"
    ? notVerified(decoded, credentials, { method, headers })
    : verifySignedUrl(decoded, credentials, {
      method,
      headers,
      now,
      tokenExpiresAt,
    });
  const report = inspectReport(decoded, verification);
  await io.writeStdout(
    format === "json" ? formatInspectJson(report) : formatInspectText(report),
  );
  return report.ok ? ExitCode.Clean : ExitCode.Findings;
}
