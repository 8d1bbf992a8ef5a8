import assert from "node:assert/strict";
import {
  formatSnapshot,
  parseSnapshot,
  SnapshotFormatError,
} from "../../src/check/snapshot.ts";
import type { BucketSnapshot } from "../../src/check/snapshot_schema.ts";
import { seededRandom } from "../_emulator.ts";

const FIXTURE = new URL("../fixtures/check/ok/snapshot.json", import.meta.url);

async function fixture(): Promise<BucketSnapshot> {
  return parseSnapshot(await Deno.readTextFile(FIXTURE));
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

Deno.test("formatSnapshot() and parseSnapshot() round-trip", async (t) => {
  const snapshot = await fixture();

  await t.step("the written text reads back to the same facts", () => {
    const text = formatSnapshot(snapshot);
    assert.ok(text.endsWith("}\n"));
    assert.deepEqual(parseSnapshot(text), snapshot);
    assert.equal(formatSnapshot(parseSnapshot(text)), text);
  });

  await t.step(
    "a hidden stored disposition round-trips, and only when true",
    () => {
      const [first, ...rest] = snapshot.objects;
      assert.ok(first?.status === "found");
      const hidden: BucketSnapshot = {
        ...snapshot,
        objects: [{
          ...first,
          contentDisposition: null,
          contentDispositionHidden: true,
        }, ...rest],
      };
      const text = formatSnapshot(hidden);
      assert.match(
        text,
        /"contentDisposition": null,\n\s*"contentDispositionHidden": true,\n/,
      );
      assert.deepEqual(parseSnapshot(text), hidden);
      assert.ok(!formatSnapshot(snapshot).includes("contentDispositionHidden"));
      assert.throws(
        () => parseSnapshot(text.replace('Hidden": true', 'Hidden": false')),
        SnapshotFormatError,
      );
    },
  );

  await t.step("the fixture is in the canonical form", async () => {
    assert.equal(formatSnapshot(snapshot), await Deno.readTextFile(FIXTURE));
  });

  await t.step("list order does not change the bytes (seeded shuffles)", () => {
    const random = seededRandom(20261128);
    const withA = formatSnapshot({
      ...snapshot,
      prefixes: [{ prefix: "a/", keys: [] }, ...snapshot.prefixes],
    });
    for (let round = 0; round < 20; round++) {
      const mixed: BucketSnapshot = {
        ...snapshot,
        objects: shuffled(snapshot.objects, random),
        prefixes: shuffled(
          [...snapshot.prefixes, { prefix: "a/", keys: [] }],
          random,
        ),
      };
      assert.equal(formatSnapshot(mixed), withA);
    }
  });

  await t.step("a version sorts after the current one of the same key", () => {
    const text = formatSnapshot({
      ...snapshot,
      objects: [
        { key: "k", version: "b", status: "no-such-key" },
        { key: "k", version: null, status: "no-such-key" },
        { key: "k", version: "a", status: "no-such-version" },
      ],
    });
    assert.deepEqual(
      parseSnapshot(text).objects.map((object) => object.version),
      [null, "a", "b"],
    );
  });

  await t.step("YAML with the same shape is read too", () => {
    const yaml = `osslinksSnapshot: 1
bucket: examplebucket
takenAt: "2026-11-28T08:00:00.000Z"
info: {creationDate: "2024-03-01T00:00:00.000Z", location: oss-cn-hangzhou, acl: private}
cors: none
cnames: []
styles: []
referer: null
objects:
  - {key: a.txt, version: null, status: no-such-key}
prefixes: []
rawImageProcessing: unknown
`;
    const parsed = parseSnapshot(yaml);
    assert.equal(parsed.cors, "none");
    assert.deepEqual(parsed.objects, [
      { key: "a.txt", version: null, status: "no-such-key" },
    ]);
  });
});

Deno.test("parseSnapshot() refuses what is not a version 1 snapshot", async (t) => {
  const good = JSON.parse(await Deno.readTextFile(FIXTURE));
  const cases: [string, string, RegExp][] = [
    ["broken JSON", '{"osslinksSnapshot": 1,', /^Not JSON or YAML: /],
    [
      "a list",
      "[1, 2]",
      /^Not an osslinks snapshot: no "osslinksSnapshot" field$/,
    ],
    ["another file", '{"version": 1}', /no "osslinksSnapshot" field/],
    [
      "version 2",
      JSON.stringify({ ...good, osslinksSnapshot: 2 }),
      /^Unsupported snapshot version "2": this osslinks reads version 1$/,
    ],
    [
      "a bad date",
      JSON.stringify({ ...good, takenAt: "yesterday" }),
      /^Invalid snapshot: "takenAt": Expected an ISO 8601 time$/,
    ],
    [
      "an unknown field",
      JSON.stringify({ ...good, secret: "x" }),
      /^Invalid snapshot: the snapshot: Unrecognized key: "secret"$/,
    ],
    [
      "a bad object status",
      JSON.stringify({
        ...good,
        objects: [{ key: "a", version: null, status: "lost" }],
      }),
      /^Invalid snapshot: "objects\[0\]\.status": /,
    ],
    [
      "a found object without its facts",
      JSON.stringify({
        ...good,
        objects: [{ key: "a", version: null, status: "found" }],
      }),
      /^Invalid snapshot: "objects\[0\]\.contentType": /,
    ],
  ];
  for (const [name, text, message] of cases) {
    await t.step(name, () => {
      assert.throws(() => parseSnapshot(text), (error) => {
        assert.ok(error instanceof SnapshotFormatError);
        assert.ok(error instanceof SyntaxError);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});
