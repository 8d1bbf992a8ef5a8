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
import { signCommand } from "../src/cli/commands/sign.ts";
import type { EmulatorHandle } from "../src/emulator/server.ts";
import {
  bucketData,
  KEY,
  NOW,
  startTestEmulator,
  testConfig,
} from "./_emulator.ts";
import {
  assertNoStackTrace,
  fakeIo,
  type JsonDiagnostic,
  jsonDiagnostics,
  runCommand,
} from "./_fake_io.ts";

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
}

async function probe(
  text: string,
  flags: readonly string[] = [],
  fetchImpl?: typeof fetch,
): Promise<Probed> {
  const fake = fakeIo({ env: ENV, files: { "links.yaml": text }, now: NOW });
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
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
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
        '15:10 probe-status Link "docs/changelog.txt" answers 404 NoSuchVersion: it does not open',
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
        `osslinks sign: Cannot probe the links: "${host}" answered 503 ServiceUnavailable (4 attempts)\n`,
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
        `^osslinks sign: Cannot probe the links: cannot connect to "127\\.0\\.0\\.1:${port}": TCP connection failed \\(.+\\) \\(4 attempts\\)\\n$`,
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
    const ran = await probe(manifest("127.0.0.1:9", ""), flags);
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
