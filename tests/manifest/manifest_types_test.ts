import assert from "node:assert/strict";
import type { ManifestSchemaOutput } from "../../src/manifest/schema.ts";
import type { Manifest } from "../../src/manifest/types.ts";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends
  (<T>() => T extends B ? 1 : 2) ? true : false;

Deno.test("Manifest is exactly the zod schema's output type", () => {
  // Type-checking this file fails if the hand-written types drift from the schema.
  const same: Equals<ManifestSchemaOutput, Manifest> = true;
  assert.equal(same, true);
});
