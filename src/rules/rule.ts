/**
 * The shape of a manifest rule and what it sees.
 *
 * @module
 */
import type { Severity } from "../diagnostic.ts";
import type {
  LinkOptionName,
  Manifest,
  ObjectEntry,
} from "../manifest/types.ts";
import type { YamlPath } from "../yaml/load_yaml.ts";

/** A finding a rule reports, before it gets a file position. */
export interface Finding {
  /** The path of the node at fault. */
  readonly path: YamlPath;
  /** Point at the mapping key rather than the value. */
  readonly target?: "key" | "value";
  /** What is wrong. */
  readonly message: string;
  /** A suggestion. */
  readonly hint?: string;
  /** The node may hold a secret: reports must not quote its source line. */
  readonly sensitive?: boolean;
}

/** An option's effective value for one entry and the path it is written at. */
export interface OptionSource<K extends LinkOptionName> {
  /** The value. */
  readonly value: NonNullable<ObjectEntry[K]>;
  /** Where it is written: in the entry or in `defaults`. */
  readonly path: YamlPath;
  /** Whether it is written in `defaults`. */
  readonly inherited: boolean;
}

/** What a rule sees. */
export interface RuleContext {
  /**
   * The manifest, valid against the schema: for a file with schema errors,
   * the part that passed it, where reading a failed node drops the rule's
   * findings that rest on it.
   */
  readonly manifest: Manifest;
  /** The signing time that relative expiries start from. */
  readonly now: Date;
  /** When the STS token expires, if known. */
  readonly tokenExpiresAt: Date | undefined;
  /**
   * The effective value of a link option for entry `index`: its own, or the
   * default.
   */
  option<K extends LinkOptionName>(
    index: number,
    name: K,
  ): OptionSource<K> | undefined;
  /** Reports a finding; identical findings are kept once. */
  report(finding: Finding): void;
}

/**
 * The one shape of every rule that runs: the manifest rules (over a
 * {@linkcode RuleContext}) and the bucket checks (over the check's context)
 * differ only in what they read. Their public descriptions, with inspect's
 * and the list and probe codes, are in the one catalogue.
 *
 * @typeParam Context What the rule reads and reports into.
 */
export interface RuleOf<Context> {
  /** The stable kebab-case id. */
  readonly id: string;
  /** One line on what the rule checks, for the README's rule table. */
  readonly description: string;
  /** The severity of its findings. */
  readonly severity: Severity;
  /** Runs the rule. */
  check(context: Context): void;
}

/** One semantic rule of the manifest. */
export type Rule = RuleOf<RuleContext>;
