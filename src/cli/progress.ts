/**
 * One throttled progress line on stderr for long work: done/total, rate and
 * time left, rewritten in place and cleared at the end. Only on a terminal,
 * never under CI or with `--quiet`, never on stdout.
 *
 * The first batch is shown at once (count only: no rate can be known yet), so
 * a user sees that work has started; after that the line is rewritten at most
 * every 250 ms, with the rate and the time left.
 *
 * @module
 */
import type { CliIo } from "./io.ts";

/** How often the line is rewritten, in milliseconds. */
const EVERY_MS = 250;

/** A progress line. */
export interface Progress {
  /** Counts `n` more items done; rewrites the line when it is due. */
  advance(n: number): Promise<void>;
  /** Clears the line. */
  done(): Promise<void>;
}

const SILENT: Progress = {
  advance: () => Promise.resolve(),
  done: () => Promise.resolve(),
};

/**
 * Whether progress may be shown: stderr is a terminal, `CI` is unset and
 * `--quiet` was not given.
 *
 * @param io The process IO.
 * @param quiet Whether `--quiet` was given.
 * @returns Whether to show a progress line.
 */
export function progressWanted(io: CliIo, quiet: boolean): boolean {
  if (!io.stderrIsTerminal || quiet) return false;
  const ci = io.env("CI");
  return ci === undefined || ci === "" || ci === "false" || ci === "0";
}

function seconds(value: number): string {
  if (!Number.isFinite(value)) return "?";
  const s = Math.ceil(value);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * Starts a progress line (or a silent one when `enabled` is false).
 *
 * @param io The process IO (stderr, clock).
 * @param options The total when known, the unit, and whether to show it.
 * @returns The progress line.
 */
export function startProgress(
  io: CliIo,
  options: { total?: number; unit: string; enabled: boolean },
): Progress {
  if (!options.enabled) return SILENT;
  const started = io.now().getTime();
  const format = new Intl.NumberFormat("en-US");
  let count = 0;
  let last = started;
  let shown = false;
  return {
    async advance(n) {
      count += n;
      const now = io.now().getTime();
      if (shown && now - last < EVERY_MS) return;
      const { total } = options;
      const done = total === undefined
        ? `${format.format(count)} ${options.unit}`
        : `${format.format(count)}/${format.format(total)} ${options.unit} (${
          Math.floor((100 * count) / Math.max(1, total))
        }%)`;
      let speed = "";
      if (now - started >= EVERY_MS) {
        const rate = count / ((now - started) / 1000);
        speed = ` · ${format.format(Math.round(rate))} ${options.unit}/s`;
        if (total !== undefined) {
          speed += ` · ETA ${seconds((total - count) / rate)}`;
        }
      }
      last = now;
      shown = true;
      await io.writeStderr(`\r\x1b[K${done}${speed}`);
    },
    async done() {
      if (shown) await io.writeStderr("\r\x1b[K");
    },
  };
}

/**
 * Counts the items of batches as they pass.
 *
 * @param batches The batches.
 * @param progress The progress line to advance.
 * @returns The same batches.
 */
export async function* counting<T>(
  batches: AsyncIterable<readonly T[]>,
  progress: Progress,
): AsyncGenerator<readonly T[]> {
  for await (const batch of batches) {
    await progress.advance(batch.length);
    yield batch;
  }
}
