/**
 * `sign --probe` against the emulator on loopback at the tests' clock (links
 * on the bound domain `static.localhost` reach it through its loopback fetch,
 * as if DNS pointed there; those on a `127.0.0.1` endpoint through the real
 * `fetch`): the
 * happy path, each kind of mismatch located at its manifest entry (exit 1),
 * retries of a 5xx, an unreachable host (exit 3) and no signature in any
 * message. A path-caching "CDN" (a fetch that answers a path's later
 * requests with its first answer, whatever the query) stands for what sits
 * between a link and OSS in real life.
 */
import assert from "node:assert/strict";
import { signCommand } from "../../src/cli/commands/sign.ts";
import type { EmulatorHandle } from "../../src/emulator/server.ts";
import {
  bucketData,
  KEY,
  NOW,
  startTestEmulator,
  testConfig,
} from "../_emulator.ts";
import {
  assertNoStackTrace,
  fakeIo,
  type JsonDiagnostic,
  jsonDiagnostics,
  runCommand,
} from "../_fake_io.ts";
import { runOsslinks } from "../_subprocess.ts";

const ENV = {
  OSS_ACCESS_KEY_ID: KEY.accessKeyId,
  OSS_ACCESS_KEY_SECRET: KEY.accessKeySecret,
};

/** The test bucket, with `static.localhost` bound and a CSV object. */
function probeBucket(): Record<string, unknown> {
  const data = bucketData();
  return {
    ...data,
    objects: [
      ...(data["objects"] as unknown[]),
      { key: "data.csv", content: "a,b\n", contentType: "text/csv" },
    ],
    domains: [
      ...(data["domains"] as unknown[]),
      { domain: "static.localhost", status: "Enabled" },
    ],
  };
}

/** A manifest on `host` (a bound domain, or an endpoint when `endpoint`). */
function manifest(
  host: string,
  objects: string,
  options: { endpoint?: boolean } = {},
): string {
  return `version: 1
bucket:
  name: examplebucket
  region: cn-hangzhou
  ${options.endpoint ? "endpoint" : "domain"}: ${host}
  https: false
rules:
  https-disabled: off
  inline-needs-domain: off
objects:
${objects}`;
}

interface Probed {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The in-memory files, with what the run wrote. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

async function probe(
  text: string,
  flags: readonly string[] = [],
  fetchImpl?: typeof fetch,
  files: Readonly<Record<string, string>> = {},
): Promise<Probed> {
  const fake = fakeIo({
    env: ENV,
    files: { "links.yaml": text, ...files },
    now: NOW,
  });
  const code = await runCommand(
    "sign",
    signCommand,
    [
      "links.yaml",
      "--now",
      NOW.toISOString(),
      "--probe",
      "--report",
      "json",
      ...flags,
    ],
    fake.io,
    {
      sleep: () => Promise.resolve(),
      random: () => 0.5,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    },
  );
  assertNoStackTrace(fake.stderr());
  return {
    code,
    stdout: fake.stdout(),
    stderr: fake.stderr(),
    files: fake.files,
  };
}

/** The findings that count, as `line:column rule message`. */
function located(stderr: string): string[] {
  return jsonDiagnostics(stderr)
    .filter((d) => !("suppressed" in d))
    .map((d: JsonDiagnostic) => `${d.line}:${d.column} ${d.rule} ${d.message}`);
}

/** No signature, credential or token in a text. */
function assertNoSecrets(text: string): void {
  assert.doesNotMatch(text, /x-oss-signature|Signature=|x-oss-credential/i);
  assert.ok(!text.includes(KEY.accessKeySecret));
}

/**
 * A CDN that caches by path: a path's first answer (status, headers, body)
 * is served again for every later request of that path, whatever its query.
 */
function pathCachingFetch(origin: typeof fetch): typeof fetch {
  const cache = new Map<
    string,
    { status: number; headers: Headers; body: Uint8Array }
  >();
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    let hit = cache.get(url.pathname);
    if (hit === undefined) {
      const response = await origin(url, init);
      hit = {
        status: response.status,
        headers: response.headers,
        body: new Uint8Array(await response.arrayBuffer()),
      };
      cache.set(url.pathname, hit);
    }
    return new Response(hit.body.slice(), {
      status: hit.status,
      headers: hit.headers,
    });
  };
}

async function withEmulator(
  run: (emulator: EmulatorHandle, host: string) => Promise<void>,
): Promise<void> {
  await using emulator = await startTestEmulator(
    await testConfig([probeBucket()]),
  );
  await run(emulator, `static.localhost:${emulator.port}`);
}

Deno.test("sign --probe: links that open as declared are no finding (exit 0)", async () => {
  await withEmulator(async (emulator, host) => {
    const ran = await probe(
      manifest(
        host,
        `  - key: hello.txt
  - key: image.png
    disposition: inline
  - id: report
    key: stored.txt
    filename: 2026年 "Q3" 报告.txt
  - key: docs/changelog.txt
    version: v1
    response: { content-type: text/plain; charset=utf-8 }
  - key: hello.txt
    id: head
    method: HEAD
`,
      ),
      [],
      emulator.fetch,
    );
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual(located(ran.stderr), []);
    assert.equal(JSON.parse(ran.stdout).links.length, 5);
    assert.deepEqual(
      emulator.requests().map((r) => `${r.method} ${r.key} ${r.status}`)
        .sort(),
      [
        "GET docs/changelog.txt 206",
        "GET hello.txt 206",
        "GET image.png 206",
        "GET stored.txt 206",
        "HEAD hello.txt 200",
      ],
    );
  });
});

Deno.test("sign --probe reports each mismatch at its entry (exit 1)", async (t) => {
  await withEmulator(async (emulator, host) => {
    await t.step("a missing object or version: probe-status", async () => {
      const ran = await probe(
        manifest(
          host,
          `  - key: missing.txt
  - key: missing.txt
    id: head
    method: HEAD
  - key: docs/changelog.txt
    version: v9
  - key: hello.txt
`,
        ),
        [],
        emulator.fetch,
      );
      assert.equal(ran.code, 1, ran.stderr);
      assert.deepEqual(located(ran.stderr), [
        '11:10 probe-status Link "missing.txt" answers 404 NoSuchKey: it does not open',
        '13:9 probe-status Link "head" (key "missing.txt") answers 404 NoSuchKey: it does not open',
        '16:14 probe-status Link "docs/changelog.txt" answers 404 NoSuchVersion: it does not open',
      ]);
      const first = JSON.parse(ran.stderr).diagnostics.find((
        d: { rule: string },
      ) => d.rule === "probe-status");
      assert.equal(first.hint, "upload the object, or correct the key");
      // The links are written all the same: exit 1 tells.
      assert.equal(JSON.parse(ran.stdout).links.length, 4);
      assertNoSecrets(ran.stderr);
    });

    await t.step("an inline CSV: probe-content-type", async () => {
      const ran = await probe(
        manifest(host, "  - key: data.csv\n    disposition: inline\n"),
        [],
        emulator.fetch,
      );
      assert.equal(ran.code, 1, ran.stderr);
      assert.deepEqual(located(ran.stderr), [
        '11:10 probe-content-type Link "data.csv" is inline but served as "text/csv", which browsers download rather than display',
      ]);
    });

    await t.step(
      "a CDN caching by path: content type, stored attachment, filename",
      async () => {
        // Each second link gets the answer of the first one of its path.
        const ran = await probe(
          manifest(
            host,
            `  - key: hello.txt
    id: text
    response: { content-type: text/plain }
  - key: hello.txt
    id: json
    response: { content-type: application/json }
  - key: stored.txt
    id: stored
  - key: stored.txt
    id: preview
    disposition: inline
  - key: docs/changelog.txt
    id: a
    filename: a.txt
  - key: docs/changelog.txt
    id: b
    filename: 第二 b.txt
`,
          ),
          ["--probe-concurrency", "1"],
          pathCachingFetch(emulator.fetch),
        );
        assert.equal(ran.code, 1, ran.stderr);
        assert.deepEqual(located(ran.stderr), [
          '16:15 probe-content-type Link "json" (key "hello.txt") is served as "text/plain", not as the declared response.content-type "application/json"',
          '21:18 probe-disposition Link "preview" (key "stored.txt") downloads (Content-Disposition: attachment), not inline as declared',
          '27:15 probe-filename Link "b" (key "docs/changelog.txt") names the file "a.txt", not "第二 b.txt" as declared',
        ]);
      },
    );

    await t.step(
      "an inline image on the default domain: OSS forces the download",
      async () => {
        const ran = await probe(
          manifest(
            `127.0.0.1:${emulator.port}`,
            "  - key: image.png\n    disposition: inline\n",
            { endpoint: true },
          ),
        );
        assert.equal(ran.code, 1, ran.stderr);
        const [finding] = JSON.parse(ran.stderr).diagnostics.filter((
          d: JsonDiagnostic & { suppressed?: unknown },
        ) => d.suppressed === undefined);
        assert.equal(finding.rule, "probe-disposition");
        assert.equal(
          finding.message,
          'Link "image.png" downloads (Content-Disposition: attachment), not inline as declared: OSS forced the download (x-oss-force-download: true)',
        );
        assert.match(finding.hint, /bind a custom domain/);
      },
    );
  });
});

Deno.test("sign --probe: a rules: setting or waiver applies to probe findings", async () => {
  await withEmulator(async (emulator, host) => {
    const text = manifest(host, "  - key: missing.txt\n")
      .replace("rules:\n", "rules:\n  probe-status: warning\n");
    const ran = await probe(text, [], emulator.fetch);
    assert.equal(ran.code, 0, ran.stderr);
    const [finding] = jsonDiagnostics(ran.stderr).filter((d) =>
      d.rule === "probe-status"
    );
    assert.equal(finding?.severity, "warning");
    const failing = await probe(text, ["--fail-on", "warning"], emulator.fetch);
    assert.equal(failing.code, 1);
    const commented = await probe(
      manifest(
        host,
        "  - key: missing.txt # osslinks-ignore: probe-status not uploaded yet\n",
      ),
      [],
      emulator.fetch,
    );
    assert.equal(commented.code, 0, commented.stderr);
    const waived = jsonDiagnostics(commented.stderr).filter((d) =>
      d.rule === "probe-status"
    ) as (JsonDiagnostic & { suppressed?: { reason: string } })[];
    assert.equal(waived.length, 1);
    assert.equal(waived[0]?.suppressed?.reason, "not uploaded yet");
  });
});

Deno.test("sign --probe tries a 5xx again, and a host that stays down is exit 3", async (t) => {
  await withEmulator(async (emulator, host) => {
    const objects = "  - key: hello.txt\n";
    await t.step("two 503s, then the answer: exit 0", async () => {
      emulator.faults.add({ key: "hello.txt", status: 503, times: 2 });
      const ran = await probe(manifest(host, objects), [], emulator.fetch);
      assert.equal(ran.code, 0, ran.stderr);
      assert.deepEqual(
        emulator.requests().map((r) => r.status),
        [503, 503, 206],
      );
    });
    await t.step("503 every time: exit 3, naming the host", async () => {
      emulator.faults.add({ key: "hello.txt", status: 503, times: Infinity });
      const ran = await probe(manifest(host, objects), [], emulator.fetch);
      assert.equal(ran.code, 3, ran.stderr);
      assert.equal(
        ran.stderr,
        `osslinks sign: Cannot probe link "hello.txt": "${host}" answered 503 ServiceUnavailable (4 attempts)\n`,
      );
      emulator.faults.clear();
    });
  });
  await t.step("a closed loopback port: exit 3, no URL", async () => {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    const ran = await probe(
      manifest(`127.0.0.1:${port}`, "  - key: hello.txt\n", {
        endpoint: true,
      }),
    );
    assert.equal(ran.code, 3, ran.stderr);
    assert.match(
      ran.stderr,
      new RegExp(
        `^osslinks sign: Cannot probe link "hello\\.txt": cannot connect to "127\\.0\\.0\\.1:${port}": TCP connection failed \\(.+\\) \\(4 attempts\\)\\n$`,
      ),
    );
    assert.equal(ran.stdout.includes("x-oss-signature"), false);
    assertNoSecrets(ran.stderr);
  });
});

Deno.test("sign --probe-concurrency is checked", async () => {
  for (
    const [flags, message] of [
      [["--probe-concurrency", "0"], 'Invalid --probe-concurrency "0"'],
      [["--probe-concurrency", "300"], 'Invalid --probe-concurrency "300"'],
    ] as const
  ) {
    const ran = await probe(manifest("127.0.0.1:9000", ""), flags);
    assert.equal(ran.code, 2);
    assert.ok(ran.stderr.includes(message), ran.stderr);
  }
  const fake = fakeIo({ env: ENV, files: { "links.yaml": "" } });
  const code = await runCommand(
    "sign",
    signCommand,
    ["links.yaml", "--probe-concurrency", "4"],
    fake.io,
    {},
  );
  assert.equal(code, 2);
  assert.equal(
    fake.stderr(),
    "osslinks sign: --probe-concurrency works with --probe only\n",
  );
});

/** A `list:` file of `count` keys: several read chunks, so several batches. */
function keyList(count: number): string {
  return Array.from(
    { length: count },
    (_, i) => `k/${String(i).padStart(6, "0")}.txt\n`,
  ).join("");
}

/**
 * A fetch that answers each link after a timer tick, as OSS would when it
 * honours the signed overrides (or with `status`), and counts the requests
 * in flight.
 */
function countingOss(status = 206): {
  fetch: typeof fetch;
  maxInFlight: () => number;
  requests: () => number;
  onRequest: (listener: () => void) => void;
} {
  let inFlight = 0;
  let max = 0;
  let count = 0;
  let listener = () => {};
  const fetchImpl: typeof fetch = async (input) => {
    const url = new URL(String(input));
    count++;
    listener();
    inFlight++;
    max = Math.max(max, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 0));
    inFlight--;
    return new Response(status === 206 ? "x" : null, {
      status,
      headers: {
        "content-type": "text/plain",
        "content-disposition":
          url.searchParams.get("response-content-disposition") ?? "",
      },
    });
  };
  return {
    fetch: fetchImpl,
    maxInFlight: () => max,
    requests: () => count,
    onRequest: (next) => listener = next,
  };
}

Deno.test("sign --probe streams: requests start as links are written, at most --probe-concurrency at once", async () => {
  const oss = countingOss();
  const fake = fakeIo({
    env: ENV,
    files: {
      "links.yaml": manifest("cdn.example.com", "  - list: keys.txt\n"),
      "keys.txt": keyList(1000),
    },
  });
  let writtenAtLast = "";
  oss.onRequest(() => writtenAtLast = fake.stdout());
  const code = await runCommand(
    "sign",
    signCommand,
    ["links.yaml", "--now", NOW.toISOString(), "--probe", "--format", "ndjson"],
    fake.io,
    { fetch: oss.fetch, sleep: () => Promise.resolve() },
  );
  assert.equal(code, 0, fake.stderr());
  assert.equal(oss.requests(), 1000);
  assert.equal(oss.maxInFlight(), 8);
  // The last request started once earlier links were already written.
  assert.ok(writtenAtLast.split("\n").length > 300, "links written first");
  assert.equal(fake.stdout().split("\n").length, 1001);
  assert.equal(
    fake.stderr(),
    "Signed and probed 1000 links from links.yaml: 0 errors, 0 warnings (1 waived)\n",
  );

  const three = countingOss();
  const again = fakeIo({
    env: ENV,
    files: {
      "links.yaml": manifest("cdn.example.com", "  - list: keys.txt\n"),
      "keys.txt": keyList(50),
    },
  });
  assert.equal(
    await runCommand(
      "sign",
      signCommand,
      [
        "links.yaml",
        "--now",
        NOW.toISOString(),
        "--probe",
        "--probe-concurrency",
        "3",
      ],
      again.io,
      { fetch: three.fetch },
    ),
    0,
  );
  assert.equal(three.maxInFlight(), 3);
});

Deno.test("sign --probe reports the first 100 findings by link order and counts the rest", async () => {
  const ran = await probe(
    manifest("cdn.example.com", "  - list: keys.txt\n"),
    [],
    countingOss(404).fetch,
    { "keys.txt": keyList(1000) },
  );
  assert.equal(ran.code, 1);
  const findings = located(ran.stderr);
  // The count has no position, so it comes first; then key order.
  assert.deepEqual(findings.slice(0, 3), [
    "null:null probe-status 900 more probe-status findings not shown (the first 100 probe findings are)",
    '11:11 probe-status Link "k/000000.txt" answers 404: it does not open',
    '11:11 probe-status Link "k/000001.txt" answers 404: it does not open',
  ]);
  assert.equal(findings.length, 101);
  assert.equal(
    findings[100],
    '11:11 probe-status Link "k/000099.txt" answers 404: it does not open',
  );
});

Deno.test("sign --probe without network permission is exit 2 naming the flag, nothing written", async () => {
  const dir = await Deno.makeTempDir({ prefix: "osslinks-probe-" });
  try {
    await Deno.writeTextFile(
      `${dir}/links.yaml`,
      manifest("127.0.0.1:9000", "  - key: hello.txt\n  - key: image.png\n", {
        endpoint: true,
      }),
    );
    const ran = await runOsslinks(
      ["sign", `${dir}/links.yaml`, "--probe", "--out", `${dir}/links.json`],
      {
        flags: [`--allow-read=${dir}`, `--allow-write=${dir}`, "--allow-env"],
        env: ENV,
      },
    );
    assert.equal(ran.code, 2, ran.stderr);
    assert.equal(
      ran.stderr,
      'osslinks sign: Missing permission: network access to "127.0.0.1:9000"; run again with --allow-net=127.0.0.1:9000\n',
    );
    assert.equal(ran.stdout, "");
    // Nothing half-written is left.
    assert.deepEqual(
      (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name),
      ["links.yaml"],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sign --probe probes a batch written as HTML pages too", async () => {
  await withEmulator(async (emulator, host) => {
    const ran = await probe(
      manifest(host, "  - key: missing.txt\n  - key: hello.txt\n"),
      ["--format", "html", "--out", "pages/"],
      emulator.fetch,
    );
    assert.equal(ran.code, 1, ran.stderr);
    assert.deepEqual(located(ran.stderr), [
      '11:10 probe-status Link "missing.txt" answers 404 NoSuchKey: it does not open',
    ]);
    // The pages are written all the same: exit 1 tells.
    assert.ok(ran.files.has("pages/index.html"));
    assert.ok(ran.files.has("pages/page-0001.html"));
  });
});
