/**
 * `check`, `snapshot` and `sign --live` end to end: against the emulator on
 * loopback (in process), from snapshots, and under injected faults.
 */
import assert from "node:assert/strict";
import { checkCommand } from "../../src/cli/commands/check.ts";
import { signCommand } from "../../src/cli/commands/sign.ts";
import { snapshotCommand } from "../../src/cli/commands/snapshot.ts";
import { main } from "../../src/cli/main.ts";
import type { EmulatorHandle } from "../../src/emulator/server.ts";
import { fakeIo, runCommand } from "../_fake_io.ts";
import { bucketData, KEY } from "../_emulator.ts";
import { galleryData, startLiveEmulator } from "../_live.ts";

const NOW = "2026-11-28T09:00:00Z";
const ENV = {
  OSS_ACCESS_KEY_ID: KEY.accessKeyId,
  OSS_ACCESS_KEY_SECRET: KEY.accessKeySecret,
};
const INSTANT = { sleep: () => Promise.resolve(), random: () => 0 };

/** `check --live` arguments against the emulator at the fixed signing time. */
function liveArgs(
  manifest: string,
  emu: EmulatorHandle,
  ...extra: string[]
): string[] {
  return [manifest, "--live", "--endpoint", emu.origin, "--now", NOW, ...extra];
}
const BULK = 1205;

const MANIFEST = `version: 1
bucket:
  name: examplebucket
  region: cn-hangzhou
  domain: static.example.com
access:
  origins: [https://app.example.com, http://localhost:3000]
  methods: [GET, HEAD]
  headers: [Range]
  expose: [ETag, x-oss-request-id]
styles: [thumb, small]
defaults:
  expires: 2h
objects:
  - key: hello.txt
    disposition: inline
  - key: stored.txt
    disposition: inline
  - key: image.png
    disposition: inline
    style: thumb
  - key: docs/changelog.txt
    id: changelog-v1
    version: v1
  - key: docs/changelog.txt
    id: changelog-v9
    version: v9
  - list: keys.txt
  - prefix: bulk/
`;

const GALLERY = `version: 1
bucket: {name: examplebucket-gallery, region: cn-hangzhou}
access:
  origins: [https://app.example.com]
objects:
  - key: photos/a.png
    process: image/resize,w_100
`;

async function emulator(): Promise<EmulatorHandle> {
  // Certificate dates relative to the fixed signing time the checks run at.
  const test = bucketData();
  return await startLiveEmulator([
    {
      ...test,
      objects: [
        ...(test["objects"] as unknown[]),
        ...Array.from({ length: BULK }, (_, i) => ({
          key: `bulk/${String(i).padStart(5, "0")}.txt`,
          content: "x",
        })),
      ],
    },
    galleryData(),
  ]);
}

async function workspace(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "osslinks-check-" });
  await Deno.writeTextFile(`${dir}/links.yaml`, MANIFEST);
  await Deno.writeTextFile(`${dir}/gallery.yaml`, GALLERY);
  await Deno.writeTextFile(
    `${dir}/keys.txt`,
    "page.html\nmissing-1.txt\nmissing-2.txt\n",
  );
  return dir;
}

interface Run {
  readonly code: number;
  readonly stderr: string;
  readonly stdout: string;
}

const NAMES = new Map<unknown, string>([
  [checkCommand, "check"],
  [snapshotCommand, "snapshot"],
  [signCommand, "sign"],
]);

async function run(
  command: typeof checkCommand,
  args: string[],
  env: Record<string, string> = ENV,
): Promise<Run> {
  const fake = fakeIo({ disk: true, env });
  const code = await runCommand(
    NAMES.get(command)!,
    command,
    args,
    fake.io,
    INSTANT,
  );
  const result = { code, stderr: fake.stderr(), stdout: fake.stdout() };
  assert.ok(!result.stderr.includes(KEY.accessKeySecret), "secret in stderr");
  assert.ok(!result.stdout.includes(KEY.accessKeySecret), "secret in stdout");
  return result;
}

function count(emu: EmulatorHandle, operation: string): number {
  return emu.requests().filter((record) => record.operation === operation)
    .length;
}

Deno.test("check --live and check --snapshot give identical findings", async (t) => {
  await using emu = await emulator();
  const dir = await workspace();
  try {
    for (const name of ["links", "gallery"]) {
      await t.step(name, async () => {
        const manifest = `${dir}/${name}.yaml`;
        const saved = await run(snapshotCommand, [
          manifest,
          "--out",
          `${dir}/${name}.snapshot.json`,
          "--endpoint",
          emu.origin,
          "--now",
          NOW,
        ]);
        assert.equal(saved.code, 0, saved.stderr);
        assert.match(saved.stderr, /^Saved the state of bucket "[a-z-]+" to /m);
        for (const report of ["json", "pretty", "sarif", "github"]) {
          const live = await run(
            checkCommand,
            liveArgs(manifest, emu, "--report", report),
          );
          const offline = await run(checkCommand, [
            manifest,
            "--snapshot",
            `${dir}/${name}.snapshot.json`,
            "--now",
            NOW,
            "--report",
            report,
          ], {});
          assert.equal(live.code, 1);
          assert.equal(offline.code, live.code);
          assert.equal(
            offline.stderr,
            live.stderr.replace(
              "(live;",
              `(snapshot "${dir}/${name}.snapshot.json";`,
            ),
          );
        }
      });
    }
    await t.step("the findings are the expected ones", async () => {
      const live = await run(
        checkCommand,
        liveArgs(`${dir}/links.yaml`, emu, "--report", "json"),
      );
      const rules = (JSON.parse(live.stderr).diagnostics as {
        rule: string;
        line: number;
        message: string;
      }[])
        .map((d) => `${d.line} ${d.rule}`);
      // A plain Range is CORS-safelisted (one bytes=N- range), so pages on
      // localhost:3000 reach rule 2 without a preflight, and that rule
      // exposes neither header (this once expected a refused Range
      // preflight on line 9, which browsers do not send).
      assert.deepEqual(rules, [
        "8 cors-request-denied",
        "10 cors-header-not-exposed",
        "10 cors-header-not-exposed",
        "10 cors-header-not-exposed",
        "10 cors-header-not-exposed",
        "11 style-missing",
        "17 preview-stored-attachment",
        "27 object-version-missing",
        "28 object-missing",
      ]);
      const gallery = await run(
        checkCommand,
        liveArgs(`${dir}/gallery.yaml`, emu),
      );
      assert.match(gallery.stderr, /\[bucket-public-read\]/);
      assert.match(gallery.stderr, /\[cors-config-missing\]/);
      assert.match(gallery.stderr, /\[process-styles-only\]/);
      assert.match(
        gallery.stderr,
        /^Checked .*gallery\.yaml against bucket "examplebucket-gallery" \(live; 1 object, 1 origin\): 2 errors, 1 warning$/m,
      );
    });
    await t.step("the summary counts objects and origins", async () => {
      const live = await run(checkCommand, liveArgs(`${dir}/links.yaml`, emu));
      assert.match(
        live.stderr,
        new RegExp(
          `^Checked .*links\\.yaml against bucket "examplebucket" \\(live; ${
            BULK + 8
          } objects, 2 origins\\): 8 errors, 1 warning\\n$`,
          "m",
        ),
      );
    });
    await t.step("the prefix was listed in pages and every key headed", () => {
      assert.ok(count(emu, "ListObjectsV2") >= 2);
      assert.ok(count(emu, "HeadObject") >= BULK);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check --live rides out transient faults", async (t) => {
  await using emu = await emulator();
  const dir = await workspace();
  const args = liveArgs(`${dir}/links.yaml`, emu, "--report", "json");
  try {
    const baseline = await run(checkCommand, args);
    await t.step(
      "503 twice, then success: passes, retries counted",
      async () => {
        const before = count(emu, "GetBucketCors");
        const fault = emu.faults.add({
          operation: "GetBucketCors",
          status: 503,
          times: 2,
        });
        const result = await run(checkCommand, args);
        assert.equal(fault.hits, 2);
        assert.equal(count(emu, "GetBucketCors") - before, 3);
        assert.equal(result.code, baseline.code);
        assert.equal(result.stderr, baseline.stderr);
        const pretty = await run(checkCommand, args.slice(0, -2));
        assert.doesNotMatch(pretty.stderr, /retr/);
        emu.faults.add({ operation: "GetBucketCors", status: 503, times: 2 });
        const again = await run(checkCommand, args.slice(0, -2));
        assert.match(
          again.stderr,
          /\(live; \d+ objects, 2 origins, 2 retries\)/,
        );
      },
    );
    await t.step("a connection reset mid-listing: recovers", async () => {
      const fault = emu.faults.add({
        operation: "ListObjectsV2",
        reset: true,
        times: 1,
      });
      const result = await run(checkCommand, args);
      assert.equal(fault.hits, 1);
      assert.equal(result.stderr, baseline.stderr);
    });
    await t.step("a 500 three times on one object: recovers", async () => {
      emu.faults.add({
        operation: "HeadObject",
        key: "bulk/00007.txt",
        status: 500,
        times: 3,
      });
      const result = await run(checkCommand, args);
      assert.equal(result.stderr, baseline.stderr);
    });
  } finally {
    emu.faults.clear();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check --live and snapshot end with exit 3 when the bucket cannot be read", async (t) => {
  await using emu = await emulator();
  const dir = await workspace();
  const out = `${dir}/bucket.snapshot.json`;
  const previous = '{"previous": true}\n';
  const live = (extra: string[] = [], env = ENV) =>
    run(checkCommand, liveArgs(`${dir}/links.yaml`, emu, ...extra), env);
  const save = (env = ENV) =>
    run(snapshotCommand, [
      `${dir}/links.yaml`,
      "--out",
      out,
      "--endpoint",
      emu.origin,
      "--now",
      NOW,
    ], env);
  const assertUntouched = async () => {
    assert.equal(await Deno.readTextFile(out), previous);
    const leftovers = (await Array.fromAsync(Deno.readDir(dir)))
      .map((entry) => entry.name).filter((name) => name.endsWith(".tmp"));
    assert.deepEqual(leftovers, []);
  };
  try {
    await t.step("no snapshot file appears when the read fails", async () => {
      emu.faults.add({ operation: "GetBucketInfo", status: 503, times: 4 });
      const result = await save();
      assert.equal(result.code, 3);
      assert.match(
        result.stderr,
        /GET \?bucketInfo failed after 4 attempts: 503 ServiceUnavailable/,
      );
      await assert.rejects(Deno.stat(out), Deno.errors.NotFound);
      assert.deepEqual(
        (await Array.fromAsync(Deno.readDir(dir))).map((entry) => entry.name)
          .filter((name) => name.endsWith(".tmp")),
        [],
      );
    });
    await Deno.writeTextFile(out, previous);
    await t.step("a connection reset on every listing attempt", async () => {
      for (const command of [live, () => save()]) {
        emu.faults.clear();
        emu.faults.add({
          operation: "ListObjectsV2",
          reset: true,
          times: Infinity,
        });
        const result = await command();
        assert.equal(result.code, 3);
        assert.match(
          result.stderr,
          /^osslinks (check|snapshot): Cannot read bucket "examplebucket": GET \?list-type=2 prefix "bulk\/" failed after 4 attempts: connection to "127\.0\.0\.1:\d+" lost while reading the response: .+\n$/,
        );
        await assertUntouched();
      }
      emu.faults.clear();
      emu.faults.add({
        operation: "ListObjectsV2",
        reset: true,
        times: Infinity,
      });
      const fewer = await live(["--retries", "1"]);
      assert.match(fewer.stderr, /failed after 2 attempts/);
    });
    await t.step("a malformed XML body", async () => {
      emu.faults.clear();
      emu.faults.add({ operation: "GetBucketCors", malformed: true, times: 1 });
      const result = await save();
      assert.equal(result.code, 3);
      assert.match(
        result.stderr,
        /^osslinks snapshot: Cannot read bucket "examplebucket": GET \?cors failed: malformed response: .+\n$/,
      );
      await assertUntouched();
    });
    await t.step("a wrong secret (403)", async () => {
      emu.faults.clear();
      const wrong = { ...ENV, OSS_ACCESS_KEY_SECRET: "not-the-secret-0123" };
      for (const command of [() => live([], wrong), () => save(wrong)]) {
        const result = await command();
        assert.equal(result.code, 3);
        assert.match(
          result.stderr,
          /Cannot read bucket "examplebucket": GET \?\w+ failed: 403 SignatureDoesNotMatch: /,
        );
        assert.ok(!result.stderr.includes("not-the-secret-0123"));
        await assertUntouched();
      }
    });
    await t.step("a host name that does not resolve", async () => {
      // What Deno's fetch throws when DNS fails (no lookup happens here).
      const dnsFailure = ((url: string) =>
        Promise.reject(
          new TypeError("fetch failed", {
            cause: new Error(
              `error sending request for url (${url}): client error (Connect): dns error: failed to lookup address information: Name or service not known`,
            ),
          }),
        )) as unknown as typeof fetch;
      for (
        const [name, command] of [["check", checkCommand], [
          "snapshot",
          snapshotCommand,
        ]] as const
      ) {
        const fake = fakeIo({ disk: true, env: ENV });
        const args = name === "check"
          ? [`${dir}/links.yaml`, "--live", "--now", NOW, "--retries", "1"]
          : [
            `${dir}/links.yaml`,
            "--out",
            `${dir}/dns.snapshot.json`,
            "--now",
            NOW,
            "--retries",
            "1",
          ];
        const code = await runCommand(name, command, args, fake.io, {
          ...INSTANT,
          fetch: dnsFailure,
        });
        assert.equal(code, 3);
        assert.match(
          fake.stderr(),
          /^osslinks (check|snapshot): Cannot read bucket "examplebucket": GET \?\w+ failed after 2 attempts: cannot connect to "examplebucket\.oss-cn-hangzhou\.aliyuncs\.com": the name does not resolve \(DNS: failed to lookup address information: Name or service not known\)\n$/,
        );
      }
    });
    await t.step("nothing listening", async () => {
      const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const port = (listener.addr as Deno.NetAddr).port;
      listener.close();
      const result = await run(checkCommand, [
        `${dir}/links.yaml`,
        "--live",
        "--endpoint",
        `http://127.0.0.1:${port}`,
        "--retries",
        "0",
      ]);
      assert.equal(result.code, 3);
      assert.match(
        result.stderr,
        new RegExp(
          `GET \\?\\w+ failed: cannot connect to "127\\.0\\.0\\.1:${port}": TCP connection failed \\(Connection refused`,
        ),
      );
      assert.ok(!result.stderr.includes(`127.0.0.1:${port}/`));
    });
  } finally {
    emu.faults.clear();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check --endpoint: a bare host means HTTPS, http:// only when written", async (t) => {
  const dir = await workspace();
  try {
    for (
      const [given, origin] of [
        ["localhost:9000", "https://localhost:9000/"],
        [
          "oss-cn-hangzhou.aliyuncs.com",
          "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/",
        ],
        ["http://localhost:9000", "http://localhost:9000/"],
      ] as const
    ) {
      await t.step(given, async () => {
        const requested: string[] = [];
        const fake = fakeIo({ disk: true, env: ENV });
        const code = await runCommand(
          "check",
          checkCommand,
          [
            `${dir}/links.yaml`,
            "--live",
            "--endpoint",
            given,
            "--retries",
            "0",
          ],
          fake.io,
          {
            ...INSTANT,
            fetch: (input: RequestInfo | URL) => {
              requested.push(
                input instanceof Request ? input.url : String(input),
              );
              return Promise.reject(new TypeError("connection refused"));
            },
          },
        );
        // Accepted: the run got as far as the bucket, which cannot be read.
        assert.equal(code, 3, fake.stderr());
        assert.ok(requested.length > 0);
        for (const url of requested) assert.ok(url.startsWith(origin), url);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check refuses bad usage with exit 2", async (t) => {
  const dir = await workspace();
  try {
    const manifest = `${dir}/links.yaml`;
    const cases: [string, string[], Record<string, string>, RegExp][] = [
      [
        "neither --live nor --snapshot",
        [manifest],
        ENV,
        /Missing --live or --snapshot FILE/,
      ],
      [
        "both",
        [manifest, "--live", "--snapshot", "x.json"],
        ENV,
        /Choose one of --live and --snapshot, not both/,
      ],
      [
        "a live flag with --snapshot",
        [manifest, "--snapshot", "x.json", "--endpoint", "http://127.0.0.1:1"],
        ENV,
        /--endpoint works with --live only/,
      ],
      [
        "no credentials for --live",
        [manifest, "--live"],
        {},
        /Missing credentials: set OSS_ACCESS_KEY_ID/,
      ],
      [
        "a bad endpoint",
        [manifest, "--live", "--endpoint", "ftp://oss-cn-hangzhou"],
        ENV,
        /Invalid --endpoint "ftp:\/\/oss-cn-hangzhou": expected a host name or an http\(s\) URL/,
      ],
      [
        "an endpoint that is no host",
        [manifest, "--live", "--endpoint", "a b"],
        ENV,
        /Invalid --endpoint "a b"/,
      ],
      [
        "bad retries",
        [manifest, "--live", "--retries=-1"],
        ENV,
        /Invalid --retries "-1"/,
      ],
      [
        "a missing snapshot",
        [manifest, "--snapshot", `${dir}/none.json`],
        {},
        /Cannot read snapshot ".*none.json": file not found/,
      ],
    ];
    for (const [name, args, env, message] of cases) {
      await t.step(name, async () => {
        const fake = fakeIo({ disk: true, env });
        assert.equal(await main(["check", ...args], fake.io), 2);
        assert.match(fake.stderr(), message);
      });
    }
    await t.step("a snapshot of another version or bucket", async () => {
      await Deno.writeTextFile(`${dir}/v2.json`, '{"osslinksSnapshot": 2}');
      const fake = fakeIo({ disk: true });
      assert.equal(
        await main(
          ["check", manifest, "--snapshot", `${dir}/v2.json`],
          fake.io,
        ),
        2,
      );
      assert.match(fake.stderr(), /Unsupported snapshot version "2"/);
      const other = await Deno.readTextFile(
        new URL("../fixtures/check/ok/snapshot.json", import.meta.url),
      );
      await Deno.writeTextFile(`${dir}/other.json`, other);
      const fake2 = fakeIo({ disk: true });
      assert.equal(
        await main([
          "check",
          `${dir}/gallery.yaml`,
          "--snapshot",
          `${dir}/other.json`,
        ], fake2.io),
        2,
      );
      assert.match(
        fake2.stderr(),
        /Snapshot ".*other.json" does not fit .*gallery.yaml: The snapshot is of bucket "examplebucket", the manifest of bucket "examplebucket-gallery" \(take a new one with "osslinks snapshot"\)/,
      );
    });
    await t.step(
      "a manifest with errors is not checked against the bucket",
      async () => {
        await Deno.writeTextFile(
          `${dir}/bad.yaml`,
          MANIFEST.replace("expires: 2h", "expires: 8d"),
        );
        const fake = fakeIo({ disk: true, env: ENV });
        assert.equal(
          await main([
            "check",
            `${dir}/bad.yaml`,
            "--live",
            "--endpoint",
            "http://127.0.0.1:1",
          ], fake.io),
          1,
        );
        assert.match(fake.stderr(), /\[expires-too-long\]/);
        assert.match(
          fake.stderr(),
          /Bucket not checked: .*bad.yaml has errors: 1 error, 0 warnings/,
        );
        const saved = fakeIo({ disk: true, env: ENV });
        assert.equal(
          await main([
            "snapshot",
            `${dir}/bad.yaml`,
            "--out",
            `${dir}/s.json`,
            "--endpoint",
            "http://127.0.0.1:1",
          ], saved.io),
          1,
        );
        await assert.rejects(Deno.stat(`${dir}/s.json`), Deno.errors.NotFound);
      },
    );
    await t.step("snapshot needs --out", async () => {
      const fake = fakeIo({ disk: true, env: ENV });
      assert.equal(await main(["snapshot", manifest], fake.io), 2);
      assert.match(fake.stderr(), /Missing --out FILE/);
    });
    await t.step("help", async () => {
      for (const command of ["check", "snapshot"]) {
        const fake = fakeIo({ disk: true });
        assert.equal(await main([command, "--help"], fake.io), 0);
        assert.match(fake.stdout(), new RegExp(`^Usage: osslinks ${command} `));
        assert.match(fake.stdout(), /--endpoint URL/);
      }
      const fake = fakeIo({ disk: true });
      await main(["--help"], fake.io);
      assert.match(
        fake.stdout(),
        /check <manifest\|-> \(--live \| --snapshot FILE\)/,
      );
      assert.match(fake.stdout(), /snapshot <manifest\|-> --out FILE/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sign --live expands prefix: entries from the bucket listing", async () => {
  await using emu = await emulator();
  const dir = await workspace();
  try {
    const manifest = `${dir}/prefix.yaml`;
    await Deno.writeTextFile(
      manifest,
      `version: 1
bucket: {name: examplebucket, region: cn-hangzhou, domain: static.example.com}
objects:
  - prefix: bulk/
  - key: hello.txt
`,
    );
    const offline = await run(signCommand, [manifest, "--now", NOW]);
    assert.equal(offline.code, 1);
    assert.match(offline.stderr, /\[prefix-needs-listing\]/);
    const before = count(emu, "ListObjectsV2");
    emu.faults.add({ operation: "ListObjectsV2", status: 503, times: 1 });
    const live = await run(signCommand, liveArgs(manifest, emu));
    assert.equal(live.code, 0, live.stderr);
    const batch = JSON.parse(live.stdout) as { links: { key: string }[] };
    assert.equal(batch.links.length, BULK + 1);
    assert.equal(batch.links[0]!.key, "bulk/00000.txt");
    assert.equal(batch.links.at(-1)!.key, "hello.txt");
    // Listed page by page on each pass, the scan and the signing (2 pages
    // of up to 1,000 keys each), plus the 503 retried.
    assert.equal(count(emu, "ListObjectsV2") - before, 5);
    const flag = await run(signCommand, [manifest, "--endpoint", emu.origin]);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /--endpoint works with --live only/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
