/**
 * `validateManifest`: the offline lint of a manifest, from bytes to findings.
 *
 * @module
 */
import {
  compareDiagnostics,
  type Diagnostic,
  type Range,
} from "../diagnostic.ts";
import {
  decodeManifest,
  DEFAULT_MAX_MANIFEST_BYTES,
} from "../manifest/decode.ts";
import { optionLookup } from "../rules/effective.ts";
import type { Manifest } from "../manifest/types.ts";
import { checkStructure } from "../rules/structure.ts";
import { MANIFEST_RULES } from "../rules/mod.ts";
import type { Finding, Rule, RuleContext } from "../rules/rule.ts";
import { runRulesOnSalvage } from "../rules/run_salvaged.ts";
import { salvageManifest } from "../rules/salvage.ts";
import {
  findSecrets,
  mayHoldSecret,
  SECRET_IN_MANIFEST,
} from "../rules/secret_in_manifest.ts";
import { LineIndex } from "../yaml/line_index.ts";
import { loadYaml, type Locate } from "../yaml/load_yaml.ts";
import { collectWaivers, type Waivers } from "./waivers.ts";
import { FindingCollector } from "../rules/finding_collector.ts";

/** Options of {@linkcode validateManifest}. */
export interface ValidateOptions {
  /** The file name diagnostics carry. @default {"links.yaml"} */
  readonly file?: string;
  /** The signing time relative expiries start from. @default {new Date()} */
  readonly now?: Date;
  /** When the STS token expires, if known. */
  readonly tokenExpiresAt?: Date | undefined;
  /** The largest manifest accepted, in bytes. @default {67108864} */
  readonly maxBytes?: number;
  /**
   * Rules whose findings are waived (`--ignore`), on top of the manifest's
   * own waivers (`# osslinks-ignore:` comments and its `rules:` section).
   * @default {[]}
   */
  readonly ignore?: readonly string[] | undefined;
}

/** The outcome of {@linkcode validateManifest}. */
export interface ValidationResult {
  /** The manifest, when it is schema-valid (it may still have findings). */
  readonly manifest: Manifest | undefined;
  /** Every finding, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  /** The source's line index, for code frames; absent when undecodable. */
  readonly lines: LineIndex | undefined;
  /** Whether the input could not be read as text (exit code 2). */
  readonly unreadable: boolean;
  /** Finds where a path of the manifest is written; absent when unparsed. */
  readonly locate: Locate | undefined;
  /**
   * The run's waivers, already applied to `diagnostics`: apply them to
   * later findings of the same manifest (`checkBucket`, list files).
   */
  readonly waivers: Waivers;
}

/**
 * Validates a manifest: decoding, YAML, schema and every semantic rule, in
 * one pass: with schema errors, the rules still run on the rest of the
 * manifest, and a rule skips only the nodes that failed the schema. It
 * never throws for bad input; every problem is a diagnostic pointing at the
 * line and column of the node at fault.
 *
 * @example Usage
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * const text = "version: 1\nbucket: {name: b, region: cn-hangzhou}\nobjects: [{key: a.txt}]\n";
 * const result = validateManifest(new TextEncoder().encode(text));
 * ```
 *
 * @param bytes The manifest file's bytes.
 * @param options The file name, clock and limits.
 * @returns The manifest (when schema-valid) and the sorted diagnostics.
 */
export function validateManifest(
  bytes: Uint8Array,
  options: ValidateOptions = {},
): ValidationResult {
  const file = options.file ?? "links.yaml";
  const decoded = decodeManifest(
    bytes,
    options.maxBytes ?? DEFAULT_MAX_MANIFEST_BYTES,
  );
  if (!decoded.ok) {
    const { problem } = decoded;
    const at = problem.at;
    const range: Range | undefined = at && {
      start: { ...at, offset: 0 },
      end: { ...at, offset: 0 },
    };
    const waivers = collectWaivers({ file, ignore: options.ignore });
    return {
      manifest: undefined,
      diagnostics: [
        {
          rule: problem.rule,
          severity: "error",
          message: problem.message,
          file,
          ...(range ? { range } : {}),
        } satisfies Diagnostic,
        ...waivers.findings,
      ].sort(compareDiagnostics),
      lines: undefined,
      unreadable: true,
      locate: undefined,
      waivers,
    };
  }
  const text = decoded.text;
  const loaded = loadYaml(text);
  if (!loaded.ok) {
    const lines = new LineIndex(text);
    const { range } = loaded.problem;
    // No rule ran: the line may hold a credential the parser choked on.
    const sensitive = mayHoldSecret(lines.lineText(range.start.line));
    const waivers = collectWaivers({ file, ignore: options.ignore });
    return {
      manifest: undefined,
      diagnostics: [
        {
          rule: loaded.problem.rule,
          severity: "error",
          message: loaded.problem.message,
          file,
          range,
          ...(sensitive ? { sensitive: true } : {}),
        } satisfies Diagnostic,
        ...waivers.findings,
      ].sort(compareDiagnostics),
      lines,
      unreadable: false,
      locate: undefined,
      waivers,
    };
  }
  const { document } = loaded;
  const collector = new FindingCollector({
    file,
    locate: (path, target) => document.locate(path, target),
  });
  const secretPaths = new Set<string>();
  for (const finding of findSecrets(document.value)) {
    secretPaths.add(pathKey(finding.path));
    collector.add(SECRET_IN_MANIFEST, "error", finding);
    const value = finding.target === "key"
      ? undefined
      : finding.path.reduce<unknown>(
        (node, name) => (node as Record<PropertyKey, unknown>)?.[name],
        document.value,
      );
    if (typeof value === "string") collector.hide(value);
  }
  const structure = checkStructure(document.value);
  for (const finding of structure.findings) {
    // A credential field is reported once, as a secret, not also as unknown.
    if (secretPaths.has(pathKey(finding.path))) continue;
    collector.add(finding.rule, "error", finding);
  }
  const manifest = structure.manifest;
  const now = options.now ?? new Date();
  const report = (rule: Rule, finding: Finding) => {
    // Other rules would quote the secret-looking value.
    if (secretPaths.has(pathKey(finding.path))) return;
    collector.add(rule.id, rule.severity, finding);
  };
  if (manifest !== undefined) {
    const option = optionLookup(manifest);
    for (const rule of MANIFEST_RULES) {
      const context: RuleContext = {
        manifest,
        now,
        tokenExpiresAt: options.tokenExpiresAt,
        option,
        report: (finding) => report(rule, finding),
      };
      rule.check(context);
    }
  } else {
    // Schema errors: the rules still run on the rest, in the same pass.
    const salvage = salvageManifest(document.value, structure.broken);
    if (salvage !== undefined) {
      runRulesOnSalvage(MANIFEST_RULES, salvage, {
        now,
        tokenExpiresAt: options.tokenExpiresAt,
      }, report);
    }
  }
  const waivers = collectWaivers({ file, document, ignore: options.ignore });
  return {
    manifest,
    diagnostics: waivers.findings.length === 0
      ? waivers.apply(collector.sorted())
      : [...waivers.apply(collector.sorted()), ...waivers.findings]
        .sort(compareDiagnostics),
    lines: document.lines,
    unreadable: false,
    locate: document.locate,
    waivers,
  };
}

function pathKey(path: readonly PropertyKey[]): string {
  return path.map(String).join("\u0001");
}
