import assert from "node:assert/strict";
import type { Manifest } from "../../src/manifest/types.ts";
import { planLinks } from "../../src/sign/plan.ts";
import { signBatch, signLinks } from "../../src/sign/sign_links.ts";
import { decodeSignedUrl } from "../../src/inspect/decode.ts";
import { validateManifest } from "../../src/pipeline/validate.ts";

const NOW = new Date("2026-11-28T09:00:00Z");

/** Validates a manifest with one object, written as a YAML flow or key line. */
function validateObject(object: string) {
  const yaml = [
    "version: 1",
    "bucket: { name: examplebucket, region: cn-hangzhou }",
    "objects:",
    `  - ${object}`,
    "",
  ].join("\n");
  return validateManifest(new TextEncoder().encode(yaml));
}

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

Deno.test("planLinks() plans every filename validateManifest() accepts", async (t) => {
  // contentDisposition() refuses C0, DEL and C1 controls; validation must
  // refuse the same, or `sign` dies with an internal error.
  for (const code of [0x09, 0x7f, 0x80, 0x85, 0x9f, 0xa0]) {
    const filename = `a${String.fromCharCode(code)}b.pdf`;
    await t.step(
      `U+${code.toString(16).toUpperCase().padStart(4, "0")}`,
      () => {
        const result = validateObject(
          `{ key: a.pdf, filename: ${JSON.stringify(filename)} }`,
        );
        const refused = result.diagnostics.some((diagnostic) =>
          diagnostic.rule === "filename-unsafe"
        );
        if (refused) return;
        assert.ok(result.manifest !== undefined);
        const { plans } = planLinks(result.manifest, { now: NOW });
        assert.equal(plans[0]!.filename, filename);
      },
    );
  }
});

Deno.test("signLinks() signs every key validateManifest() accepts", async (t) => {
  // presignUrl() refuses the keys "." and ".." (URL parsers drop them);
  // validation must refuse them too, or `sign` dies with an internal error.
  for (const key of [".", "..", "a/..", "./a", "...", ".a"]) {
    await t.step(JSON.stringify(key), async () => {
      const result = validateObject(`key: ${JSON.stringify(key)}`);
      const refused = result.diagnostics.some((diagnostic) =>
        diagnostic.rule === "key-invalid"
      );
      if (refused) {
        assert.ok(key === "." || key === "..", key);
        return;
      }
      assert.ok(result.manifest !== undefined);
      const { plans } = planLinks(result.manifest, { now: NOW });
      const batch = await signBatch(plans, {
        bucket: result.manifest.bucket,
        credentials: CREDENTIALS,
        signedAt: NOW,
      });
      assert.equal(batch.links[0]!.key, key);
    });
  }
});

Deno.test("planLinks() downloads a key whose name is no header filename", async (t) => {
  // OSS keys may hold C1 controls, which Content-Disposition cannot carry:
  // the download then gets a bare `attachment` and the browser names the
  // file from the URL, instead of `sign` dying with an internal error.
  const key = "dir/a\u0085b.txt";
  await t.step("a key: entry", () => {
    const result = validateObject(`key: ${JSON.stringify(key)}`);
    assert.deepEqual(result.diagnostics, []);
    const { plans } = planLinks(result.manifest!, { now: NOW });
    assert.equal(plans[0]!.query["response-content-disposition"], "attachment");
    assert.equal(plans[0]!.filename, null);
  });
  await t.step("a prefix: listing", () => {
    const { plans } = planLinks({
      version: 1,
      bucket: { name: "examplebucket", region: "cn-hangzhou" },
      objects: [{ prefix: "dir/" }],
    }, { now: NOW, prefixes: new Map([["dir/", [key, "dir/ok.txt"]]]) });
    assert.deepEqual(
      plans.map((plan) => plan.query["response-content-disposition"]),
      [
        "attachment",
        `attachment; filename="ok.txt"; filename*=UTF-8''ok.txt`,
      ],
    );
  });
});
