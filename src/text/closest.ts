/**
 * "Did you mean": the closest known word by edit distance.
 *
 * @module
 */

/** The longest word a suggestion is looked for (names are short). */
const MAX_WORD = 128;

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(
        above + 1,
        previous[j - 1]! + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/**
 * Finds the candidate closest to `word`, if any is close enough to be a
 * likely typo (at most a third of the word's length in edits, case ignored:
 * `Disposition` suggests `disposition`). Between candidates as close case
 * ignored, the one closer in letter case wins. Words over 128 characters get
 * none.
 *
 * @param word The unknown word.
 * @param candidates The known words.
 * @returns The closest candidate, or `undefined`.
 */
export function closest(
  word: string,
  candidates: Iterable<string>,
): string | undefined {
  // Edit distance is quadratic: a megabyte-long value is no typo of a
  // short name, and comparing two such values would take minutes.
  if (word.length > MAX_WORD) return undefined;
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  // Among candidates as close case ignored, the one closer in case wins.
  let bestCased = Infinity;
  for (const candidate of candidates) {
    if (candidate.length > MAX_WORD) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance > limit || distance > bestDistance) continue;
    const cased = editDistance(word, candidate);
    if (distance < bestDistance || cased < bestCased) {
      best = candidate;
      bestDistance = distance;
      bestCased = cased;
    }
  }
  return best;
}
