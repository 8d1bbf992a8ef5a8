/**
 * Waivers: `# osslinks-ignore: <rule>[,<rule>…] [reason]` comments in the
 * manifest, its `rules:` section (`<rule>: off|warning|error`) and
 * `--ignore <rule>`. A waived finding stays in the findings, marked
 * `suppressed`: it neither counts nor fails the run, and JSON and SARIF
 * reports keep it.
 *
 * Where a comment applies:
 * - after something on its line: to the findings on that line;
 * - alone on its line: to the next line that is neither blank nor a
 *   comment, and, when a mapping entry or a sequence item starts there, to
 *   every finding inside it (the whole object entry, for a comment above
 *   `- key: …`).
 *
 * @module
 */
import type { Diagnostic, Range, Severity } from "../diagnostic.ts";
import type { RuleSetting } from "../manifest/types.ts";
import { RULE_CATALOGUE } from "../catalogue/catalogue.ts";
import {
  UNWAIVABLE_REASONS,
  UNWAIVABLE_RULES,
  WAIVER_NOT_ALLOWED,
  WAIVER_UNKNOWN_RULE,
} from "../rules/waiver_rules.ts";
import { boundQuotes } from "../text/bound_quotes.ts";
import { closest } from "../text/closest.ts";
import type { YamlComment, YamlDocument, YamlPath } from "../yaml/load_yaml.ts";

export type { RuleSetting };

/**
 * The values of a `rules:` entry.
 *
 * @example Each setting of a rule in the manifest
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { RULE_SETTINGS } from "@osslinks/osslinks/report";
 *
 * const found = RULE_SETTINGS.map((setting) => {
 *   const text = `version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nrules: {key-encoded: ${setting}}\nobjects: [{key: a%20b.txt}]\n`;
 *   const now = new Date("2026-11-28T09:00:00Z");
 *   const [finding] = validateManifest(new TextEncoder().encode(text), { now }).diagnostics;
 *   return `${setting}: ${finding?.severity}${finding?.suppressed ? " (waived)" : ""}`;
 * });
 * if (found.join(", ") !== "off: warning (waived), warning: warning, error: error") {
 *   throw new Error(found.join(", "));
 * }
 * ```
 */
export const RULE_SETTINGS: readonly RuleSetting[] = [
  "off",
  "warning",
  "error",
];

/**
 * The word a waiver comment starts with, after the `#`.
 *
 * @example Waive a finding with a comment
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { WAIVER_MARKER } from "@osslinks/osslinks/report";
 *
 * const text = `version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects:\n  # ${WAIVER_MARKER}: key-encoded the object's name has a literal %\n  - {key: a%20b.txt}\n`;
 * const { diagnostics } = validateManifest(new TextEncoder().encode(text), {
 *   now: new Date("2026-11-28T09:00:00Z"),
 * });
 * const suppressed = diagnostics[0]?.suppressed;
 * if (suppressed?.via !== "comment" || suppressed.reason !== "the object's name has a literal %") {
 *   throw new Error(JSON.stringify(diagnostics));
 * }
 * ```
 */
export const WAIVER_MARKER = "osslinks-ignore";

/** Options of {@linkcode collectWaivers}. */
export interface CollectWaiversOptions {
  /** The manifest's file name, which its findings carry. */
  readonly file: string;
  /** The manifest's YAML, for its comments and `rules:` section. */
  readonly document?: YamlDocument | undefined;
  /** The rules `--ignore` names. */
  readonly ignore?: readonly string[] | undefined;
}

/** A comment's waiver of some rules. */
interface CommentWaiver {
  /** The line whose findings it waives. */
  readonly line: number;
  /** The node whose findings it waives, for a comment above one. */
  readonly path: YamlPath | undefined;
  /** The reason written after the rules. */
  readonly reason: string | undefined;
  /** Where the comment is. */
  readonly at: Range;
}

const KNOWN = new Set(RULE_CATALOGUE.map((rule) => rule.id));

/**
 * The rules only a command that reads no manifest reports, with what that
 * command reads: `inspect` (a URL) and `emulator` (its config file).
 */
const NO_MANIFEST: ReadonlyMap<string, string> = new Map(
  RULE_CATALOGUE.flatMap((rule) => {
    const only = rule.commands?.length === 1 ? rule.commands[0] : undefined;
    return only === "inspect"
      ? [[rule.id, "only osslinks inspect reports it, on a URL"]]
      : only === "emulator"
      ? [[rule.id, "only osslinks emulator reports it, on its config file"]]
      : [];
  }),
);

/** A waiver comment: its colon, then its rule names and reason. */
const COMMENT = new RegExp(`^#\\s*${WAIVER_MARKER}(?=[\\s:]|$)(:?)(.*)$`);

function startsWith(path: readonly PropertyKey[], prefix: YamlPath): boolean {
  return prefix.length <= path.length &&
    prefix.every((segment, index) => path[index] === segment);
}

/**
 * The waivers of one manifest run, applied to its findings.
 *
 * @example Apply a manifest's waivers to a later finding
 * ```ts
 * import { type Diagnostic, validateManifest } from "@osslinks/osslinks";
 * import { Waivers } from "@osslinks/osslinks/report";
 *
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nrules: {app-package-default-domain: warning}\nobjects: [{key: a.txt}]\n";
 * const { waivers } = validateManifest(new TextEncoder().encode(text), { now: new Date("2026-11-28T09:00:00Z") });
 * // A finding of `osslinks check`, found after validation.
 * const later: Diagnostic = { rule: "app-package-default-domain", severity: "error", message: "Refused", file: "links.yaml" };
 * if (waivers.applyOne(later).severity !== "warning") throw new Error("rules: re-levels the finding");
 * if (new Waivers("links.yaml").applyOne(later) !== later) throw new Error("no waiver, no change");
 * ```
 */
export class Waivers {
  readonly #file: string;
  readonly #comments = new Map<string, CommentWaiver[]>();
  readonly #settings = new Map<string, { setting: RuleSetting; at: Range }>();
  readonly #ignored = new Set<string>();
  readonly #findings: Diagnostic[] = [];

  /**
   * Makes an empty set of waivers; {@linkcode collectWaivers} fills one.
   *
   * @param file The manifest's file name.
   */
  constructor(file: string) {
    this.#file = file;
  }

  /**
   * The findings about the waivers themselves (`waiver-unknown-rule`,
   * `waiver-not-allowed`), which no waiver waives.
   */
  get findings(): readonly Diagnostic[] {
    return this.#findings;
  }

  /** Whether no waiver was given. */
  get empty(): boolean {
    return this.#comments.size === 0 && this.#settings.size === 0 &&
      this.#ignored.size === 0;
  }

  /** Checks a rule name a waiver gives; `true` when it may be waived. */
  #check(
    name: string,
    where: string,
    place: Pick<Diagnostic, "range" | "path">,
  ): boolean {
    const add = (rule: string, message: string, hint: string) =>
      this.#findings.push({
        rule,
        severity: "error",
        message: boundQuotes(message),
        hint,
        file: this.#file,
        ...(place.range !== undefined ? { range: place.range } : {}),
        ...(place.path !== undefined ? { path: place.path } : {}),
      });
    if (!KNOWN.has(name)) {
      const suggestion = closest(name, KNOWN);
      add(
        WAIVER_UNKNOWN_RULE,
        `Unknown rule "${name}" in ${where}`,
        suggestion !== undefined
          ? `did you mean "${suggestion}"?`
          : "the rules are listed in docs/rules.md",
      );
      return false;
    }
    if (UNWAIVABLE_RULES.has(name)) {
      add(
        WAIVER_NOT_ALLOWED,
        `Rule "${name}" in ${where} cannot be waived: its findings mean ${
          UNWAIVABLE_REASONS.get(name)
        }`,
        "fix what it finds instead",
      );
      return false;
    }
    const reporter = NO_MANIFEST.get(name);
    if (reporter !== undefined) {
      add(
        WAIVER_NOT_ALLOWED,
        `Rule "${name}" in ${where} cannot be waived: ${reporter}, never on a manifest`,
        "drop the waiver",
      );
      return false;
    }
    return true;
  }

  /** Adds the waivers of a comment. */
  #addComment(
    names: readonly { name: string; at: Range }[],
    waiver: CommentWaiver,
  ): void {
    for (const { name, at } of names) {
      if (!this.#check(name, "a waiver comment", { range: at })) continue;
      const list = this.#comments.get(name);
      if (list === undefined) this.#comments.set(name, [waiver]);
      else list.push(waiver);
    }
  }

  /** Adds a `rules:` entry. */
  #addSetting(name: string, setting: RuleSetting, at: Range): void {
    if (this.#check(name, "rules", { range: at, path: ["rules", name] })) {
      this.#settings.set(name, { setting, at });
    }
  }

  /** Adds an `--ignore` rule. */
  #addIgnored(name: string): void {
    if (this.#check(name, "--ignore", {})) this.#ignored.add(name);
  }

  /** Reports a comment that names no rule. */
  #addMalformed(at: Range): void {
    this.#findings.push({
      rule: WAIVER_UNKNOWN_RULE,
      severity: "error",
      message:
        `Waiver comment names no rule: write "# ${WAIVER_MARKER}: <rule>[,<rule>…] [reason]"`,
      file: this.#file,
      range: at,
    });
  }

  /**
   * Applies the waivers to one finding: the `rules:` severity, then the
   * first waiver that matches (a comment, `rules: off`, `--ignore`).
   *
   * @param diagnostic The finding.
   * @returns The finding, re-levelled or marked `suppressed` if a waiver
   *   applies; a finding already marked is returned as it is.
   */
  applyOne(diagnostic: Diagnostic): Diagnostic {
    if (diagnostic.suppressed || UNWAIVABLE_RULES.has(diagnostic.rule)) {
      return diagnostic;
    }
    const setting = this.#settings.get(diagnostic.rule);
    let out = diagnostic;
    if (
      setting !== undefined && setting.setting !== "off" &&
      setting.setting !== diagnostic.severity
    ) {
      out = { ...out, severity: setting.setting as Severity };
    }
    const comment = diagnostic.file === this.#file
      ? this.#comments.get(diagnostic.rule)?.find((waiver) =>
        diagnostic.range?.start.line === waiver.line ||
        (waiver.path !== undefined && diagnostic.path !== undefined &&
          startsWith(diagnostic.path, waiver.path))
      )
      : undefined;
    if (comment !== undefined) {
      return {
        ...out,
        suppressed: {
          kind: "inSource",
          via: "comment",
          ...(comment.reason !== undefined ? { reason: comment.reason } : {}),
          at: { file: this.#file, range: comment.at },
        },
      };
    }
    if (setting?.setting === "off") {
      return {
        ...out,
        suppressed: {
          kind: "inSource",
          via: "rules",
          at: { file: this.#file, range: setting.at },
        },
      };
    }
    if (this.#ignored.has(diagnostic.rule)) {
      return { ...out, suppressed: { kind: "external", via: "flag" } };
    }
    return out;
  }

  /**
   * Applies the waivers to findings.
   *
   * @param diagnostics The findings.
   * @returns The same findings, in order, re-levelled or marked
   *   `suppressed` where a waiver applies.
   */
  apply(diagnostics: readonly Diagnostic[]): Diagnostic[] {
    return this.empty
      ? [...diagnostics]
      : diagnostics.map((diagnostic) => this.applyOne(diagnostic));
  }

  /** Reads a `# osslinks-ignore:` comment. */
  static #readComment(
    document: YamlDocument,
    waivers: Waivers,
    comment: YamlComment,
  ): void {
    const match = COMMENT.exec(comment.text);
    if (match === null) return; // another comment that mentions the marker
    const { lines } = document;
    const commentRange = lines.range(
      comment.offset,
      comment.offset + comment.text.length,
    );
    const rest = match[2]!;
    const list = /^\s*([^\s,]+(?:\s*,\s*[^\s,]+)*)/.exec(rest);
    if (match[1] !== ":" || list === null) {
      waivers.#addMalformed(commentRange);
      return;
    }
    const restStart = comment.offset + comment.text.length - rest.length;
    const names: { name: string; at: Range }[] = [];
    let from = 0;
    for (const name of list[1]!.split(/\s*,\s*/)) {
      const index = rest.indexOf(name, from);
      from = index + name.length;
      names.push({
        name,
        at: lines.range(restStart + index, restStart + index + name.length),
      });
    }
    const reason = rest.slice(list[0]!.length).trim()
      .replace(/^(?:--|—|:)\s*/, "");
    let line = comment.line;
    let path: YamlPath | undefined;
    if (comment.ownLine) {
      // The next line that is neither blank nor only a comment.
      const last = lines.position(Number.MAX_SAFE_INTEGER).line;
      do line++; while (
        line <= last && /^\s*(?:#.*)?$/.test(lines.lineText(line))
      );
      path = document.nodeOnLine(line);
    }
    waivers.#addComment(names, {
      line,
      path,
      reason: reason === "" ? undefined : reason,
      at: commentRange,
    });
  }

  /**
   * Collects the waivers of a manifest run: the manifest's comments and
   * `rules:` section, and `--ignore`. A name that is not a rule of the
   * catalogue, or a rule that cannot be waived, is a finding
   * (`waiver-unknown-rule`, `waiver-not-allowed`) at the waiver.
   *
   * @param options The manifest's file name and YAML, and `--ignore`.
   * @returns The waivers, to apply to the run's findings.
   */
  static collect(options: CollectWaiversOptions): Waivers {
    const waivers = new Waivers(options.file);
    const { document } = options;
    if (document !== undefined) {
      for (const comment of document.comments(WAIVER_MARKER)) {
        Waivers.#readComment(document, waivers, comment);
      }
      const rules = (document.value as { rules?: unknown } | null)?.rules;
      if (
        rules !== null && typeof rules === "object" && !Array.isArray(rules)
      ) {
        for (const [name, setting] of Object.entries(rules)) {
          // A value outside off|warning|error is the schema's finding.
          if (!(RULE_SETTINGS as readonly unknown[]).includes(setting)) {
            continue;
          }
          waivers.#addSetting(
            name,
            setting as RuleSetting,
            document.locate(["rules", name], "key"),
          );
        }
      }
    }
    for (const name of options.ignore ?? []) waivers.#addIgnored(name);
    return waivers;
  }
}

/**
 * Collects the waivers of a manifest run ({@linkcode Waivers.collect}).
 *
 * @example Waive rules named by `--ignore`
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { collectWaivers } from "@osslinks/osslinks/report";
 *
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a%20b.txt}]\n";
 * const { diagnostics } = validateManifest(new TextEncoder().encode(text), {
 *   now: new Date("2026-11-28T09:00:00Z"),
 * });
 * const waivers = collectWaivers({ file: "links.yaml", ignore: ["key-encoded", "key-encodde"] });
 * if (waivers.apply(diagnostics)[0]?.suppressed?.via !== "flag") throw new Error("--ignore waives the finding");
 * if (waivers.findings[0]?.hint !== 'did you mean "key-encoded"?') {
 *   throw new Error(JSON.stringify(waivers.findings));
 * }
 * ```
 *
 * @param options The manifest's file name and YAML, and `--ignore`.
 * @returns The waivers.
 */
export function collectWaivers(options: CollectWaiversOptions): Waivers {
  return Waivers.collect(options);
}
