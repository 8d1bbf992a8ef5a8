import assert from "node:assert/strict";
import type { Manifest } from "../src/manifest/types.ts";
import { planLinks } from "../src/sign/plan.ts";
import { signBatch, signLinks } from "../src/sign/sign_links.ts";
import { decodeSignedUrl } from "../src/inspect/decode.ts";

const CREDENTIALS = {
  accessKeyId: "AKID",
  accessKeySecret: "secret",
};

function manifest(signature: "v1" | "v4"): Manifest {
  return {
    version: 1,
    bucket: { name: "examplebucket", region: "cn-hangzhou", signature },
    objects: [{ key: "a.txt", expires: 60 }, {
      key: "b.txt",
      expires: "2026-11-28T10:00:00Z",
    }],
  };
}

Deno.test("signLinks() reports the expiry the URL carries when the time has milliseconds", async (t) => {
  // A library caller that passes the clock as is: `x-oss-date` and `Expires`
  // are whole seconds, so the reported times must be too.
  const now = new Date("2026-11-28T09:00:00.900Z");
  for (const signature of ["v1", "v4"] as const) {
    await t.step(signature, async () => {
      const { plans } = planLinks(manifest(signature), { now });
      const links = [];
      for await (
        const link of signLinks(plans, {
          bucket: manifest(signature).bucket,
          credentials: CREDENTIALS,
          signedAt: now,
        })
      ) links.push(link);
      assert.deepEqual(
        links.map((link) => link.expiresAt),
        ["2026-11-28T09:01:00.000Z", "2026-11-28T10:00:00.000Z"],
      );
      for (const link of links) {
        const decoded = decodeSignedUrl(link.url, { now });
        assert.equal(decoded.expiresAt?.toISOString(), link.expiresAt);
      }
    });
  }
  await t.step(
    "signBatch() reports the whole-second signing time",
    async () => {
      const { plans } = planLinks(manifest("v4"), { now });
      const batch = await signBatch(plans, {
        bucket: manifest("v4").bucket,
        credentials: CREDENTIALS,
        signedAt: now,
      });
      assert.equal(batch.signedAt, "2026-11-28T09:00:00.000Z");
    },
  );
});
