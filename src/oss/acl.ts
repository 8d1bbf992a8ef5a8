/**
 * Bucket ACLs.
 *
 * @module
 */

/** A bucket's ACL. */
export type BucketAcl = "private" | "public-read" | "public-read-write";

/** The ACLs a bucket can have (GetBucketInfo, GetBucketAcl). */
export const BUCKET_ACLS: readonly [BucketAcl, ...BucketAcl[]] = [
  "private",
  "public-read",
  "public-read-write",
];
