/**
 * `osslinks emulator`: the local OSS-compatible server, in the foreground.
 *
 * @module
 */
import {
  EmulatorConfigError,
  loadEmulatorConfig,
} from "../../emulator/config.ts";
import { startEmulator } from "../../emulator/server.ts";
import { describeFsError, parseCommandArgs } from "../args.ts";
import { ExitCode } from "../exit_code.ts";
import type { CliIo } from "../io.ts";
import { RuntimeFailure, UsageError } from "../usage_error.ts";

/** The help text of `emulator`. */
export const EMULATOR_HELP =
  `Usage: osslinks emulator [--config FILE] [--port N] [--hostname ADDR]

Runs a local OSS-compatible server on loopback until interrupted (Ctrl-C).
Buckets answer by path (http://127.0.0.1:PORT/<bucket>/<key>), by virtual
host (<bucket>.oss-<region>.localhost:PORT) and by their bound domains.
The config format is described in docs/emulator.md.

Flags:
  --config FILE      Buckets to serve (YAML); without it, none
  --port N           Port, 0 to 65535 (default 0: a free one)
  --hostname ADDR    Address to listen on (default 127.0.0.1)
`;

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
      config = await loadEmulatorConfig(text, { baseDir: dirOf(configPath) });
    } catch (error) {
      if (error instanceof EmulatorConfigError) {
        throw new UsageError(`${configPath}: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  }
  const port = typeof values["port"] === "string"
    ? parsePort(values["port"])
    : 0;
  let emulator;
  try {
    emulator = await startEmulator({
      ...(config ? { config } : {}),
      port,
      hostname: (values["hostname"] as string | undefined) ?? "127.0.0.1",
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
  const lines = [`osslinks emulator listening on ${emulator.origin}`];
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
