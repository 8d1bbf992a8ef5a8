import assert from "node:assert/strict";
import {
  checkBucket,
  SnapshotMismatchError,
} from "../../src/check/check_bucket.ts";
import { parseSnapshot } from "../../src/check/snapshot.ts";
import type {
  BucketSnapshot,
  SnapshotCertificate,
} from "../../src/check/snapshot_schema.ts";
import type { Diagnostic } from "../../src/diagnostic.ts";
import { validateManifest } from "../../src/pipeline/validate.ts";

const NOW = new Date("2026-11-28T09:00:00Z");
const BASE = new URL("../fixtures/check/ok/", import.meta.url);

async function base(): Promise<{ manifest: string; snapshot: BucketSnapshot }> {
  return {
    manifest: await Deno.readTextFile(new URL("links.yaml", BASE)),
    snapshot: parseSnapshot(
      await Deno.readTextFile(new URL("snapshot.json", BASE)),
    ),
  };
}

function run(text: string, snapshot: BucketSnapshot): Diagnostic[] {
  const validation = validateManifest(new TextEncoder().encode(text), {
    now: NOW,
  });
  assert.ok(validation.manifest && validation.locate);
  assert.deepEqual(
    validation.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  return [
    ...checkBucket(validation.manifest, snapshot, {
      now: NOW,
      locate: validation.locate,
    }).diagnostics,
  ];
}

function messages(diagnostics: readonly Diagnostic[], rule: string): string[] {
  return diagnostics.filter((d) => d.rule === rule).map((d) => d.message);
}

function withCertificate(
  snapshot: BucketSnapshot,
  certificate: Partial<SnapshotCertificate> | null,
): BucketSnapshot {
  const cname = snapshot.cnames[0]!;
  return {
    ...snapshot,
    cnames: [{
      ...cname,
      certificate: certificate === null
        ? null
        : { ...cname.certificate!, ...certificate },
    }],
  };
}

Deno.test("checkBucket() checks the custom domain's certificate", async (t) => {
  const { manifest, snapshot } = await base();
  const rule = "domain-certificate-invalid";
  await t.step("a valid certificate gives no finding", () => {
    assert.deepEqual(run(manifest, snapshot), []);
  });
  await t.step("no certificate", () => {
    assert.match(
      messages(run(manifest, withCertificate(snapshot, null)), rule)[0]!,
      /has no HTTPS certificate bound/,
    );
  });
  await t.step("no certificate is fine for http links", () => {
    const http = manifest.replace(
      "domain: static.example.com",
      "domain: static.example.com\n  https: false",
    );
    assert.deepEqual(
      messages(run(http, withCertificate(snapshot, null)), rule),
      [],
    );
  });
  await t.step("a disabled certificate", () => {
    assert.match(
      messages(
        run(manifest, withCertificate(snapshot, { status: "Disabled" })),
        rule,
      )[0]!,
      /has status "Disabled"/,
    );
  });
  await t.step("a certificate not yet valid at signing time", () => {
    assert.match(
      messages(
        run(
          manifest,
          withCertificate(snapshot, {
            validStartDate: "2026-12-01T00:00:00.000Z",
          }),
        ),
        rule,
      )[0]!,
      /valid only from 2026-12-01T00:00:00.000Z, after the links are signed/,
    );
  });
  await t.step("an expired certificate", () => {
    assert.match(
      messages(
        run(
          manifest,
          withCertificate(snapshot, {
            validEndDate: "2026-11-01T00:00:00.000Z",
          }),
        ),
        rule,
      )[0]!,
      /expired on 2026-11-01/,
    );
  });
  await t.step(
    "a certificate that ends before the last link (2h links)",
    () => {
      const ends = (end: string) =>
        messages(
          run(manifest, withCertificate(snapshot, { validEndDate: end })),
          rule,
        );
      assert.match(
        ends("2026-11-28T10:59:59.000Z")[0]!,
        /before the last link does \(2026-11-28T11:00:00.000Z\)/,
      );
      assert.deepEqual(ends("2026-11-28T11:00:01.000Z"), []);
    },
  );
  await t.step("a disabled domain", () => {
    const disabled = {
      ...snapshot,
      cnames: [{ ...snapshot.cnames[0]!, status: "Disabled" }],
    };
    assert.match(
      messages(run(manifest, disabled), "domain-not-bound")[0]!,
      /with status "Disabled"/,
    );
  });
  await t.step("the domain matches ListCname ignoring case", () => {
    assert.deepEqual(
      run(
        manifest.replace("static.example.com", "Static.Example.com"),
        snapshot,
      ),
      [],
    );
  });
});

Deno.test("checkBucket() follows the Referer a page really sends", async () => {
  const { manifest, snapshot } = await base();
  const http = manifest.replace(
    "domain: static.example.com",
    "domain: static.example.com\n  https: false",
  );
  const noEmpty = {
    ...snapshot,
    cnames: [{ ...snapshot.cnames[0]!, certificate: null }],
    referer: {
      ...snapshot.referer!,
      allowEmptyReferer: false,
      refererList: ["https://app.example.com/*"],
    },
  };
  assert.deepEqual(
    messages(run(manifest, noEmpty), "referer-blocks-origin"),
    [],
  );
  const [downgrade] = messages(run(http, noEmpty), "referer-blocks-origin");
  assert.match(
    downgrade!,
    /^Pages on "https:\/\/app.example.com" send no Referer to http links, and bucket "examplebucket" refuses it: requests without a Referer are refused \(403 AccessDenied, EC 0003-00000501\)$/,
  );
});

Deno.test("checkBucket() is silent about raw processing it could not learn", async () => {
  const { manifest, snapshot } = await base();
  const raw = manifest.replace(
    "    style: thumb",
    "    process: image/resize,w_10",
  );
  assert.deepEqual(run(raw, snapshot), []);
  assert.equal(
    messages(
      run(raw, { ...snapshot, rawImageProcessing: "refused" }),
      "process-styles-only",
    )
      .length,
    1,
  );
});

Deno.test("checkBucket() counts links and distinct objects", async () => {
  const { manifest, snapshot } = await base();
  const validation = validateManifest(new TextEncoder().encode(manifest), {
    now: NOW,
  });
  const result = checkBucket(validation.manifest!, snapshot, {
    now: NOW,
    locate: validation.locate!,
  });
  assert.equal(result.links, 5);
  assert.equal(result.objects, 5);
});

Deno.test("checkBucket() refuses a snapshot that does not cover the manifest", async (t) => {
  const { manifest, snapshot } = await base();
  const attempt = (text: string, facts: BucketSnapshot) => () =>
    run(text, facts);
  await t.step("another bucket", () => {
    assert.throws(attempt(manifest, { ...snapshot, bucket: "other" }), {
      name: "SnapshotMismatchError",
      message:
        'The snapshot is of bucket "other", the manifest of bucket "examplebucket"',
    });
  });
  await t.step("an object and a prefix added since", () => {
    const more = `${manifest}  - key: new.txt\n  - prefix: new/\n`;
    assert.throws(attempt(more, snapshot), (error) => {
      assert.ok(error instanceof SnapshotMismatchError);
      assert.equal(
        error.message,
        'The snapshot does not cover the manifest: no listing of prefix "new/"; no facts about object "new.txt"',
      );
      return true;
    });
  });
  await t.step("another version", () => {
    assert.throws(
      attempt(manifest.replace("version: v1", "version: v2"), snapshot),
      {
        message:
          'The snapshot does not cover the manifest: no facts about object "docs/changelog.txt" version "v2"',
      },
    );
  });
});
