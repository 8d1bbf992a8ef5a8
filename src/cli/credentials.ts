/**
 * Credentials from the environment, exactly as design.md lists them.
 *
 * @module
 */
import type { Credentials } from "../sign/presign.ts";
import { parseTimeFlag } from "./args.ts";
import type { CliIo } from "./io.ts";
import { UsageError } from "./usage_error.ts";

/** The variables read, in order of preference. */
export const CREDENTIAL_VARIABLES = {
  accessKeyId: ["OSS_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_ID"],
  accessKeySecret: ["OSS_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
  securityToken: ["OSS_SESSION_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN"],
} as const;

/** The variable that holds the STS token's expiry. */
export const TOKEN_EXPIRATION_VARIABLE = "OSS_SESSION_TOKEN_EXPIRATION";

function firstSet(io: CliIo, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = io.env(name);
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

/**
 * Reads the credentials from the environment: `OSS_*` first, then
 * `ALIBABA_CLOUD_*`.
 *
 * @param io The process IO.
 * @returns The credentials.
 * @throws {UsageError} Naming the variables when the ID or the secret is
 *   missing (never their values), and the `--allow-env` flag when the
 *   process may not read them.
 */
export function readCredentials(io: CliIo): Credentials {
  const accessKeyId = firstSet(io, CREDENTIAL_VARIABLES.accessKeyId);
  const accessKeySecret = firstSet(io, CREDENTIAL_VARIABLES.accessKeySecret);
  const missing = [
    ...(accessKeyId === undefined ? [CREDENTIAL_VARIABLES.accessKeyId] : []),
    ...(accessKeySecret === undefined
      ? [CREDENTIAL_VARIABLES.accessKeySecret]
      : []),
  ].map(([primary, fallback]) => `${primary} (or ${fallback})`);
  if (accessKeyId === undefined || accessKeySecret === undefined) {
    // Set, perhaps, but not readable: name the permission too.
    const unreadable = [
      ...CREDENTIAL_VARIABLES.accessKeyId,
      ...CREDENTIAL_VARIABLES.accessKeySecret,
      ...CREDENTIAL_VARIABLES.securityToken,
    ].filter((name) => io.mayReadEnv?.(name) === false);
    throw new UsageError(
      `Missing credentials: set ${missing.join(" and ")}${
        unreadable.length === 0
          ? ""
          : `; if they are set, osslinks may not read them: run again with --allow-env=${
            unreadable.join(",")
          }`
      }`,
    );
  }
  const securityToken = firstSet(io, CREDENTIAL_VARIABLES.securityToken);
  return {
    accessKeyId,
    accessKeySecret,
    ...(securityToken !== undefined ? { securityToken } : {}),
  };
}

/**
 * The STS token's expiry: `--token-expires`, else
 * `OSS_SESSION_TOKEN_EXPIRATION`.
 *
 * @param values The parsed flags.
 * @param io The process IO.
 * @returns The expiry, or `undefined` when unknown.
 * @throws {UsageError} For a value that is not an ISO 8601 time.
 */
export function tokenExpiry(
  values: Readonly<Record<string, unknown>>,
  io: CliIo,
): Date | undefined {
  const flag = values["token-expires"];
  if (typeof flag === "string") return parseTimeFlag("token-expires", flag);
  const variable = io.env(TOKEN_EXPIRATION_VARIABLE);
  if (variable === undefined || variable === "") return undefined;
  try {
    return parseTimeFlag("token-expires", variable);
  } catch {
    throw new UsageError(
      `Invalid ${TOKEN_EXPIRATION_VARIABLE} "${variable}": expected an ISO 8601 time with a zone`,
    );
  }
}
