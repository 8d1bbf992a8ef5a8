/**
 * `osslinks emulator`: the local OSS-compatible server, in the foreground.
 *
 * @module
 */
import {
  EmulatorConfigError,
  loadEmulatorConfig,
} from "../../emulator/config.ts";
import { DEFAULT_HEADER_TIMEOUT_MS } from "../../emulator/node_serve.ts";
import { isLoopbackHostname } from "../../emulator/loopback.ts";
import { DEFAULT_REQUEST_LOG_SIZE } from "../../emulator/request_log.ts";
import {
  type EmulatorRequestEntry,
  formatRequestLine,
} from "../../emulator/request_line.ts";
import { startEmulator } from "../../emulator/server.ts";
import { parseDuration } from "../../manifest/duration.ts";
import { describeFsError, parseColorFlag, parseCommandArgs } from "../args.ts";
import { acceptedColorFlag } from "../color.ts";
import { emulatorBanner } from "../emulator_banner.ts";
import { reportConfigProblems } from "../emulator_config_report.ts";
import { ExitCode } from "../exit_code.ts";
import { commandHelp } from "../help.ts";
import type { CommandSpec } from "../spec.ts";
import type { CliIo } from "../io.ts";
import { RuntimeFailure, UsageError } from "../usage_error.ts";

/** The spec of `emulator`. */
export const EMULATOR_SPEC: CommandSpec = {
  name: "emulator",
  operands: "[--config FILE] [flags]",
  summary: "Run the local OSS-compatible server",
  description:
    `Runs a local OSS-compatible server on loopback until interrupted (Ctrl-C). Buckets answer by path (http://127.0.0.1:PORT/<bucket>/<key>), by virtual host (<bucket>.oss-<region>.localhost:PORT) and by their bound domains. The config format is described in docs/emulator.md. The banner on stderr shows how to point "osslinks check --live" and ali-oss at it; then each request gets one line on stderr:
  METHOD PATH STATUS TIMEms SIGNATURE [code=OSS_CODE] [host=HOST]
with the values of signatures and tokens in PATH blanked out.`,
  sections: [{
    title: "Flags",
    flags: [
      {
        name: "config",
        type: "string",
        value: "FILE",
        help: "Buckets to serve (YAML); without it, none",
      },
      {
        name: "port",
        type: "string",
        value: "N",
        default: "0: a free one",
        help: "Port, 0 to 65535",
      },
      {
        name: "hostname",
        type: "string",
        value: "ADDR",
        default: "127.0.0.1",
        help: "Address to listen on",
      },
      {
        name: "allow-remote",
        type: "boolean",
        help:
          "Allow an ADDR that is not loopback (0.0.0.0, ::, a LAN address): anyone who can reach the port can then read the buckets with the config's credentials",
      },
      {
        name: "header-timeout",
        type: "string",
        value: "TIME",
        default: `${DEFAULT_HEADER_TIMEOUT_MS / 1000}s`,
        help:
          "How long a client has to send its request headers, in seconds or as a duration like 30s or 2m",
      },
      {
        name: "request-log",
        type: "string",
        value: "N",
        default: `${DEFAULT_REQUEST_LOG_SIZE}; 0 for none`,
        help: "How many recent requests to remember",
      },
      {
        name: "read-only",
        type: "boolean",
        help:
          "Refuse every write (PUT, POST, DELETE of objects) with 405 MethodNotAllowed",
      },
      {
        name: "quiet",
        type: "boolean",
        help: "No request lines and a short banner",
      },
      acceptedColorFlag("the emulator's output"),
    ],
  }],
};

/** The longest --header-timeout, in seconds (a day). */
const MAX_HEADER_TIMEOUT_SECONDS = 86_400;

/** The longest --request-log. */
const MAX_REQUEST_LOG = 1_000_000;

function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash > 0 ? path.slice(0, slash) : slash === 0 ? "/" : ".";
}

/** A TCP port, 0 (a free one) to 65535; a bad one is a usage error. */
function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(
      `Invalid --port "${value}": expected a whole number from 0 to 65535`,
    );
  }
  return Number(value);
}

/** A --header-timeout: seconds or a duration, 1 s to a day. */
function parseHeaderTimeout(value: string): number {
  const text = value.trim();
  const seconds = /^\d+$/.test(text) ? Number(text) : parseDuration(text);
  if (
    seconds === undefined || seconds < 1 ||
    seconds > MAX_HEADER_TIMEOUT_SECONDS
  ) {
    throw new UsageError(
      `Invalid --header-timeout "${value}": expected seconds or a duration such as "30s" or "2m", from 1 second to 1 day`,
    );
  }
  return seconds * 1000;
}

/** A --request-log size, 0 to a million. */
function parseRequestLog(value: string): number {
  if (!/^\d{1,7}$/.test(value) || Number(value) > MAX_REQUEST_LOG) {
    throw new UsageError(
      `Invalid --request-log "${value}": expected a whole number from 0 to ${MAX_REQUEST_LOG}`,
    );
  }
  return Number(value);
}

/**
 * Checks that a non-loopback address comes with --allow-remote.
 *
 * @returns Whether the address is remote (and allowed).
 */
function checkRemote(hostname: string, allowRemote: boolean): boolean {
  if (isLoopbackHostname(hostname)) return false;
  if (!allowRemote) {
    throw new UsageError(
      `Refusing to listen on "${hostname}": it is not a loopback address, so anyone who can reach the port could read the buckets with the config's test credentials; add --allow-remote to listen there anyway`,
    );
  }
  return true;
}

/**
 * Runs `emulator` until the user interrupts it.
 *
 * @param args The arguments after `emulator`.
 * @param io The process IO.
 * @returns The exit code.
 */
export async function emulatorCommand(
  args: readonly string[],
  io: CliIo,
): Promise<ExitCode> {
  const parsed = parseCommandArgs(args, EMULATOR_SPEC);
  const { values } = parsed;
  if (values["help"]) {
    await io.writeStdout(commandHelp(EMULATOR_SPEC));
    return ExitCode.Clean;
  }
  parseColorFlag(values);
  if (parsed.positionals.length > 0) {
    throw new UsageError(`Unexpected argument "${parsed.positionals[0]}"`);
  }
  const port = typeof values["port"] === "string"
    ? parsePort(values["port"])
    : 0;
  const hostname = (values["hostname"] as string | undefined) ?? "127.0.0.1";
  const remote = checkRemote(hostname, values["allow-remote"] === true);
  const headerTimeoutMs = typeof values["header-timeout"] === "string"
    ? parseHeaderTimeout(values["header-timeout"])
    : DEFAULT_HEADER_TIMEOUT_MS;
  const requestLogSize = typeof values["request-log"] === "string"
    ? parseRequestLog(values["request-log"])
    : DEFAULT_REQUEST_LOG_SIZE;
  // One clock for the config's relative times and the running emulator.
  const now = () => io.now();
  const quiet = values["quiet"] === true;
  const configPath = values["config"] as string | undefined;
  let config;
  if (configPath !== undefined) {
    let text: string;
    try {
      text = new TextDecoder().decode(await io.readFile(configPath));
    } catch (error) {
      throw new UsageError(
        `Cannot read emulator config "${configPath}": ${
          describeFsError(error)
        }`,
        { cause: error },
      );
    }
    try {
      config = await loadEmulatorConfig(text, {
        baseDir: dirOf(configPath),
        now,
      });
    } catch (error) {
      if (error instanceof EmulatorConfigError) {
        await reportConfigProblems(io, error, configPath, text);
        return ExitCode.Usage;
      }
      throw error;
    }
  }
  // One line per request, written in order after the banner; a closed
  // stderr loses them without stopping the emulator.
  let bannerWritten = () => {};
  let logged = new Promise<void>((resolve) => (bannerWritten = resolve));
  const onRequest = quiet ? undefined : (entry: EmulatorRequestEntry) => {
    const line = `${formatRequestLine(entry)}\n`;
    logged = logged.then(() => io.writeStderr(line)).catch(() => {});
  };
  let emulator;
  try {
    emulator = await startEmulator({
      ...(config ? { config } : {}),
      port,
      hostname,
      allowRemote: remote,
      headerTimeoutMs,
      requestLogSize,
      ...(values["read-only"] === true ? { readOnly: true } : {}),
      now,
      onRequest,
      onError: (error) =>
        io.writeStderr(`osslinks emulator: internal error: ${String(error)}\n`),
    });
  } catch (error) {
    throw new RuntimeFailure(
      `Cannot listen on port ${port}: ${
        error instanceof Error ? error.message : String(error)
      }`,
      { cause: error },
    );
  }
  const lines = [];
  if (remote) {
    lines.push(
      `osslinks emulator: warning: "${hostname}" is not a loopback address: anyone who can reach port ${emulator.port} can read the buckets with the config's test credentials`,
    );
  }
  await io.writeStderr(
    lines.map((line) => `${line}\n`).join("") +
      emulatorBanner({
        origin: emulator.origin,
        buckets: emulator.config.buckets,
        bucketHost: (name) => emulator.bucketHost(name),
        configPath,
        quiet,
      }),
  );
  bannerWritten();
  await io.interrupted();
  await emulator.close();
  await logged;
  return ExitCode.Clean;
}
