/**
 * The emulator's request log: a ring of the most recent records, so that a
 * long-running emulator remembers a bounded number of requests.
 *
 * @module
 */

/** How many requests the emulator remembers unless told otherwise. */
export const DEFAULT_REQUEST_LOG_SIZE = 1000;

/**
 * A ring buffer that keeps the last `capacity` items, dropping the oldest
 * first.
 *
 * @typeParam T The item type.
 */
export class RequestLog<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;
  #next = 0;
  #dropped = 0;

  /**
   * Creates an empty log.
   *
   * @param capacity How many items to keep; `0` keeps none.
   * @throws {RangeError} If the capacity is not a whole number from 0 up.
   */
  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) {
      throw new RangeError(
        `Invalid request log size ${capacity}: expected a whole number from 0 up`,
      );
    }
    this.#capacity = capacity;
  }

  /** How many items the log keeps at most. */
  get capacity(): number {
    return this.#capacity;
  }

  /** How many items were dropped to make room (or not kept, at capacity 0). */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Adds an item, dropping the oldest one when the log is full.
   *
   * @param item The item.
   */
  push(item: T): void {
    if (this.#capacity === 0) {
      this.#dropped++;
      return;
    }
    if (this.#items.length < this.#capacity) {
      this.#items.push(item);
      return;
    }
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.#capacity;
    this.#dropped++;
  }

  /**
   * The items kept, oldest first.
   *
   * @returns A copy.
   */
  toArray(): T[] {
    return [
      ...this.#items.slice(this.#next),
      ...this.#items.slice(0, this.#next),
    ];
  }
}
