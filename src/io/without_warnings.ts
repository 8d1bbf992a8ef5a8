/**
 * Silencing a noisy dependency (ali-oss prints advice with `console.warn`).
 *
 * @module
 */

/**
 * Runs `run` with `console.warn` silenced, restoring it before returning.
 * Only for synchronous work: anything the dependency warns about after an
 * `await` is not silenced.
 *
 * @param run The work.
 * @returns What `run` returns.
 */
export function withoutWarnings<T>(run: () => T): T {
  const realWarn = console.warn;
  console.warn = () => {};
  try {
    return run();
  } finally {
    console.warn = realWarn;
  }
}
