/**
 * Link ids in flat memory: one 53-bit fingerprint per id, 8 bytes, instead
 * of the ids themselves, and no hash table's empty slots or doubling.
 *
 * @module
 */

/** Fingerprints a run holds: 2 MiB, so that a small batch stays small. */
const RUN = 1 << 18;

/**
 * Remembers fingerprints of ids, then tells which fingerprints came more
 * than once. A repeated id always shows; two different ids share a
 * fingerprint only rarely, so a caller confirms the answer exactly (see
 * `scanManifestLinks`). Random ids would collide with a chance of about
 * n²/2⁵⁴; ids that differ only in their last character collide more often,
 * as FNV's last step lets one character cancel a low-bit difference: a
 * search over 190 million ids found 9 pairs where 2 were expected (for a
 * million ids, about 2.5·10⁻⁴).
 *
 * The fingerprints are appended to runs of 2 MiB, and sorted once at the
 * end, natively, in one array the runs are moved into: 8 bytes an id (80 MB
 * for ten million), where the open-addressing table it replaces held 16 to
 * 32 bytes and twice that while it grew.
 */
export class IdFingerprints {
  #runs: Float64Array<ArrayBuffer>[] = [];
  #run = new Float64Array(RUN);
  #used = 0;
  #size = 0;

  /** How many ids were added. */
  get size(): number {
    return this.#size;
  }

  /**
   * Adds an id's fingerprint.
   *
   * @param id The id.
   */
  add(id: string): void {
    if (this.#used === RUN) {
      this.#runs.push(this.#run);
      this.#run = new Float64Array(RUN);
      this.#used = 0;
    }
    this.#run[this.#used++] = fingerprint(id);
    this.#size++;
  }

  /**
   * The fingerprints added more than once. The set is empty afterwards, and
   * its memory is given back as it goes, not at the next full garbage
   * collection.
   *
   * @returns The repeated fingerprints, each once.
   */
  repeated(): Set<number> {
    const all = new Float64Array(this.#size);
    let at = 0;
    for (const run of this.#runs.splice(0)) {
      all.set(run, at);
      at += RUN;
      // Detaching a buffer frees its memory at once.
      run.buffer.transfer(0);
    }
    all.set(this.#run.subarray(0, this.#used), at);
    this.release();
    all.sort();
    const repeated = new Set<number>();
    for (let i = 1; i < all.length; i++) {
      if (all[i] === all[i - 1]) repeated.add(all[i]!);
    }
    all.buffer.transfer(0);
    return repeated;
  }

  /** Forgets every id and gives the memory back now. */
  release(): void {
    for (const run of this.#runs) run.buffer.transfer(0);
    this.#run.buffer.transfer(0);
    this.#runs = [];
    this.#run = new Float64Array(RUN);
    this.#used = 0;
    this.#size = 0;
  }
}

/**
 * A 53-bit fingerprint of a text's UTF-16 code units, exact as a number:
 * two independent 32-bit FNV-1a-style hashes, all of one and the high 21
 * bits of the other.
 *
 * @param text The text.
 * @returns An integer from 0 to 2⁵³ − 1.
 */
export function fingerprint(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 0x200000 + (b >>> 11);
}
