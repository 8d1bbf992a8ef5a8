/**
 * The semantic rules on a manifest with schema errors, in the same pass as
 * the schema: they run on what passed the schema, and a rule that needs a
 * node which failed it skips that node.
 *
 * @module
 */
import { optionLookup } from "../manifest/effective.ts";
import {
  pathKey,
  type Salvage,
  watchBrokenReads,
} from "../manifest/salvage.ts";
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
 * The option names, in `objects[i]` or `defaults`, that hold a node which
 * failed the schema (`objects[2].response` for a bad
 * `objects[2].response.content-type`), and the entries and `defaults` that
 * failed as a whole.
 */
function brokenOptions(salvage: Salvage): Set<string> {
  const options = new Set<string>();
  for (const key of salvage.broken) {
    const path = key.split("\u0001");
    if (path[0] === "objects" && path.length >= 2) {
      options.add(pathKey(path.slice(0, 3)));
    } else if (path[0] === "defaults") {
      options.add(pathKey(path.slice(0, 2)));
    }
  }
  return options;
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
 * `styles`, …), whose value every finding may depend on.
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
  const broken = brokenOptions(salvage);
  // Own and inherited options are checked against `broken` here, so the
  // lookup reads the manifest directly: building it reads `defaults`, which
  // the view would take for a read of every default.
  const lookup = optionLookup(salvage.manifest);
  /** Whether entry `index` needs a failed node for option `name`. */
  const needsBroken = (index: number, name: LinkOptionName): boolean => {
    if (
      broken.has(pathKey(["objects", index])) ||
      broken.has(pathKey(["objects", index, name]))
    ) {
      return true;
    }
    const source = lookup(index, name);
    return source?.inherited !== false &&
      (broken.has("defaults") || broken.has(pathKey(["defaults", name])));
  };
  for (const rule of rules) {
    const taint = new Taint();
    const manifest = watchBrokenReads(salvage, (path) => taint.add(path));
    const findings: Finding[] = [];
    const context: RuleContext = {
      manifest,
      now: options.now,
      tokenExpiresAt: options.tokenExpiresAt,
      option<K extends LinkOptionName>(
        index: number,
        name: K,
      ): OptionSource<K> | undefined {
        if (!needsBroken(index, name)) return lookup(index, name);
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
