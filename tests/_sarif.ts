/**
 * Checks a SARIF log against the official SARIF 2.1.0 JSON Schema and
 * against what GitHub code scanning needs beyond it.
 *
 * `fixtures/sarif/sarif-schema-2.1.0.json` is the OASIS SARIF 2.1.0
 * (errata01) schema, byte for byte as in github.com/oasis-tcs/sarif-spec,
 * `sarif-2.1/schema/sarif-schema-2.1.0.json` at commit
 * a560296ca8c921f3bdb8d4a8db57ab83dae968a7 (whose history says it "exactly
 * matches OASIS' official version", the one published at
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json),
 * sha256 c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e.
 * No npm package ships that file: the one npm package found with a SARIF
 * schema, @microsoft/jest-sarif@1.0.0-beta.0, ships the earlier draft
 * `sarif-2.1.0-rtm.5.json`. The schema is draft-04, which ajv reads
 * through ajv-draft-04.
 *
 * @module
 */
import assert from "node:assert/strict";
import "npm:ajv@8.20.0";
import draft04 from "npm:ajv-draft-04@1.0.0";

const SCHEMA = new URL(
  "./fixtures/sarif/sarif-schema-2.1.0.json",
  import.meta.url,
);

/** RFC 3986 `URI-reference`: only its characters, and `%` escapes whole. */
function isUriReference(text: string): boolean {
  return /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/.test(
    text,
  ) && URL.canParse(text, "file:///base/");
}

// The package is CommonJS: its class is module.exports and its `default`.
type Draft04 = typeof draft04 extends { default: infer C } ? C : never;
const Ajv04 = (draft04 as unknown as { default: Draft04 }).default;

let validator: ReturnType<InstanceType<Draft04>["compile"]> | undefined;

/**
 * Asserts that a value is a valid SARIF 2.1.0 log by the official schema,
 * formats (`uri`, `uri-reference`, `date-time`) included.
 */
export function assertSarifSchema(log: unknown): void {
  if (validator === undefined) {
    const ajv = new Ajv04({ allErrors: true, strict: false });
    ajv.addFormat(
      "uri",
      (text: string) => URL.canParse(text) && isUriReference(text),
    );
    ajv.addFormat("uri-reference", isUriReference);
    ajv.addFormat(
      "date-time",
      (text: string) => !Number.isNaN(Date.parse(text)),
    );
    validator = ajv.compile(JSON.parse(Deno.readTextFileSync(SCHEMA)));
  }
  const validate = validator;
  assert.ok(
    validate(log),
    `Not valid SARIF 2.1.0: ${JSON.stringify(validate.errors, null, 2)}`,
  );
}

// deno-lint-ignore no-explicit-any
type Json = any;

/**
 * Asserts what GitHub code scanning reads beyond the schema: rules with
 * descriptions, help, a help URI, tags and a default level; results with
 * a known rule, fingerprints, and artifact URIs relative to `%SRCROOT%`
 * (defined in `originalUriBaseIds`) or absolute `file:` URIs.
 */
export function assertGithubReady(log: Json): void {
  assert.equal(log.version, "2.1.0");
  assert.equal(log.runs.length, 1);
  const [run] = log.runs;
  const rules = run.tool.driver.rules;
  const ids = new Set<string>();
  for (const rule of rules) {
    assert.ok(!ids.has(rule.id), `rule ${rule.id} listed once`);
    ids.add(rule.id);
    for (const field of ["shortDescription", "fullDescription"]) {
      assert.ok(rule[field]?.text?.length > 0, `${rule.id}: ${field}`);
    }
    assert.ok(rule.shortDescription.text.length <= 1024, rule.id);
    assert.ok(rule.help?.text?.length > 0, `${rule.id}: help.text`);
    assert.ok(rule.help?.markdown?.length > 0, `${rule.id}: help.markdown`);
    assert.match(rule.helpUri, new RegExp(`^https://[^#]+#${rule.id}$`));
    assert.ok(
      ["error", "warning", "note"].includes(rule.defaultConfiguration.level),
    );
    const tags: string[] = rule.properties.tags;
    assert.ok(tags.includes("osslinks"), `${rule.id}: tags`);
    assert.ok(tags.length <= 10 && new Set(tags).size === tags.length);
    const severity = rule.properties["security-severity"];
    if (tags.includes("security")) {
      assert.match(
        severity,
        /^(?:10\.0|\d\.\d)$/,
        `${rule.id}: security-severity`,
      );
    } else assert.equal(severity, undefined, rule.id);
  }
  const bases = run.originalUriBaseIds ?? {};
  for (const result of run.results) {
    assert.ok(
      ids.has(result.ruleId),
      `result of unknown rule ${result.ruleId}`,
    );
    assert.equal(rules[result.ruleIndex].id, result.ruleId);
    assert.ok(["error", "warning", "note"].includes(result.level));
    const prints = Object.values(result.partialFingerprints ?? {});
    assert.ok(
      prints.length > 0 &&
        prints.every((p) => typeof p === "string" && p !== ""),
    );
    assert.equal(result.locations.length, 1);
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    if (artifactLocation.uriBaseId !== undefined) {
      assert.equal(artifactLocation.uriBaseId, "%SRCROOT%");
      assert.ok(bases["%SRCROOT%"], "originalUriBaseIds defines %SRCROOT%");
      assert.ok(!/^[a-z][a-z0-9+.-]*:/i.test(artifactLocation.uri), "relative");
      assert.ok(!artifactLocation.uri.startsWith("/"), "relative");
    }
    if (region !== undefined) {
      assert.ok(region.startLine >= 1 && region.startColumn >= 1);
      assert.ok(region.endLine >= region.startLine);
    }
  }
  for (const base of Object.values(bases) as Json[]) {
    if (base.uri !== undefined) assert.match(base.uri, /^file:\/\/\/.*\/$/);
  }
}
