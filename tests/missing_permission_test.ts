/**
 * `missingPermissionOf` reads Deno 2.9's refusals (the messages below were
 * taken from real refusals of each kind); `MissingPermissionError` names the
 * flags.
 */
import assert from "node:assert/strict";
import {
  MissingPermissionError,
  missingPermissionOf,
} from "../src/io/missing_permission.ts";

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
