/**
 * The signing half of the end-to-end tests: a manifest's text through
 * `validateManifest`, `planLinks` and `signBatch`, exactly as `sign` does,
 * at an injected clock.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Diagnostic } from "../src/diagnostic.ts";
import type { SignedBatch } from "../src/link.ts";
import type { Manifest } from "../src/manifest/types.ts";
import { planLinks } from "../src/sign/plan.ts";
import type { Credentials } from "../src/sign/presign.ts";
import { signingTime } from "../src/oss/signing_time.ts";
import { signBatch } from "../src/sign/sign_links.ts";
import { validateManifest } from "../src/pipeline/validate.ts";

/** A signed manifest and what validation said about it. */
export interface SignedManifest {
  /** The validated manifest. */
  readonly manifest: Manifest;
  /** The signed links, in manifest order. */
  readonly batch: SignedBatch;
  /** Every finding; none is an error. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Validates a manifest's text, asserts it has no error (warnings are fine),
 * then plans and signs every link at `now`.
 *
 * @param text The manifest, YAML.
 * @param options The signing time and the credentials.
 * @returns The manifest, the batch and the findings.
 */
export async function signManifest(
  text: string,
  options: { readonly now: Date; readonly credentials: Credentials },
): Promise<SignedManifest> {
  const signedAt = signingTime(options.now);
  const validation = validateManifest(new TextEncoder().encode(text), {
    now: signedAt,
  });
  const errors = validation.diagnostics.filter((d) => d.severity === "error");
  assert.deepEqual(
    errors.map((d) => `${d.rule}: ${d.message}`),
    [],
    `the manifest validates without errors:\n${text}`,
  );
  const manifest = validation.manifest;
  assert.ok(manifest !== undefined, "the manifest is schema-valid");
  const plan = planLinks(manifest, { now: signedAt });
  assert.deepEqual(plan.findings, [], "every entry expands");
  const batch = await signBatch(plan.plans, {
    bucket: manifest.bucket,
    credentials: options.credentials,
    signedAt,
  });
  return { manifest, batch, diagnostics: validation.diagnostics };
}
