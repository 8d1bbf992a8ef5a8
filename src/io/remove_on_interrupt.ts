/**
 * Temporary files (and folders) that an interrupt (Ctrl-C, SIGTERM) removes before the
 * process exits.
 *
 * @module
 */

/** The exit code of a process ended by each signal: 128 + its number. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

type Signal = keyof typeof SIGNAL_EXIT_CODES;

const pending = new Set<string>();
const listeners = new Map<Signal, () => void>();

function onSignal(signal: Signal): void {
  for (const path of pending) {
    try {
      Deno.removeSync(path, { recursive: true });
    } catch {
      // Not created yet, or already gone.
    }
  }
  pending.clear();
  Deno.exit(SIGNAL_EXIT_CODES[signal]);
}

function listen(): void {
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as Signal[]) {
    const listener = () => onSignal(signal);
    try {
      Deno.addSignalListener(signal, listener);
      listeners.set(signal, listener);
    } catch {
      // A signal this system does not have (SIGTERM on Windows).
    }
  }
}

function unlisten(): void {
  for (const [signal, listener] of listeners) {
    Deno.removeSignalListener(signal, listener);
  }
  listeners.clear();
}

/**
 * Removes `path` if SIGINT or SIGTERM arrives before the returned function
 * is called, then exits as the signal would have (130 or 143). While any
 * path is registered the process catches both signals; once none is, it
 * listens to neither, and the signals act as they did before.
 *
 * Register the path before creating the file, so that no moment exists in
 * which the file is there and an interrupt would leave it.
 *
 * @param path The temporary file.
 * @returns A function that unregisters `path` (call it once the file has
 *   been renamed or removed).
 */
export function removeOnInterrupt(path: string): () => void {
  if (pending.size === 0) listen();
  pending.add(path);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    pending.delete(path);
    if (pending.size === 0) unlisten();
  };
}
