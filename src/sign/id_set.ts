/**
 * A set of link ids in flat memory: two 32-bit hashes per id in a typed
 * array, about 16 bytes per id at most, instead of the ids themselves.
 *
 * @module
 */

/**
 * Remembers 64-bit fingerprints of ids. {@linkcode IdFingerprints.add}
 * answers whether the fingerprint was there already: a repeated id always
 * is; a different id is only with a chance of about n²/2⁶⁵ (for a million
 * ids, 3·10⁻⁸), so a caller confirms a "seen" answer exactly (see
 * `findDuplicateIds`).
 */
export class IdFingerprints {
  #slots = new Uint32Array(2 * 1024);
  #size = 0;

  /** How many distinct fingerprints it holds. */
  get size(): number {
    return this.#size;
  }

  /**
   * Adds an id's fingerprint.
   *
   * @param id The id.
   * @returns Whether the fingerprint was there already.
   */
  add(id: string): boolean {
    if (2 * (this.#size + 1) > this.#slots.length / 2) this.#grow();
    const [a, b] = fingerprint(id);
    return this.#insert(this.#slots, a, b);
  }

  #insert(slots: Uint32Array, a: number, b: number): boolean {
    const mask = slots.length / 2 - 1;
    for (let slot = a & mask;; slot = (slot + 1) & mask) {
      const sa = slots[2 * slot]!;
      const sb = slots[2 * slot + 1]!;
      if (sa === 0 && sb === 0) {
        slots[2 * slot] = a;
        slots[2 * slot + 1] = b;
        this.#size++;
        return false;
      }
      if (sa === a && sb === b) return true;
    }
  }

  /**
   * Gives the table's memory back now rather than at the next full garbage
   * collection (16 MB for a million ids); the set is empty afterwards.
   */
  release(): void {
    // Detaching the buffer frees its memory at once.
    this.#slots.buffer.transfer(0);
    this.#slots = new Uint32Array(2 * 1024);
    this.#size = 0;
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Uint32Array(old.length * 2);
    this.#size = 0;
    for (let slot = 0; slot < old.length; slot += 2) {
      const a = old[slot]!;
      const b = old[slot + 1]!;
      if (a !== 0 || b !== 0) this.#insert(this.#slots, a, b);
    }
    old.buffer.transfer(0);
  }
}

/**
 * Two independent 32-bit FNV-1a hashes of a text's UTF-16 code units (never
 * both zero, which marks an empty slot).
 *
 * @param text The text.
 * @returns The two hashes.
 */
export function fingerprint(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a >>>= 0;
  b >>>= 0;
  return a === 0 && b === 0 ? [1, 0] : [a, b];
}
