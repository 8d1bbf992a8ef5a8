/**
 * The streaming batch engine: sinks write the whole-batch formatters' bytes,
 * list files split into lines at any chunk boundary, the scan finds what the
 * old all-in-memory planner found, and shards reassemble exactly.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { SignedLink } from "../../src/link.ts";
import { formatCsv } from "../../src/output/csv.ts";
import { formatHtml } from "../../src/output/html.ts";
import { formatJson } from "../../src/output/json.ts";
import { formatNdjson, formatNdjsonLink } from "../../src/output/ndjson.ts";
import {
  writeCsv,
  writeJson,
  writeNdjson,
} from "../../src/output/write_links.ts";
import { NotUtf8Error, textLines } from "../../src/io/text_lines.ts";
import { fingerprint, IdFingerprints } from "../../src/sign/id_set.ts";
import {
  scanManifestLinks,
  shardRange,
} from "../../src/sign/manifest_links.ts";
import {
  ManifestError,
  signManifest,
} from "../../src/pipeline/sign_manifest.ts";
import { validateManifest } from "../../src/pipeline/validate.ts";
import {
  defaultWorkers,
  WORKER_THRESHOLD,
} from "../../src/cli/commands/sign.ts";
import { runCli } from "../_fake_io.ts";
import { sampleBatch } from "../_output_sample.ts";

const NOW = ["--now", "2026-11-28T09:00:00Z"];
const ENV = { OSS_ACCESS_KEY_ID: "AKID", OSS_ACCESS_KEY_SECRET: "secret" };

async function collect(
  sink: (write: (text: string) => Promise<void>) => Promise<number>,
): Promise<{ text: string; count: number; pieces: number }> {
  let text = "";
  let pieces = 0;
  const count = await sink((piece) => {
    text += piece;
    pieces++;
    return Promise.resolve();
  });
  return { text, count, pieces };
}

Deno.test("writeJson/writeNdjson/writeCsv write the whole-batch formatters' bytes", async (t) => {
  const batch = sampleBatch();
  const head = {
    version: batch.version,
    bucket: batch.bucket,
    signedAt: batch.signedAt,
  };
  const shapes: [
    string,
    (links: SignedLink[]) => Iterable<SignedLink | SignedLink[]>,
  ][] = [
    ["one link at a time", (links) => links],
    ["in batches of 3", (links) =>
      Array.from(
        { length: Math.ceil(links.length / 3) },
        (_, i) => links.slice(3 * i, 3 * i + 3),
      )],
  ];
  for (const [shape, source] of shapes) {
    for (const size of [0, 1, 2, batch.links.length]) {
      await t.step(`${shape}, ${size} links`, async () => {
        const links = batch.links.slice(0, size);
        const whole = { ...batch, links };
        const json = await collect((w) => writeJson(source(links), head, w));
        assert.equal(json.text, formatJson(whole));
        assert.equal(json.count, size);
        const ndjson = await collect((w) => writeNdjson(source(links), w));
        assert.equal(ndjson.text, formatNdjson(whole));
        const csv = await collect((w) => writeCsv(source(links), w));
        assert.equal(csv.text, formatCsv(whole));
        const raw = await collect((w) =>
          writeCsv(source(links), w, { escapeFormulas: false, bom: true })
        );
        assert.equal(
          raw.text,
          formatCsv(whole, { escapeFormulas: false, bom: true }),
        );
      });
    }
  }
  await t.step(
    "a large batch is written in pieces of about 64 KiB",
    async () => {
      const many = Array.from({ length: 2000 }, () => batch.links).flat();
      const json = await collect((w) => writeJson(many, head, w));
      assert.equal(json.text, formatJson({ ...batch, links: many }));
      assert.ok(json.pieces > 10, `${json.pieces} writes`);
      assert.ok(json.text.length / json.pieces < 2 * 65536);
    },
  );
});

Deno.test("textLines() splits UTF-8 at any chunk boundary", async (t) => {
  const text = "\uFEFFa.txt\r\n报告/第三季度.pdf\n\n😀 emoji.png\nlast";
  const bytes = new TextEncoder().encode(text);
  const expected = ["a.txt\r", "报告/第三季度.pdf", "", "😀 emoji.png", "last"];
  await t.step("every split point of two chunks", async () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const lines = [];
      for await (
        const line of textLines([bytes.subarray(0, cut), bytes.subarray(cut)])
      ) lines.push(line);
      assert.deepEqual(lines.map((line) => line.text), expected, `cut ${cut}`);
      assert.deepEqual(lines.map((line) => line.number), [1, 2, 3, 4, 5]);
      // Offsets are UTF-16 offsets in the text without its BOM.
      const body = text.slice(1);
      for (const line of lines) {
        assert.equal(
          body.slice(line.offset, line.offset + line.text.length),
          line.text,
        );
      }
    }
  });
  await t.step("one byte at a time", async () => {
    const lines = [];
    for await (
      const line of textLines(Array.from(bytes, (byte) => Uint8Array.of(byte)))
    ) lines.push(line.text);
    assert.deepEqual(lines, expected);
  });
  await t.step("a bad byte is placed on its line", async () => {
    const bad = new Uint8Array([
      ...new TextEncoder().encode("a\nb\n"),
      0xff,
      0x0a,
    ]);
    for (const chunks of [[bad], [bad.subarray(0, 3), bad.subarray(3)]]) {
      await assert.rejects(async () => {
        for await (const _ of textLines(chunks));
      }, (error: unknown) => error instanceof NotUtf8Error && error.line === 3);
    }
  });
  await t.step("a text ending in LF has no empty last line", async () => {
    const lines = [];
    for await (const line of textLines([new TextEncoder().encode("a\nb\n")])) {
      lines.push(line.text);
    }
    assert.deepEqual(lines, ["a", "b"]);
  });
});

Deno.test("IdFingerprints tells which fingerprints came more than once", () => {
  const ids = new IdFingerprints();
  // Past one run of 2^18 fingerprints, so that runs are joined.
  const count = 300_000;
  for (let i = 0; i < count; i++) ids.add(`key/${i}.txt`);
  const twice = [0, 1, 262_143, 262_144, count - 1];
  for (const i of twice) ids.add(`key/${i}.txt`);
  ids.add("key/0.txt");
  assert.equal(ids.size, count + twice.length + 1);
  assert.deepEqual(
    ids.repeated(),
    new Set(twice.map((i) => fingerprint(`key/${i}.txt`))),
  );
  assert.equal(ids.size, 0, "empty afterwards");
  assert.deepEqual(ids.repeated(), new Set());
  ids.add("a");
  ids.add("b");
  ids.release();
  ids.add("a");
  assert.deepEqual(ids.repeated(), new Set(), "empty after release()");
});

Deno.test("fingerprint() gives distinct whole numbers below 2^53", () => {
  const seen = new Set<number>();
  for (const text of ["", "a", "b", "ab", "ba", "\u{1F600}", "key/1.txt"]) {
    const value = fingerprint(text);
    assert.ok(Number.isSafeInteger(value) && value >= 0, text);
    assert.equal(fingerprint(text), value, "the same text, the same value");
    seen.add(value);
  }
  assert.equal(seen.size, 7);
});

function manifestOf(text: string) {
  const result = validateManifest(new TextEncoder().encode(text), {
    now: new Date("2026-11-28T09:00:00Z"),
  });
  assert.ok(result.manifest, JSON.stringify(result.diagnostics));
  return result.manifest;
}

Deno.test("scanManifestLinks() confirms repeated fingerprints exactly: two ids that share one are no duplicates", async () => {
  // Found by a search over 190 million ids (id-<base 36>): different texts,
  // the same 53-bit fingerprint.
  const [one, other] = ["id-r4u42", "id-1ouv3s"];
  assert.notEqual(one, other);
  assert.equal(fingerprint(one), fingerprint(other));
  const manifest = manifestOf(`version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - key: ${one}
  - list: keys.txt
`);
  const scan = (keys: string) =>
    scanManifestLinks(manifest, {
      readList: () => [new TextEncoder().encode(keys)],
    });
  const shared = await scan(`${other}\nz.txt\n`);
  assert.equal(shared.total, 3);
  assert.deepEqual(shared.findings, []);
  const twice = await scan(`${other}\n${one}\n`);
  assert.deepEqual(
    twice.findings.map((f) => [f.rule, f.path.join("."), f.message]),
    [[
      "duplicate-id",
      "objects.1.list",
      `Duplicate link id "${one}": objects[0] has it too`,
    ]],
  );
});

Deno.test("scanManifestLinks() counts links and finds duplicates, unread lists and bad lines", async () => {
  const manifest = manifestOf(`version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - key: a.txt
  - list: one.txt
  - list: missing.txt
  - list: two.ndjson
  - prefix: photos/
`);
  const files: Record<string, string> = {
    "one.txt": "b.txt\nc.txt\na.txt\n",
    "two.ndjson": [
      '{"key": "d.txt"}',
      '{"key": "e.txt", "id": "b.txt"}',
      "not json",
      ...Array.from({ length: 150 }, () => '{"key": "/leading-slash"}'),
    ].join("\n"),
  };
  const result = await scanManifestLinks(manifest, {
    readList: (path) => {
      const text = files[path];
      if (text === undefined) throw new Deno.errors.NotFound(path);
      return [new TextEncoder().encode(text)];
    },
  });
  assert.equal(result.total, 6);
  assert.deepEqual(result.findings.map((f) => [f.rule, f.path.join(".")]), [
    ["list-unreadable", "objects.2.list"],
    ["prefix-needs-listing", "objects.4.prefix"],
    ["duplicate-id", "objects.1.list"],
    ["duplicate-id", "objects.3.list"],
  ]);
  assert.match(
    result.findings[2]!.message,
    /"a\.txt": objects\[0\] has it too/,
  );
  assert.match(
    result.findings[3]!.message,
    /"b\.txt": objects\[1\] has it too/,
  );
  assert.equal(result.listProblems.length, 100);
  assert.equal(result.omittedListProblems, 51);
  assert.equal(result.listProblems[0]!.file, "two.ndjson");
  assert.equal(result.listProblems[0]!.range?.start.line, 3);
  assert.equal(result.listProblems[1]!.range?.start.line, 4);
});

Deno.test("shardRange() cuts a batch into contiguous parts that cover it once", () => {
  for (const total of [0, 1, 7, 100, 1001]) {
    for (let count = 1; count <= 9; count++) {
      let next = 0;
      for (let index = 1; index <= count; index++) {
        const { start, end } = shardRange(total, { index, count });
        assert.equal(start, next);
        assert.ok(end >= start);
        next = end;
      }
      assert.equal(next, total);
    }
  }
});

Deno.test("sign --shard K/N: the parts reassemble exactly into the whole batch", async (t) => {
  const keys = Array.from({ length: 23 }, (_, i) => `photos/${i}.jpg`).join(
    "\n",
  );
  const files = {
    "m.yaml": `version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - key: first.txt
  - list: keys.txt
  - key: last.txt
`,
    "keys.txt": keys,
  };
  const sign = async (args: string[]) => {
    const run = await runCli(["sign", "m.yaml", ...NOW, ...args], {
      files,
      env: ENV,
    });
    assert.equal(run.code, 0, run.stderr);
    return run;
  };
  const whole = await sign(["--format", "ndjson"]);
  assert.equal(whole.stdout.split("\n").length - 1, 25);
  for (const count of [1, 2, 3, 4, 25, 30]) {
    await t.step(`${count} parts`, async () => {
      let joined = "";
      const ids = new Set<string>();
      for (let index = 1; index <= count; index++) {
        const part = await sign([
          "--format",
          "ndjson",
          "--shard",
          `${index}/${count}`,
        ]);
        assert.match(part.stderr, new RegExp(`shard ${index}/${count}`));
        for (const line of part.stdout.split("\n").filter(Boolean)) {
          const id = JSON.parse(line).id;
          assert.ok(!ids.has(id), `${id} is in one part only`);
          ids.add(id);
        }
        joined += part.stdout;
      }
      assert.equal(joined, whole.stdout);
    });
  }
  await t.step("JSON parts hold the same links", async () => {
    const all = JSON.parse((await sign([])).stdout).links;
    const parts = [];
    for (let index = 1; index <= 3; index++) {
      parts.push(
        ...JSON.parse((await sign(["--shard", `${index}/3`])).stdout).links,
      );
    }
    assert.deepEqual(parts, all);
  });
  await t.step("the README's merge commands rebuild JSON and CSV", async () => {
    const dir = await Deno.makeTempDir({ prefix: "osslinks-shards-" });
    try {
      for (const format of ["json", "csv"]) {
        for (let index = 1; index <= 3; index++) {
          const part = await sign([
            "--format",
            format,
            "--shard",
            `${index}/3`,
          ]);
          await Deno.writeTextFile(
            join(dir, `part-${index}.${format}`),
            part.stdout,
          );
        }
      }
      const sh = async (command: string) => {
        const ran = await new Deno.Command("sh", {
          args: ["-c", command],
          cwd: dir,
        })
          .output();
        assert.equal(ran.code, 0, new TextDecoder().decode(ran.stderr));
        return new TextDecoder().decode(ran.stdout);
      };
      const csv = await sh(
        "{ cat part-1.csv; tail -q -n +2 part-2.csv part-3.csv; }",
      );
      assert.equal(csv, (await sign(["--format", "csv"])).stdout);
      const jq = await new Deno.Command("sh", { args: ["-c", "command -v jq"] })
        .output();
      if (jq.code !== 0) {
        console.warn(
          "Skipping the jq merge of JSON parts: jq is not installed",
        );
        return;
      }
      const merged = await sh(
        `jq -s '{version: .[0].version, bucket: .[0].bucket, signedAt: .[0].signedAt, links: [.[].links[]]}' part-1.json part-2.json part-3.json`,
      );
      assert.deepEqual(JSON.parse(merged), JSON.parse((await sign([])).stdout));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
  await t.step("a bad --shard is a usage error", async () => {
    for (const bad of ["0/3", "4/3", "1/0", "x", "1/2/3", "-1/2"]) {
      const run = await runCli(["sign", "m.yaml", ...NOW, `--shard=${bad}`], {
        files,
        env: ENV,
      });
      assert.equal(run.code, 2, bad);
      assert.match(
        run.stderr,
        /Invalid --shard ".*": expected K\/N with 1 <= K <= N/,
      );
      assert.equal(run.stdout, "");
    }
  });
});

Deno.test("sign streams a list file of 20,000 keys with the bytes of one batch", async () => {
  const keys = Array.from({ length: 20_000 }, (_, i) => `k/${i}/报告 ${i}.pdf`);
  const files = {
    "m.yaml":
      "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects:\n  - list: keys.txt\n",
    "keys.txt": keys.join("\r\n") + "\r\n",
  };
  const json = await runCli(["sign", "m.yaml", ...NOW], { files, env: ENV });
  assert.equal(json.code, 0, json.stderr);
  const batch = JSON.parse(json.stdout);
  assert.deepEqual(batch.links.map((link: SignedLink) => link.key), keys);
  assert.equal(json.stdout, formatJson(batch));
  const csv = await runCli(["sign", "m.yaml", ...NOW, "--format", "csv"], {
    files,
    env: ENV,
  });
  assert.equal(csv.stdout, formatCsv(batch));
});

Deno.test("signManifest() signs a manifest in one call, or rejects with every finding", async (t) => {
  const credentials = { accessKeyId: "AKID", accessKeySecret: "secret" };
  const now = new Date("2026-11-28T09:00:00Z");
  const lists: Record<string, string> = { "keys.txt": "b.txt\na.txt\n" };
  const readList = (path: string) => [
    new TextEncoder().encode(lists[path] ?? ""),
  ];
  await t.step("the links, as sign gives them", async () => {
    const manifest =
      "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects:\n  - key: x.txt\n  - list: keys.txt\n";
    const links = [];
    for await (
      const link of signManifest(manifest, { credentials, now, readList })
    ) {
      links.push(link);
    }
    const cli = await runCli(["sign", "m.yaml", ...NOW, "--format", "ndjson"], {
      files: { "m.yaml": manifest, ...lists },
      env: ENV,
    });
    assert.equal(
      links.map((link) => formatNdjsonLink(link)).join(""),
      cli.stdout,
    );
  });
  await t.step(
    "a duplicate id across a list: ManifestError, nothing signed",
    async () => {
      const manifest =
        "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects:\n  - key: a.txt\n  - list: keys.txt\n";
      const links = [];
      await assert.rejects(
        async () => {
          for await (
            const link of signManifest(manifest, { credentials, now, readList })
          ) {
            links.push(link);
          }
        },
        (error: unknown) =>
          error instanceof ManifestError &&
          error.diagnostics.some((d) =>
            d.rule === "duplicate-id" && d.range?.start.line === 5
          ),
      );
      assert.equal(links.length, 0);
    },
  );
  await t.step("a schema error: ManifestError naming it", async () => {
    await assert.rejects(
      async () => {
        for await (
          const _ of signManifest("version: 1\nobjects: []\n", {
            credentials,
            now,
          })
        ) {
          // nothing
        }
      },
      ManifestError,
    );
  });
});

Deno.test("sign --workers N writes the bytes of one thread", async (t) => {
  const count = WORKER_THRESHOLD + 513;
  const keys = Array.from(
    { length: count },
    (_, i) => i % 7 === 0 ? `=cmd|${i}.csv` : `k/${i}/报告 ${i}.pdf`,
  );
  const files = {
    "m.yaml":
      "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou, domain: static.example.com}\ndefaults: {expires: 2h}\nobjects:\n  - key: first.txt\n  - list: keys.txt\n",
    "keys.txt": keys.join("\n"),
  };
  for (const format of ["ndjson", "json", "csv", "html"]) {
    await t.step(format, async () => {
      const sign = (workers: string, extra: string[] = []) =>
        runCli(
          [
            "sign",
            "m.yaml",
            ...NOW,
            "--format",
            format,
            "--workers",
            workers,
            ...extra,
          ],
          { files, env: ENV },
        );
      const one = await sign("0");
      assert.equal(one.code, 0, one.stderr);
      // The CLI writes bytes it made itself: they are the library's.
      const links: SignedLink[] = [];
      for await (
        const link of signManifest(files["m.yaml"], {
          credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
          now: new Date(NOW[1]!),
          readList: (path) => [
            new TextEncoder().encode(files[path as "keys.txt"]),
          ],
        })
      ) links.push(link);
      const batch = {
        version: 1 as const,
        bucket: "examplebucket",
        signedAt: NOW[1]!.replace("Z", ".000Z"),
        links,
      };
      const library = format === "ndjson"
        ? formatNdjson(batch)
        : format === "json"
        ? formatJson(batch)
        : format === "csv"
        ? formatCsv(batch, { escapeFormulas: true })
        : formatHtml(batch);
      assert.ok(one.stdout === library, `one thread, ${format}`);
      for (const workers of ["1", "2"]) {
        const many = await sign(workers);
        assert.equal(many.code, 0, many.stderr);
        assert.ok(many.stdout === one.stdout, `${workers} workers, ${format}`);
      }
      const shard = await sign("2", ["--shard", "2/3"]);
      const oneShard = await sign("0", ["--shard", "2/3"]);
      assert.ok(shard.stdout === oneShard.stdout, "a shard, in workers");
    });
  }
  await t.step("html pages", async () => {
    const pages = async (workers: string) => {
      const run = await runCli(
        [
          "sign",
          "m.yaml",
          ...NOW,
          "--format",
          "html",
          "--out",
          "pages/",
          "--workers",
          workers,
        ],
        { files, env: ENV },
      );
      assert.equal(run.code, 0, run.stderr);
      return new Map(
        [...run.fake.written].filter(([name]) => name.startsWith("pages/")),
      );
    };
    const one = await pages("0");
    // 20,514 links: the index and 21 pages of 1,000.
    assert.equal(one.size, 22);
    for (const workers of ["1", "2"]) {
      const many = await pages(workers);
      assert.deepEqual([...many.keys()], [...one.keys()]);
      for (const [name, text] of one) {
        assert.ok(many.get(name) === text, `${workers} workers, ${name}`);
      }
    }
  });
  await t.step("a bad --workers is a usage error", async () => {
    for (const bad of ["-1", "x", "65", "1.5"]) {
      const run = await runCli(["sign", "m.yaml", ...NOW, `--workers=${bad}`], {
        files,
        env: ENV,
      });
      assert.equal(run.code, 2, bad);
      assert.match(
        run.stderr,
        /Invalid --workers ".*": expected a whole number from 0 to 64/,
      );
    }
  });
});

Deno.test("sign reports running out of memory as a runtime failure, with no partial --out", async () => {
  const files = {
    "m.yaml":
      "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects:\n  - key: a.txt\n",
  };
  const run = await runCli(["sign", "m.yaml", ...NOW, "--out", "links.json"], {
    files,
    env: ENV,
    failWrite: () => new RangeError("Invalid string length"),
  });
  assert.equal(run.code, 3);
  assert.match(
    run.stderr,
    /osslinks sign: Cannot finish: the process ran out of memory \(Invalid string length\); nothing was written to --out/,
  );
  assert.doesNotMatch(run.stderr, /internal error/);
  assert.equal(run.fake.written.has("links.json"), false);
});

Deno.test("sign starts one worker per core but one by default, at least 1 and at most 7", () => {
  assert.deepEqual(
    [1, 2, 3, 4, 8, 9, 64].map(defaultWorkers),
    [1, 1, 2, 3, 7, 7, 7],
  );
});
