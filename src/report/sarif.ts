/**
 * SARIF 2.1.0, as GitHub code scanning ingests it: every rule with its
 * descriptions, help, tags and documentation link; results with
 * fingerprints that survive lines moving; artifact URIs relative to
 * `%SRCROOT%`; waived findings as suppressions.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { Diagnostic, Range } from "../diagnostic.ts";
import type { Manifest } from "../manifest/types.ts";
import type { RuleInfo } from "../catalogue/rule_info.ts";

/** Options of {@linkcode formatSarif}. */
export interface SarifOptions {
  /** The rules to describe in `tool.driver.rules`. */
  readonly rules: readonly RuleInfo[];
  /** The tool version. */
  readonly version: string;
  /**
   * The absolute folder the file names of the findings are relative to
   * (the working folder). Without it, relative names are taken as relative
   * to `root`.
   */
  readonly cwd?: string | undefined;
  /**
   * The absolute folder `%SRCROOT%` stands for: artifact URIs are relative
   * to it, and `run.originalUriBaseIds` gives it as a `file:` URI. Files
   * outside it get absolute `file:` URIs. @default {cwd}
   */
  readonly root?: string | undefined;
  /**
   * The validated manifest, so that fingerprints name an object entry by
   * its id or key, not by its index (which entries added above would shift).
   */
  readonly manifest?: Manifest | undefined;
}

/**
 * The `uriBaseId` of artifact locations relative to the source root.
 *
 * @example Usage
 * ```ts
 * import { formatSarif, RULE_CATALOGUE, SRCROOT } from "@osslinks/osslinks/report";
 *
 * const finding = { rule: "https-disabled", severity: "warning" as const, message: "Links use http", file: "links.yaml" };
 * const log = JSON.parse(formatSarif([finding], { rules: RULE_CATALOGUE, version: "0.1.0", cwd: "/repo" }));
 * const run = log.runs[0];
 * const location = run.results[0].locations[0].physicalLocation.artifactLocation;
 * if (location.uriBaseId !== SRCROOT || run.originalUriBaseIds[SRCROOT].uri !== "file:///repo/") {
 *   throw new Error(JSON.stringify(run));
 * }
 * ```
 */
export const SRCROOT = "%SRCROOT%";

/**
 * The key of our fingerprint in `partialFingerprints`.
 *
 * @example A fingerprint survives lines moving
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { FINGERPRINT_KEY, formatSarif, RULE_CATALOGUE } from "@osslinks/osslinks/report";
 *
 * const fingerprint = (text: string): string => {
 *   const now = new Date("2026-11-28T09:00:00Z");
 *   const { diagnostics, manifest } = validateManifest(new TextEncoder().encode(text), { now });
 *   const log = formatSarif(diagnostics, { rules: RULE_CATALOGUE, version: "0.1.0", cwd: "/repo", manifest });
 *   return JSON.parse(log).runs[0].results[0].partialFingerprints[FINGERPRINT_KEY];
 * };
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt, expires: 0s}]\n";
 * const before = fingerprint(text);
 * if (typeof before !== "string" || fingerprint(`# moved down\n${text}`) !== before) {
 *   throw new Error("the fingerprint should not depend on the line");
 * }
 * ```
 */
export const FINGERPRINT_KEY = "osslinks/v1";

/** Encodes each segment of a path; "#" and "?" stay in the name. */
function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** `a/./b/../c` → `a/c`, keeping a leading `/` and leading `..`s. */
function normalize(path: string): string {
  const absolute = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") {
      out.pop();
    } else if (part !== ".." || !absolute) out.push(part);
  }
  return (absolute ? "/" : "") + out.join("/");
}

/** The `file:` URI of an absolute folder, with its trailing slash. */
function folderUri(folder: string): string {
  const path = normalize(folder);
  return `file://${encodePath(path === "/" ? "" : path)}/`;
}

/** Where a file name points, as SARIF's `artifactLocation`. */
function artifactLocation(
  file: string,
  options: SarifOptions,
): { uri: string; uriBaseId?: string } {
  // Standard input is no file of the repository.
  if (file === "<stdin>" || file === "-") return { uri: encodePath(file) };
  const root = options.root ?? options.cwd;
  const absolute = file.startsWith("/")
    ? normalize(file)
    : options.cwd !== undefined
    ? normalize(`${options.cwd}/${file}`)
    : undefined;
  if (absolute === undefined || root === undefined) {
    if (file.startsWith("/")) return { uri: `file://${encodePath(file)}` };
    const relative = normalize(file);
    return relative.startsWith("../")
      ? { uri: encodePath(relative) }
      : { uri: encodePath(relative), uriBaseId: SRCROOT };
  }
  const base = normalize(root);
  const prefix = base === "/" ? "/" : `${base}/`;
  if (absolute.startsWith(prefix)) {
    return {
      uri: encodePath(absolute.slice(prefix.length)),
      uriBaseId: SRCROOT,
    };
  }
  return { uri: `file://${encodePath(absolute)}` };
}

/**
 * The part of a finding that names what it is about, stable when lines
 * move: the YAML path of the node at fault, with an object entry named by
 * its id or selector when the manifest is known; else the message with its
 * numbers (positions) left out.
 */
function subject(diagnostic: Diagnostic, manifest?: Manifest): string {
  const path = diagnostic.path;
  if (path === undefined) {
    return `message:${diagnostic.message.replace(/\d+/g, "#")}`;
  }
  const parts = path.map((segment, index) => {
    if (typeof segment === "number") {
      const entry = index === 1 && path[0] === "objects"
        ? manifest?.objects[segment]
        : undefined;
      if (entry === undefined) return `[${segment}]`;
      const [name, value] = entry.id !== undefined
        ? ["id", entry.id]
        : entry.key !== undefined
        ? ["key", entry.key]
        : entry.prefix !== undefined
        ? ["prefix", entry.prefix]
        : ["list", entry.list];
      return `[${name}=${JSON.stringify(value)}]`;
    }
    return `.${JSON.stringify(String(segment))}`;
  });
  return `path:${parts.join("")}`;
}

/**
 * The results' fingerprints: a hash of the rule, the file and the
 * finding's subject, and which occurrence of that hash it is (findings are
 * sorted by position, so the order of equal subjects survives lines
 * moving).
 */
function fingerprints(
  diagnostics: readonly Diagnostic[],
  manifest: Manifest | undefined,
): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((diagnostic) => {
    const hash = createHash("sha256")
      .update(
        [diagnostic.rule, diagnostic.file, subject(diagnostic, manifest)]
          .join("\u0000"),
      )
      .digest("hex")
      .slice(0, 32);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}

/** Escapes what Markdown would read as markup in running text. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_<>[\]]/g, (char) => `\\${char}`);
}

/** Plain text from the rule docs' Markdown: code spans lose their ticks. */
function plain(markdown: string): string {
  return markdown.replaceAll("`", "");
}

/** A rule as a SARIF `reportingDescriptor`. */
function ruleDescriptor(rule: RuleInfo): Record<string, unknown> {
  const sentence = rule.description.endsWith(".")
    ? rule.description
    : `${rule.description}.`;
  const text = [
    sentence,
    ...(rule.why !== undefined ? [`Why: ${plain(rule.why)}`] : []),
    ...(rule.fix !== undefined ? [`How to fix: ${plain(rule.fix)}`] : []),
    ...(rule.helpUri !== undefined ? [`Documentation: ${rule.helpUri}`] : []),
  ];
  const markdown = [
    `**${escapeMarkdown(sentence)}**`,
    // why and fix are written in Markdown already.
    ...(rule.why !== undefined ? [`**Why:** ${rule.why}`] : []),
    ...(rule.fix !== undefined ? [`**How to fix:** ${rule.fix}`] : []),
    ...(rule.helpUri !== undefined
      ? [`[Documentation of \`${rule.id}\`](${rule.helpUri})`]
      : []),
  ];
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    fullDescription: {
      text: rule.why === undefined
        ? sentence
        : `${sentence} ${plain(rule.why)}`,
    },
    help: { text: text.join("\n\n"), markdown: markdown.join("\n\n") },
    ...(rule.helpUri !== undefined ? { helpUri: rule.helpUri } : {}),
    // SARIF has no "info" level: its "note" is the closest.
    defaultConfiguration: {
      level: rule.severity === "info" ? "note" : rule.severity,
    },
    properties: {
      tags: ["osslinks", ...(rule.tags ?? [])],
      ...(rule.securitySeverity !== undefined
        ? { "security-severity": rule.securitySeverity.toFixed(1) }
        : {}),
    },
  };
}

function region(range: Range): Record<string, number> {
  return {
    startLine: range.start.line,
    startColumn: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
  };
}

/**
 * Formats diagnostics as a SARIF 2.1.0 log with one run, for GitHub code
 * scanning (`github/codeql-action/upload-sarif`) and other SARIF viewers.
 * Waived findings are results with a `suppressions` entry.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatSarif } from "@osslinks/osslinks/report";
 * import { RULE_CATALOGUE } from "@osslinks/osslinks/report";
 *
 * const log = JSON.parse(formatSarif([{
 *   rule: "https-disabled",
 *   severity: "warning",
 *   message: "Links use http",
 *   file: "links.yaml",
 *   path: ["bucket", "https"],
 * }], { rules: RULE_CATALOGUE, version: "0.1.0", cwd: "/repo" }));
 * const result = log.runs[0].results[0];
 * assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, {
 *   uri: "links.yaml",
 *   uriBaseId: "%SRCROOT%",
 * });
 * assert.equal(log.runs[0].originalUriBaseIds["%SRCROOT%"].uri, "file:///repo/");
 * ```
 *
 * @param diagnostics The findings, already sorted.
 * @param options The rule catalogue, tool version, folders and manifest.
 * @returns The SARIF JSON text, LF-terminated.
 */
export function formatSarif(
  diagnostics: readonly Diagnostic[],
  options: SarifOptions,
): string {
  const ruleIndex = new Map(
    options.rules.map((rule, index) => [rule.id, index]),
  );
  const root = options.root ?? options.cwd;
  const prints = fingerprints(diagnostics, options.manifest);
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{
      // Our columns count code points; SARIF's default is UTF-16 units.
      columnKind: "unicodeCodePoints",
      originalUriBaseIds: {
        [SRCROOT]: {
          ...(root !== undefined ? { uri: folderUri(root) } : {}),
          description: {
            text:
              "The folder artifact URIs are relative to: the working folder, or --sarif-root",
          },
        },
      },
      tool: {
        driver: {
          name: "osslinks",
          version: options.version,
          informationUri: "https://github.com/osslinks/osslinks",
          rules: options.rules.map(ruleDescriptor),
        },
      },
      results: diagnostics.map((diagnostic, index) => {
        const location = artifactLocation(diagnostic.file, options);
        const suppressed = diagnostic.suppressed;
        return {
          ruleId: diagnostic.rule,
          ...(ruleIndex.has(diagnostic.rule)
            ? { ruleIndex: ruleIndex.get(diagnostic.rule) }
            : {}),
          level: diagnostic.severity,
          message: {
            text: diagnostic.hint === undefined
              ? diagnostic.message
              : `${diagnostic.message} (hint: ${diagnostic.hint})`,
          },
          locations: [{
            physicalLocation: {
              artifactLocation: location,
              ...(diagnostic.range ? { region: region(diagnostic.range) } : {}),
            },
          }],
          partialFingerprints: { [FINGERPRINT_KEY]: prints[index] },
          ...(suppressed
            ? {
              suppressions: [{
                kind: suppressed.kind,
                status: "accepted",
                ...(suppressed.reason !== undefined
                  ? { justification: suppressed.reason }
                  : {}),
                ...(suppressed.at !== undefined
                  ? {
                    location: {
                      physicalLocation: {
                        artifactLocation: artifactLocation(
                          suppressed.at.file,
                          options,
                        ),
                        region: region(suppressed.at.range),
                      },
                    },
                  }
                  : {}),
              }],
            }
            : {}),
        };
      }),
    }],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
