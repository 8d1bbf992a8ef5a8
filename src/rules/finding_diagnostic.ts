/**
 * The one way a finding at a manifest path becomes a located diagnostic,
 * for the manifest rules, the list files, the bucket checks and the probe.
 *
 * @module
 */
import type { Diagnostic, Range, Severity } from "../diagnostic.ts";
import { boundQuotes } from "../text/bound_quotes.ts";
import type { YamlPath } from "../yaml/load_yaml.ts";
import type { Finding } from "./rule.ts";

/** Where findings are reported: the manifest file and how to locate paths. */
export interface FindingPlace {
  /** The manifest's file name. */
  readonly file: string;
  /** Finds a path's range in the manifest, when its text is known. */
  readonly locate?:
    | ((path: YamlPath, target?: "key" | "value") => Range)
    | undefined;
  /** Removes secrets from a message or hint. @default {the text as is} */
  readonly redact?: (text: string) => string;
}

/**
 * Makes the diagnostic of a finding: quotes in the message and hint bounded,
 * the range located, the path kept (for waivers and fingerprints).
 *
 * @param rule The rule id.
 * @param severity The severity.
 * @param finding The finding.
 * @param place The file and how to locate the finding in it.
 * @returns The diagnostic.
 */
export function findingDiagnostic(
  rule: string,
  severity: Severity,
  finding: Finding,
  place: FindingPlace,
): Diagnostic {
  const redact = place.redact ?? ((text: string) => text);
  return {
    rule,
    severity,
    message: redact(boundQuotes(finding.message)),
    file: place.file,
    range: place.locate?.(finding.path, finding.target),
    ...(finding.hint !== undefined
      ? { hint: redact(boundQuotes(finding.hint)) }
      : {}),
    ...(finding.sensitive ? { sensitive: true } : {}),
    path: finding.path,
  };
}
