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
import { startEmulator } from "../../emulator/server.ts";
import { parseDuration } from "../../manifest/duration.ts";
import { describeFsError, parseCommandArgs } from "../args.ts";
import { ExitCode } from "../exit_code.ts";
import type { CliIo } from "../io.ts";
import { RuntimeFailure, UsageError } from "../usage_error.ts";

/** The help text of `emulator`. */
export const EMULATOR_HELP =
  `Usage: osslinks emulator [--config FILE] [--port N] [--hostname ADDR]
                         [--allow-remote] [--header-timeout TIME]
                         [--request-log N] [--read-only]

Runs a local OSS-compatible server on loopback until interrupted (Ctrl-C).
Buckets answer by path (http://127.0.0.1:PORT/<bucket>/<key>), by virtual
host (<bucket>.oss-<region>.localhost:PORT) and by their bound domains.
The config format is described in docs/emulator.md.

Flags:
  --config FILE          Buckets to serve (YAML); without it, none
  --port N               Port, 0 to 65535 (default 0: a free one)
  --hostname ADDR        Address to listen on (default 127.0.0.1)
  --allow-remote         Allow an ADDR that is not loopback (0.0.0.0, ::, a
                         LAN address): anyone who can reach the port can
                         then read the buckets with the config's credentials
  --header-timeout TIME  How long a client has to send its request headers,
                         in seconds or as a duration like 30s or 2m
                         (default ${DEFAULT_HEADER_TIMEOUT_MS / 1000}s)
  --request-log N        How many recent requests to remember
                         (default ${DEFAULT_REQUEST_LOG_SIZE}; 0 for none)
  --read-only            Refuse every write (PUT, POST, DELETE of objects)
                         with 405 MethodNotAllowed
`;

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
  const parsed = parseCommandArgs(args, {
    config: { type: "string" },
    port: { type: "string" },
    hostname: { type: "string" },
    "allow-remote": { type: "boolean" },
    "header-timeout": { type: "string" },
    "request-log": { type: "string" },
    "read-only": { type: "boolean" },
    help: { type: "boolean" },
  });
  const { values } = parsed;
  if (values["help"]) {
    await io.writeStdout(EMULATOR_HELP);
    return ExitCode.Clean;
  }
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
        throw new UsageError(`${configPath}: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  }
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
  lines.push(`osslinks emulator listening on ${emulator.origin}`);
  for (const bucket of emulator.config.buckets) {
    lines.push(
      `  ${bucket.name}: ${emulator.origin}/${bucket.name}/ or http://${
        emulator.bucketHost(bucket.name)
      }/`,
    );
  }
  lines.push("Press Ctrl-C to stop.");
  await io.writeStderr(lines.join("\n") + "\n");
  await io.interrupted();
  await emulator.close();
  return ExitCode.Clean;
}
