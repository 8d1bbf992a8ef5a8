/**
 * Retries with exponential backoff and full jitter: attempt `n` (from 1)
 * waits a random time in `[0, min(maxDelayMs, baseDelayMs × 2^(n-1)))`
 * before trying again. Sleep and randomness are injectable, so tests run
 * instantly and deterministically.
 *
 * @module
 */

/** How {@linkcode withRetry} retries. */
export interface RetryOptions {
  /** How many attempts in all, a whole number (below 1 counts as 1). @default {4} */
  readonly attempts?: number | undefined;
  /** The backoff base, in milliseconds. @default {200} */
  readonly baseDelayMs?: number | undefined;
  /** The longest wait, in milliseconds. @default {5000} */
  readonly maxDelayMs?: number | undefined;
  /** Waits; a `setTimeout` wait by default. */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Random numbers in `[0, 1)`; `Math.random` by default. */
  readonly random?: (() => number) | undefined;
}

/** What {@linkcode withRetry} needs besides the timing. */
export interface RetryPolicy extends RetryOptions {
  /** Whether a failure is worth another attempt. */
  readonly retryable: (error: unknown) => boolean;
  /** Told before each wait: the failed attempt (from 1), its error, the wait. */
  readonly onRetry?:
    | ((attempt: number, error: unknown, delayMs: number) => void)
    | undefined;
}

/** The default number of attempts. */
export const DEFAULT_ATTEMPTS = 4;

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The wait before the next attempt, with full jitter.
 *
 * @param attempt The attempt that failed, from 1.
 * @param options The backoff base, cap and randomness.
 * @returns The wait in milliseconds.
 */
export function backoffDelay(attempt: number, options: RetryOptions): number {
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 5000;
  const random = options.random ?? Math.random;
  return Math.floor(random() * Math.min(cap, base * 2 ** (attempt - 1)));
}

/**
 * Runs `run`, retrying retryable failures up to the attempt limit.
 *
 * @example Usage
 * ```ts
 * import { withRetry } from "./retry.ts";
 * let calls = 0;
 * const value = await withRetry(() => {
 *   calls++;
 *   return calls < 3 ? Promise.reject(new Error("busy")) : Promise.resolve("ok");
 * }, { retryable: () => true, sleep: () => Promise.resolve() });
 * // value === "ok", calls === 3
 * ```
 *
 * @param run The operation; called once per attempt.
 * @param policy Which failures to retry, how often and how long to wait.
 * @returns What `run` resolves to.
 * @throws {RangeError} When `policy.attempts` is not a whole number.
 * @throws The last failure, when it is not retryable or attempts run out.
 */
export async function withRetry<T>(
  run: () => Promise<T>,
  policy: RetryPolicy,
): Promise<T> {
  const attempts = policy.attempts ?? DEFAULT_ATTEMPTS;
  if (!Number.isSafeInteger(attempts)) {
    throw new RangeError(
      `Invalid retry attempts "${attempts}": expected a whole number`,
    );
  }
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 1;; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !policy.retryable(error)) throw error;
      const delay = backoffDelay(attempt, policy);
      policy.onRetry?.(attempt, error, delay);
      await sleep(delay);
    }
  }
}
