/**
 * The shape of a bucket check and what it sees: the manifest, the bucket's
 * snapshot and the links, each tied to its manifest entry.
 *
 * @module
 */
import type { LinkOptionName, Manifest } from "../manifest/types.ts";
import type { Finding, OptionSource } from "../rules/rule.ts";
import type { CheckLink } from "./links.ts";
import type { BucketSnapshot, SnapshotObject } from "./snapshot_schema.ts";
import type { RuleOf } from "../rules/rule.ts";

/** A link with what HeadObject said about its object. */
export interface CheckedLink extends CheckLink {
  /** The object's facts from the snapshot. */
  readonly object: SnapshotObject;
}

/** What a bucket check sees. */
export interface CheckContext {
  /** The manifest, valid and free of errors. */
  readonly manifest: Manifest;
  /** The bucket's state. */
  readonly snapshot: BucketSnapshot;
  /** The signing time. */
  readonly now: Date;
  /** Every link, with its object's facts. */
  readonly links: readonly CheckedLink[];
  /** When the last link expires (`now` when there are no links). */
  readonly lastExpiry: Date;
  /** The effective value of a link option for entry `index`, and its path. */
  option<K extends LinkOptionName>(
    index: number,
    name: K,
  ): OptionSource<K> | undefined;
  /** Reports a finding; identical findings are kept once. */
  report(finding: Finding): void;
}

/** One prerequisite check of the bucket. */
export type CheckRule = RuleOf<CheckContext>;
