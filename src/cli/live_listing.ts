/**
 * `sign --live`'s `prefix:` listings, read page by page on every pass (the
 * scan, then the signing) and checked to be the same each time.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { BucketReadError, type PrefixLister } from "../check/read_bucket.ts";
import { RuntimeFailure } from "./usage_error.ts";

/** What one whole listing of a prefix gave: how many keys, and their digest. */
interface Listed {
  readonly count: number;
  readonly digest: string;
}

/**
 * Wraps a {@linkcode PrefixLister} for the signing pipeline: a request that
 * fails for good is a {@linkcode RuntimeFailure} naming it, and a listing
 * that gives other keys than the pass before (the bucket changed between
 * the scan and the signing) is one too, at its end, so that `--out` is not
 * written and nothing signed disagrees with what was checked.
 *
 * @param lister The bucket's prefix lister.
 * @returns A `listPrefix` source for `scanManifestLinks` and
 * `manifestLinkBatches`.
 */
export function liveListing(
  lister: PrefixLister,
): (prefix: string) => AsyncIterable<readonly string[]> {
  const first = new Map<string, Listed>();
  return async function* (prefix) {
    const hash = createHash("sha256");
    let count = 0;
    try {
      for await (const page of lister.list(prefix)) {
        count += page.length;
        for (const key of page) hash.update(key).update("\n");
        yield page;
      }
    } catch (error) {
      if (error instanceof BucketReadError) {
        throw new RuntimeFailure(error.message, { cause: error });
      }
      throw error;
    }
    const listed = { count, digest: hash.digest("hex") };
    const before = first.get(prefix);
    if (before === undefined) {
      first.set(prefix, listed);
    } else if (before.digest !== listed.digest) {
      throw new RuntimeFailure(
        `The listing of prefix "${prefix}" changed while signing (${before.count} keys, then ${count}): sign again`,
      );
    }
  };
}
