/**
 * Loading ali-oss (npm `ali-oss`) so that it never logs. Its `debug`
 * dependency prints every request with its headers (the STS token, the
 * `Authorization`) to stderr, past any redaction, when the user's `DEBUG`
 * names it (`DEBUG=*`); the `util.debuglog` of its HTTP dependencies does
 * the same when `NODE_DEBUG` does. Loading also needs permissions a Deno
 * program rarely grants, so they are checked first and named when
 * missing.
 *
 * @module
 */
import {
  MissingPermissionError,
  missingPermissionOf,
  type PermissionNeed,
} from "./missing_permission.ts";

const ALI_OSS = "npm:ali-oss@6.23.0";

/** What ali-oss's debug namespaces start with (`ali-oss`, `ali-oss:sts` …). */
const NAMESPACES = /^ali-oss(?::|$)/;

/** The skip that turns them off, whatever else is enabled. */
const SKIP = "-ali-oss*";

/**
 * The permissions loading ali-oss needs: `debug` lists every environment
 * variable (`Object.keys(process.env)`), `os-name` reads `osRelease` and
 * `address` reads `networkInterfaces`, all when they load.
 */
export const ALI_OSS_PERMISSIONS: readonly PermissionNeed[] = [
  { kind: "env" },
  { kind: "sys", target: "osRelease" },
  { kind: "sys", target: "networkInterfaces" },
];

/** The part of npm `debug`'s module (`createDebug`) touched here. */
interface DebugModule {
  /** The enabled namespaces, as given to `enable`. */
  namespaces?: string;
  /** Enables namespaces; also writes them to `process.env.DEBUG`. */
  enable(namespaces: string): void;
  /** Writes one formatted line (to `process.stderr`). */
  log: (this: { namespace?: string }, ...args: unknown[]) => unknown;
}

const FILTERED = Symbol.for("osslinks.aliOssLogFiltered");

/**
 * Turns ali-oss's namespaces off in the `debug` module it uses, keeping
 * the others the user enabled (another package of the process may share
 * the module): a skip, which wins over any `DEBUG` pattern, and a log
 * function that drops ali-oss's lines even if someone enables it again.
 */
function silenceAliOss(createDebug: DebugModule): void {
  const namespaces = createDebug.namespaces ?? "";
  if (!namespaces.split(/[\s,]+/).includes(SKIP)) {
    const userDebug = Deno.env.get("DEBUG");
    createDebug.enable(namespaces === "" ? SKIP : `${namespaces},${SKIP}`);
    // enable() saves the namespaces to DEBUG: put the user's value back.
    if (userDebug === undefined) Deno.env.delete("DEBUG");
    else Deno.env.set("DEBUG", userDebug);
  }
  if (!Object.hasOwn(createDebug, FILTERED)) {
    const log = createDebug.log;
    createDebug.log = function (...args) {
      if (NAMESPACES.test(this?.namespace ?? "")) return undefined;
      return log.apply(this, args);
    };
    Object.defineProperty(createDebug, FILTERED, { value: true });
  }
}

/** A `util.debuglog` whose loggers never log. */
function quietDebuglog(): (...args: unknown[]) => void {
  const logger = () => {};
  Object.defineProperty(logger, "enabled", { value: false });
  return logger;
}

/**
 * Checks the permissions ali-oss needs, all of them at once. Never a
 * prompt: the whole environment (secrets included) for a dependency is
 * granted with a flag, knowingly.
 *
 * @throws {MissingPermissionError} Naming every one not granted.
 */
function requirePermissions(): void {
  const missing = ALI_OSS_PERMISSIONS.filter(({ kind, target }) => {
    const descriptor: Deno.PermissionDescriptor = kind === "sys"
      ? {
        name: "sys",
        kind: target as NonNullable<Deno.SysPermissionDescriptor["kind"]>,
      }
      : { name: "env" };
    return Deno.permissions.querySync(descriptor).state !== "granted";
  });
  if (missing.length > 0) {
    throw new MissingPermissionError(missing, {
      who: "ali-oss",
      why: "its dependencies read them when it loads",
    });
  }
}

async function load(): Promise<unknown> {
  requirePermissions();
  const [{ createRequire }, { default: util }] = await Promise.all([
    import("node:module"),
    import("node:util"),
  ]);
  // Its HTTP dependencies take their util.debuglog loggers when they load.
  const debuglog = util.debuglog;
  util.debuglog = quietDebuglog as unknown as typeof util.debuglog;
  try {
    // The `debug` ali-oss requires, resolved from ali-oss itself: the same
    // module instance whatever version another package pins. Silenced
    // before ali-oss creates its loggers.
    const require = createRequire(import.meta.resolve(ALI_OSS));
    silenceAliOss(require("debug") as DebugModule);
    const module = await import("npm:ali-oss@6.23.0");
    return module.default ?? module;
  } catch (error) {
    throw missingPermissionOf(error, { who: "ali-oss" }) ?? error;
  } finally {
    util.debuglog = debuglog;
  }
}

let loading: Promise<unknown> | undefined;

/**
 * Loads ali-oss with its debug logging off, whatever `DEBUG` and
 * `NODE_DEBUG` say: its `debug` namespaces are skipped in the very
 * `debug` module it requires, and its dependencies get loggers that never
 * log. Loaded once; a failed load is tried again on the next call.
 *
 * @example Usage
 * ```ts ignore
 * import { loadAliOss } from "./load_ali_oss.ts";
 * const OSS = await loadAliOss() as new (options: object) => unknown;
 * ```
 *
 * @returns ali-oss's client constructor (its module's default export).
 * @throws {MissingPermissionError} When the process may not read the whole
 *   environment, `osRelease` or `networkInterfaces`, or another permission
 *   loading needs.
 */
export function loadAliOss(): Promise<unknown> {
  loading ??= load().catch((error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
