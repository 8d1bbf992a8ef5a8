/**
 * Bounded concurrency: at most `limit` operations in flight.
 *
 * @module
 */

/**
 * Maps items through an async function with at most `limit` calls running
 * at once, keeping the input order. On the first failure no new call
 * starts; the ones running are awaited, then the failure is thrown.
 *
 * @example Usage
 * ```ts
 * import { mapBounded } from "./pool.ts";
 * const doubled = await mapBounded([1, 2, 3], 2, (n) => Promise.resolve(n * 2));
 * // [2, 4, 6]
 * ```
 *
 * @param items The inputs.
 * @param limit The most calls in flight, at least 1.
 * @param fn The operation.
 * @returns The results, in input order.
 * @throws The first failure.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
