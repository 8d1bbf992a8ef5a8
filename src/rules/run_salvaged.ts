/**
 * The semantic rules on a manifest with schema errors, in the same pass as
 * the schema: they run on what passed the schema, and a rule that needs a
 * node which failed it skips that node.
 *
 * @module
 */
import { optionLookup } from "./effective.ts";
import { brokenReadViews, type Salvage } from "./salvage.ts";
import type { LinkOptionName } from "../manifest/types.ts";
import type { YamlPath } from "../yaml/load_yaml.ts";
import type { Finding, OptionSource, Rule, RuleContext } from "./rule.ts";

/** What a rule's findings depend on that failed the schema. */
class Taint {
  /** A node outside `objects[i]` (the bucket, `styles` …) failed. */
  global = false;
  /** The entries with a failed node the rule needed. */
  readonly entries = new Set<number>();

  add(path: YamlPath): void {
    if (path[0] === "objects" && typeof path[1] === "number") {
      this.entries.add(path[1]);
    } else {
      this.global = true;
    }
  }

  /** Whether a finding rests on a node that failed the schema. */
  covers(finding: Finding): boolean {
    if (this.global) return true;
    const [field, index] = finding.path;
    return field === "objects" && typeof index === "number" &&
      this.entries.has(index);
  }
}

/**
 * Where the nodes that failed the schema are, for the options: the entries
 * that failed as a whole, the option names of each entry that hold a failed
 * node (`response` for a bad `objects[2].response.content-type`), and those
 * of `defaults`.
 */
class BrokenOptions {
  readonly #entries = new Set<number>();
  readonly #options = new Map<number, Set<string>>();
  readonly #defaults = new Set<string>();
  #allDefaults = false;

  constructor(paths: readonly YamlPath[]) {
    for (const [field, index, name] of paths) {
      if (field === "objects" && typeof index === "number") {
        if (name === undefined) this.#entries.add(index);
        else {
          const names = this.#options.get(index) ?? new Set<string>();
          names.add(String(name));
          this.#options.set(index, names);
        }
      } else if (field === "defaults") {
        if (index === undefined) this.#allDefaults = true;
        else this.#defaults.add(String(index));
      }
    }
  }

  /** Whether entry `index`'s own `name` option holds a failed node. */
  own(index: number, name: string): boolean {
    return this.#entries.has(index) ||
      this.#options.get(index)?.has(name) === true;
  }

  /** Whether the default of option `name` holds a failed node. */
  inherited(name: string): boolean {
    return this.#allDefaults || this.#defaults.has(name);
  }
}

/** The settings every rule sees. */
export interface SalvagedRunOptions {
  /** The signing time. */
  readonly now: Date;
  /** When the STS token expires, if known. */
  readonly tokenExpiresAt: Date | undefined;
}

/**
 * Runs rules on a salvaged manifest. Each rule sees the manifest through a
 * view that notes every read of a node which failed the schema; an entry's
 * option whose own value, or the default it would inherit, failed reads as
 * absent and is noted too. A rule's findings are then dropped when they
 * rest on such a node: those inside an entry whose failed node it read, or
 * all of them when it read a failed node outside `objects` (the bucket,
 * `styles`, …), whose value every finding may depend on. A finding about
 * one entry that compares it with another (`duplicate-id`) is kept when
 * only the other entry holds the failed node.
 *
 * @param rules The rules.
 * @param salvage The manifest without its failed nodes.
 * @param options The clock and token expiry.
 * @param report Receives each kept finding with its rule.
 */
export function runRulesOnSalvage(
  rules: readonly Rule[],
  salvage: Salvage,
  options: SalvagedRunOptions,
  report: (rule: Rule, finding: Finding) => void,
): void {
  const broken = new BrokenOptions(salvage.paths);
  // Own and inherited options are checked against `broken` here, so the
  // lookup reads the manifest directly: building it reads `defaults`, which
  // the view would take for a read of every default.
  const lookup = optionLookup(salvage.manifest);
  let taint = new Taint();
  const view = brokenReadViews(salvage, (path) => taint.add(path));
  for (const rule of rules) {
    taint = new Taint();
    const manifest = view();
    const findings: Finding[] = [];
    const context: RuleContext = {
      manifest,
      now: options.now,
      tokenExpiresAt: options.tokenExpiresAt,
      option<K extends LinkOptionName>(
        index: number,
        name: K,
      ): OptionSource<K> | undefined {
        if (!broken.own(index, name)) {
          const source = lookup(index, name);
          if (source?.inherited === false || !broken.inherited(name)) {
            return source;
          }
        }
        // The value the entry would use failed the schema.
        taint.add(["objects", index, name]);
        return undefined;
      },
      report: (finding) => findings.push(finding),
    };
    rule.check(context);
    for (const finding of findings) {
      if (!taint.covers(finding)) report(rule, finding);
    }
  }
}
