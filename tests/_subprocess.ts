/**
 * The command line as a real child process: `deno run <flags> cli.ts
 * <args>` with a clean environment (only what Deno needs to find its cache,
 * and `NO_COLOR`), no standard input and a time limit.
 *
 * @module
 */

/** The repository's folder, with a trailing slash. */
export const ROOT = decodeURIComponent(new URL("..", import.meta.url).pathname);

/** The CLI entry point. */
export const CLI = `${ROOT}cli.ts`;

/**
 * The variables Deno itself needs to find its cache, and libfaketime's.
 *
 * @returns The environment of a child `deno`.
 */
export function denoEnv(): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const name of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  // A suite run with the clock moved (faketime, as .ci/run does) moves the
  // children's clock too: they sign against emulators on the same clock.
  for (const [name, value] of Object.entries(Deno.env.toObject())) {
    if (name === "LD_PRELOAD" || name.startsWith("FAKETIME")) env[name] = value;
  }
  return env;
}

/**
 * The variables Deno needs to find its cache, without libfaketime's: for a
 * child that reads no clock (type checks, doc tests, `deno install`), run
 * with `clearEnv: true`. Under libfaketime (the suite's second run in
 * .ci/run) a type-checking `deno` has been seen to crash (SIGSEGV).
 *
 * @returns The environment of a child `deno` on the real clock.
 */
export function realClockEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(denoEnv()).filter(([name]) =>
      name !== "LD_PRELOAD" && !name.startsWith("FAKETIME")
    ),
  );
}

/** What a child process did. */
export interface Ran {
  /** The exit code. */
  readonly code: number;
  /** Its standard output. */
  readonly stdout: string;
  /** Its standard error. */
  readonly stderr: string;
}

/** Options of {@linkcode runOsslinks}. */
export interface RunOptions {
  /** Deno's permission flags. @default {[]} */
  readonly flags?: readonly string[];
  /** Environment variables besides {@linkcode denoEnv}'s. */
  readonly env?: Readonly<Record<string, string>>;
  /** The working folder. @default {ROOT} */
  readonly cwd?: string;
}

/**
 * Runs `osslinks` in a child `deno`.
 *
 * @param args The command line, without the program name.
 * @param options Permission flags, environment and working folder.
 * @returns The exit code and the output.
 */
export async function runOsslinks(
  args: readonly string[],
  options: RunOptions = {},
): Promise<Ran> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", ...options.flags ?? [], CLI, ...args],
    cwd: options.cwd ?? ROOT,
    clearEnv: true,
    env: { ...denoEnv(), ...options.env },
    stdin: "null",
    signal: AbortSignal.timeout(60_000),
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/**
 * Runs tasks with at most `limit` at a time, keeping their order.
 *
 * @param tasks The tasks.
 * @param limit How many run at once.
 * @returns Their results, in order.
 */
export async function inBatches<T>(
  tasks: readonly (() => Promise<T>)[],
  limit: number,
): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  }
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}
