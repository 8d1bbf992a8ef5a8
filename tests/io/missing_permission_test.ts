/**
 * `missingPermissionOf` reads Deno 2.9's refusals (the messages below were
 * taken from real refusals of each kind); `MissingPermissionError` names the
 * flags; a refused request is neither retried nor a network failure.
 */
import assert from "node:assert/strict";
import { checkCommand } from "../../src/cli/commands/check.ts";
import { fetchTransport } from "../../src/check/fetch_transport.ts";
import {
  MissingPermissionError,
  missingPermissionOf,
} from "../../src/io/missing_permission.ts";
import { fakeIo, runCli, runCommand } from "../_fake_io.ts";

/** Deno 2.9.6's messages, one per kind, as `deno run` without flags gives them. */
const REFUSALS: [string, string, string][] = [
  [
    'Requires read access to "/etc/hostname", run again with the --allow-read flag',
    'Missing permission: read access to "/etc/hostname"',
    "--allow-read=/etc/hostname",
  ],
  [
    'Requires write access to "/tmp/x.txt", run again with the --allow-write flag',
    'Missing permission: write access to "/tmp/x.txt"',
    "--allow-write=/tmp/x.txt",
  ],
  [
    'Requires env access to "DEBUG", run again with the --allow-env flag',
    'Missing permission: access to the environment variable "DEBUG"',
    "--allow-env=DEBUG",
  ],
  [
    "Requires env access, run again with the --allow-env flag",
    "Missing permission: access to every environment variable",
    "--allow-env",
  ],
  [
    'Requires sys access to "osRelease", run again with the --allow-sys flag',
    'Missing permission: access to the system information "osRelease"',
    "--allow-sys=osRelease",
  ],
  [
    'Requires net access to "example.com:443", run again with the --allow-net flag',
    'Missing permission: network access to "example.com:443"',
    "--allow-net=example.com:443",
  ],
  [
    'Requires net access to "127.0.0.1:0", run again with the --allow-net flag',
    'Missing permission: network access to "127.0.0.1"',
    "--allow-net=127.0.0.1",
  ],
  [
    'Requires run access to "ls", run again with the --allow-run flag',
    'Missing permission: permission to run "ls"',
    "--allow-run=ls",
  ],
  [
    'Requires ffi access to "/lib/x.so", run again with the --allow-ffi flag',
    'Missing permission: permission to load "/lib/x.so"',
    "--allow-ffi=/lib/x.so",
  ],
];

Deno.test("missingPermissionOf() reads every kind of Deno refusal", async (t) => {
  for (const [message, expected, flag] of REFUSALS) {
    await t.step(message, () => {
      const refusal = new Deno.errors.NotCapable(message);
      const missing = missingPermissionOf(refusal);
      assert.ok(missing instanceof MissingPermissionError);
      assert.equal(missing.message, `${expected}; run again with ${flag}`);
      assert.deepEqual(missing.flags, [flag]);
      assert.equal(missing.cause, refusal);
    });
  }
  await t.step("an import refusal is a TypeError in Deno's words", () => {
    const refusal = new TypeError(
      'Requires import access to "example.com:443", run again with the --allow-import flag',
    );
    assert.deepEqual(missingPermissionOf(refusal)?.flags, [
      "--allow-import=example.com:443",
    ]);
  });
  await t.step("deep in a chain of causes", () => {
    const refusal = new Deno.errors.NotCapable(REFUSALS[0]![0]);
    const wrapped = new Error("outer", {
      cause: new Error("middle", { cause: refusal }),
    });
    assert.equal(missingPermissionOf(wrapped)?.cause, refusal);
    const ready = new MissingPermissionError([{ kind: "env" }]);
    assert.equal(
      missingPermissionOf(new Error("outer", { cause: ready })),
      ready,
    );
  });
  await t.step("anything else is no missing permission", () => {
    for (
      const error of [
        new Deno.errors.PermissionDenied(
          "Permission denied (os error 13): open '/root/x'",
        ),
        new Error('Requires read access to "x"'),
        new TypeError("Fetch failed: Requests to port 1 are blocked"),
        new Deno.errors.ConnectionRefused("Connection refused (os error 111)"),
        "Requires env access, run again with the --allow-env flag",
        undefined,
      ]
    ) {
      assert.equal(missingPermissionOf(error), undefined, String(error));
    }
  });
});

Deno.test("MissingPermissionError names who needs what, and every flag", () => {
  const error = new MissingPermissionError([
    { kind: "env" },
    { kind: "sys", target: "osRelease" },
    { kind: "env", target: "DEBUG" },
    { kind: "sys", target: "networkInterfaces" },
    { kind: "sys", target: "osRelease" },
  ], { who: "ali-oss", why: "it reads them when it loads" });
  assert.equal(
    error.message,
    'Missing permission: ali-oss needs access to every environment variable and access to the system information "osRelease" and "networkInterfaces" (it reads them when it loads); run again with --allow-env --allow-sys=osRelease,networkInterfaces',
  );
  assert.deepEqual(error.flags, [
    "--allow-env",
    "--allow-sys=osRelease,networkInterfaces",
  ]);
});

const MANIFEST = `version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - key: a.txt
  - key: b.txt
`;

Deno.test("a refused request is no network failure: never retried, exit 2", async (t) => {
  const refusal = () =>
    new Deno.errors.NotCapable(
      'Requires net access to "examplebucket.oss-cn-hangzhou.aliyuncs.com:443", run again with the --allow-net flag',
    );
  await t.step("fetchTransport() throws Deno's refusal as it is", async () => {
    const thrown = refusal();
    const transport = fetchTransport({ fetch: () => Promise.reject(thrown) });
    await assert.rejects(
      transport.request(
        "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/",
        {},
      ),
      (error) => error === thrown,
    );
  });
  await t.step("check --live asks once per request and exits 2", async () => {
    const dir = await Deno.makeTempDir({ prefix: "osslinks-refused-" });
    try {
      await Deno.writeTextFile(`${dir}/links.yaml`, MANIFEST);
      const urls: string[] = [];
      const fake = fakeIo({
        disk: true,
        env: {
          OSS_ACCESS_KEY_ID: "LTAI5tId",
          OSS_ACCESS_KEY_SECRET: "secret!",
        },
      });
      const code = await runCommand(
        "check",
        checkCommand,
        [
          `${dir}/links.yaml`,
          "--live",
          "--retries",
          "5",
        ],
        fake.io,
        {
          sleep: () => Promise.resolve(),
          random: () => 0,
          fetch: (input: string | URL | Request) => {
            urls.push(String(input));
            return Promise.reject(refusal());
          },
        },
      );
      assert.equal(code, 2);
      assert.equal(
        fake.stderr(),
        'osslinks check: Missing permission: network access to "examplebucket.oss-cn-hangzhou.aliyuncs.com:443"; run again with --allow-net=examplebucket.oss-cn-hangzhou.aliyuncs.com:443\n',
      );
      assert.ok(urls.length > 0);
      // Each request asked once: no retries of a refusal.
      assert.equal(new Set(urls).size, urls.length, urls.join("\n"));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("main() turns any refusal into exit 2, without a stack trace", async (t) => {
  await t.step("Deno's refusal, wherever it is thrown", async () => {
    const run = await runCli(["validate", "links.yaml"], {
      files: {
        "links.yaml": new Deno.errors.NotCapable(
          'Requires read access to "links.yaml", run again with the --allow-read flag',
        ),
      },
    });
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'osslinks validate: Missing permission: read access to "links.yaml"; run again with --allow-read=links.yaml\n',
    );
  });
  await t.step("the operating system's, even mid-write", async () => {
    const run = await runCli(["sign", "links.yaml", "--out", "o.json"], {
      env: { OSS_ACCESS_KEY_ID: "LTAI5tId", OSS_ACCESS_KEY_SECRET: "secret!" },
      files: { "links.yaml": MANIFEST },
      failWrite: () =>
        new Deno.errors.PermissionDenied("Permission denied (os error 13)"),
    });
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /osslinks sign: Cannot write "o\.json": permission denied\n$/,
    );
    assert.doesNotMatch(run.stderr, /internal error/);
  });
});
