/**
 * A permission the process lacks, named with the `--allow-*` flag that
 * grants it: read from Deno's own refusal (`Deno.errors.NotCapable`, whose
 * message is `Requires env access to "DEBUG", run again with the --allow-env
 * flag`), or raised ahead of the work that would need it.
 *
 * @module
 */

/** The kinds of Deno's `--allow-*` flags. */
export type PermissionKind =
  | "read"
  | "write"
  | "net"
  | "env"
  | "sys"
  | "run"
  | "ffi"
  | "import";

const KINDS: readonly PermissionKind[] = [
  "read",
  "write",
  "net",
  "env",
  "sys",
  "run",
  "ffi",
  "import",
];

/** One permission that is missing. */
export interface PermissionNeed {
  /** The kind: `env` for `--allow-env`. */
  readonly kind: PermissionKind;
  /**
   * What it is needed for: a path, a `host:port`, a variable name, a
   * `Deno.osRelease`-style name; `undefined` for all of the kind.
   */
  readonly target?: string | undefined;
}

/** Options of {@linkcode MissingPermissionError}. */
export interface MissingPermissionOptions extends ErrorOptions {
  /** Who needs the permissions ("ali-oss"); unsaid by default. */
  readonly who?: string | undefined;
  /** Why, in parentheses after the needs: "its dependencies read them when it loads". */
  readonly why?: string | undefined;
}

function quoted(targets: readonly string[]): string {
  const items = targets.map((target) => `"${target}"`);
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function describeKind(
  kind: PermissionKind,
  targets: readonly string[] | undefined,
): string {
  const list = targets === undefined ? "" : ` ${quoted(targets)}`;
  const plural = targets !== undefined && targets.length > 1;
  switch (kind) {
    case "read":
      return `read access to${list || " every file"}`;
    case "write":
      return `write access to${list || " every file"}`;
    case "net":
      return `network access to${list || " every host"}`;
    case "env":
      return targets === undefined
        ? "access to every environment variable"
        : `access to the environment variable${plural ? "s" : ""}${list}`;
    case "sys":
      return targets === undefined
        ? "access to all system information"
        : `access to the system information${list}`;
    case "run":
      return `permission to run${list || " any program"}`;
    case "ffi":
      return `permission to load${list || " any native library"}`;
    case "import":
      return `permission to import from${list || " any host"}`;
  }
}

/** The needs by kind, in first-seen order; `undefined` targets: all. */
function byKind(
  needs: readonly PermissionNeed[],
): Map<PermissionKind, string[] | undefined> {
  const groups = new Map<PermissionKind, string[] | undefined>();
  for (const { kind, target } of needs) {
    const known = groups.get(kind);
    if (groups.has(kind) && known === undefined) continue;
    if (target === undefined) groups.set(kind, undefined);
    else if (known === undefined) groups.set(kind, [target]);
    else if (!known.includes(target)) known.push(target);
  }
  return groups;
}

/**
 * The process lacks permissions: exit code 2 on the command line, with a
 * message that names each permission and the flags that grant them.
 *
 * @example Usage
 * ```ts
 * import { MissingPermissionError } from "./missing_permission.ts";
 * const error = new MissingPermissionError([{ kind: "net", target: "127.0.0.1:9000" }]);
 * // error.message: 'Missing permission: network access to "127.0.0.1:9000";
 * // run again with --allow-net=127.0.0.1:9000'
 * ```
 */
export class MissingPermissionError extends Error {
  /** The missing permissions, at least one. */
  readonly needs: readonly PermissionNeed[];
  /** The flags that grant them, for example `["--allow-env"]`. */
  readonly flags: readonly string[];

  /**
   * Creates the error.
   *
   * @param needs The missing permissions, at least one.
   * @param options Who needs them and why, and the refusal it explains.
   */
  constructor(
    needs: readonly PermissionNeed[],
    options: MissingPermissionOptions = {},
  ) {
    const groups = byKind(needs);
    const flags = [...groups].map(([kind, targets]) =>
      `--allow-${kind}${targets === undefined ? "" : `=${targets.join(",")}`}`
    );
    const described = [...groups].map(([kind, targets]) =>
      describeKind(kind, targets)
    ).join(" and ");
    super(
      `Missing permission: ${
        options.who === undefined ? "" : `${options.who} needs `
      }${described}${
        options.why === undefined ? "" : ` (${options.why})`
      }; run again with ${flags.join(" ")}`,
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.name = "MissingPermissionError";
    this.needs = needs;
    this.flags = flags;
  }
}

const DENIAL =
  /^Requires ([a-z]+) access(?: to "(.*)")?(, (?:run again with the --allow-[a-z]+ flag|specify the required permissions.*))?$/s;

/**
 * The permission a Deno refusal names, from its message: `Requires sys
 * access to "osRelease", run again with the --allow-sys flag` is `sys`
 * `osRelease`. A listen on port 0 needs the host, any port.
 *
 * @param error A thrown value.
 * @returns The need, or `undefined` when it is no permission refusal.
 */
function refusedNeed(error: unknown): PermissionNeed | undefined {
  if (!(error instanceof Error)) return undefined;
  const match = DENIAL.exec(error.message);
  if (match === null) return undefined;
  // Deno's classes, or its wording to the end (an import refusal is a
  // TypeError).
  const isRefusal = error instanceof Deno.errors.NotCapable ||
    error instanceof Deno.errors.PermissionDenied || match[3] !== undefined;
  const kind = match[1] as PermissionKind;
  if (!isRefusal || !KINDS.includes(kind)) return undefined;
  const target = kind === "net" ? match[2]?.replace(/:0$/, "") : match[2];
  return { kind, target };
}

/**
 * Finds a missing permission in an error or its chain of causes: a
 * {@linkcode MissingPermissionError}, or Deno's own refusal
 * (`Deno.errors.NotCapable`), read into one.
 *
 * @example Usage
 * ```ts
 * import { missingPermissionOf } from "./missing_permission.ts";
 * const refusal = new Deno.errors.NotCapable(
 *   'Requires env access to "DEBUG", run again with the --allow-env flag',
 * );
 * const wrapped = new Error("Cannot load", { cause: refusal });
 * missingPermissionOf(wrapped)?.flags; // ["--allow-env=DEBUG"]
 * ```
 *
 * @param error A thrown value.
 * @param options Who needed it and why, for a refusal read from Deno.
 * @returns The missing permission, or `undefined`.
 */
export function missingPermissionOf(
  error: unknown,
  options: Omit<MissingPermissionOptions, "cause"> = {},
): MissingPermissionError | undefined {
  let current = error;
  for (let depth = 0; depth < 16 && current !== undefined; depth++) {
    if (current instanceof MissingPermissionError) return current;
    const need = refusedNeed(current);
    if (need !== undefined) {
      return new MissingPermissionError([need], { ...options, cause: current });
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}
