import assert from "node:assert/strict";
import { MAIN_HELP } from "../../src/cli/main.ts";
import { VALIDATE_SPEC } from "../../src/cli/commands/validate.ts";
import { commandHelp } from "../../src/cli/help.ts";
import { VERSION } from "../../src/version.ts";
import { jsonDiagnostics, runCli } from "../_fake_io.ts";

const ROOT = new URL("../../", import.meta.url);

const MANIFEST = `version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - key: a.txt
    expires: 2h
`;

/** Runs `validate` on MANIFEST with extra flags and environment. */
function validate(flags: string[], env: Record<string, string> = {}) {
  return runCli(["validate", ...flags, "links.yaml"], {
    files: { "links.yaml": MANIFEST },
    env,
  });
}

Deno.test("main() prints help and the version", async (t) => {
  await t.step("--help, -h and help print the help on stdout", async () => {
    for (const flag of ["--help", "-h", "help"]) {
      const run = await runCli([flag]);
      assert.equal(run.code, 0, flag);
      assert.equal(run.stdout, MAIN_HELP);
      assert.equal(run.stderr, "");
    }
  });
  await t.step("no command prints the help on stderr and exits 2", async () => {
    const run = await runCli([]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    assert.equal(run.stderr, MAIN_HELP);
  });
  await t.step("the help lists the commands and exit codes", async () => {
    await t.assertSnapshot(MAIN_HELP);
  });
  await t.step("validate --help", async () => {
    const run = await runCli(["validate", "--help"]);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, commandHelp(VALIDATE_SPEC));
    await t.assertSnapshot(run.stdout);
  });
  await t.step(
    "every command answers --help, -h and help <command> with its own usage",
    async () => {
      const commands = [
        "validate",
        "check",
        "snapshot",
        "sign",
        "inspect",
        "schema",
        "emulator",
        "completions",
      ];
      for (const command of commands) {
        const long = await runCli([command, "--help"]);
        assert.equal(long.code, 0, command);
        assert.match(long.stdout, new RegExp(`^Usage: osslinks ${command} `));
        assert.equal(long.stderr, "");
        for (const args of [[command, "-h"], ["help", command]]) {
          const run = await runCli(args);
          assert.equal(run.code, 0, args.join(" "));
          assert.equal(run.stdout, long.stdout, args.join(" "));
          assert.equal(run.stderr, "");
        }
      }
      const unknown = await runCli(["help", "sing"]);
      assert.equal(unknown.code, 2);
      assert.match(
        unknown.stderr,
        /Unknown command "sing": did you mean "sign"\?/,
      );
    },
  );
  await t.step(
    "--version and -V print the version from deno.json",
    async () => {
      const config = JSON.parse(
        await Deno.readTextFile(new URL("deno.json", ROOT)),
      );
      assert.equal(VERSION, config.version);
      for (const flag of ["--version", "-V"]) {
        const run = await runCli([flag]);
        assert.equal(run.code, 0);
        assert.equal(run.stdout, `osslinks ${VERSION}\n`);
      }
    },
  );
});

Deno.test("main() rejects an unknown command with exit code 2", async (t) => {
  await t.step("with a did-you-mean for a typo", async () => {
    const run = await runCli(["validat", "links.yaml"]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    assert.ok(
      run.stderr.startsWith(
        'osslinks: Unknown command "validat": did you mean "validate"?\n\n',
      ),
    );
    assert.ok(run.stderr.endsWith(MAIN_HELP));
  });
  await t.step("without one for a word far from every command", async () => {
    const run = await runCli(["deploy"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^osslinks: Unknown command "deploy"\n/);
  });
  await t.step("names of Object.prototype are not commands", async () => {
    for (const name of ["toString", "constructor", "__proto__"]) {
      const run = await runCli([name]);
      assert.equal(run.code, 2, name);
      assert.match(run.stderr, /Unknown command/);
    }
  });
});

Deno.test("validate rejects bad flags and arguments with exit code 2", async (t) => {
  const cases: [string, string[], string][] = [
    [
      "an unknown flag, with a did-you-mean",
      ["--reprot", "json", "links.yaml"],
      'Unknown flag "--reprot": did you mean "--report"?',
    ],
    [
      "an unknown flag far from every flag",
      ["--verbose", "links.yaml"],
      'Unknown flag "--verbose"',
    ],
    ["an unknown short flag", ["-x", "links.yaml"], 'Unknown flag "-x"'],
    [
      "no manifest argument",
      [],
      "Missing manifest argument (a file, or - for stdin)",
    ],
    [
      "two manifest arguments",
      ["a.yaml", "b.yaml"],
      "Too many arguments: expected one manifest argument (a file, or - for stdin), got 2",
    ],
    ["a flag without its value", ["--report"], 'Missing value for "--report"'],
    [
      "a value on a boolean flag",
      ["--help=yes"],
      'Flag "--help" takes no value',
    ],
    [
      "a bad --report",
      ["--report", "xml", "links.yaml"],
      'Invalid --report "xml": expected one of "pretty", "json", "github", "sarif"',
    ],
    [
      "a bad --fail-on",
      ["--fail-on", "info", "links.yaml"],
      'Invalid --fail-on "info": expected "error" or "warning"',
    ],
    [
      "a --now without a zone",
      ["--now", "2026-11-28T09:00:00", "links.yaml"],
      'Invalid --now "2026-11-28T09:00:00": expected an ISO 8601 time with a zone, for example "2026-11-28T09:00:00Z"',
    ],
    [
      "a --now on a day that does not exist",
      ["--now", "2026-02-30T00:00:00Z", "links.yaml"],
      'Invalid --now "2026-02-30T00:00:00Z": no such time',
    ],
    [
      "a --now that is no time",
      ["--now", "tomorrow", "links.yaml"],
      'Invalid --now "tomorrow": expected an ISO 8601 time with a zone, for example "2026-11-28T09:00:00Z"',
    ],
    [
      "a bad --token-expires, before the file is read",
      ["--token-expires", "soon", "missing.yaml"],
      'Invalid --token-expires "soon": expected an ISO 8601 time with a zone, for example "2026-11-28T09:00:00Z"',
    ],
  ];
  for (const [name, args, message] of cases) {
    await t.step(name, async () => {
      const run = await runCli(["validate", ...args], {
        files: { "links.yaml": MANIFEST },
      });
      assert.equal(run.code, 2);
      assert.equal(run.stdout, "");
      assert.equal(
        run.stderr,
        `osslinks validate: ${message}\nRun "osslinks validate --help" for usage.\n`,
      );
    });
  }
  await t.step("schema takes no argument", async () => {
    const run = await runCli(["schema", "links.yaml"]);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^osslinks schema: Unexpected argument "links.yaml"\n/,
    );
  });
});

Deno.test("validate --now moves the clock relative expiries start from", async () => {
  const run = await validate([
    "--report",
    "json",
    "--now",
    "2026-11-28T09:00:00Z",
    "--token-expires",
    "2026-11-28T10:00:00+00:00",
  ]);
  assert.equal(
    jsonDiagnostics(run.stderr)[0]?.message,
    "The link expires at 2026-11-28T11:00:00.000Z, after the STS token does at 2026-11-28T10:00:00.000Z: it stops working with the token",
  );
  const later = await validate([
    "--now",
    "2026-11-28T07:00:00Z",
    "--token-expires",
    "2026-11-28T10:00:00Z",
  ]);
  assert.equal(later.code, 0);
});

Deno.test("validate honours OSS_SESSION_TOKEN_EXPIRATION", async (t) => {
  await t.step("a link outliving the token is an error", async () => {
    const run = await validate(["--report", "json"], {
      OSS_SESSION_TOKEN_EXPIRATION: "2026-11-28T10:00:00Z",
    });
    assert.deepEqual(
      jsonDiagnostics(run.stderr).map((d) => `${d.rule} ${d.line}:${d.column}`),
      ["expires-after-token 5:14"],
    );
    assert.equal(run.code, 1);
  });
  await t.step("a token that outlives the link is fine", async () => {
    const run = await validate([], {
      OSS_SESSION_TOKEN_EXPIRATION: "2026-11-28T11:00:00Z",
    });
    assert.equal(run.code, 0);
  });
  await t.step(
    "a token expired before signing is token-expired, once, not per link",
    async () => {
      for (const env of ["2026-11-28T08:00:00Z", "2026-11-28T09:00:00Z"]) {
        const run = await validate(["--report", "json"], {
          OSS_SESSION_TOKEN_EXPIRATION: env,
        });
        assert.deepEqual(
          jsonDiagnostics(run.stderr).map((d) =>
            `${d.rule} ${d.line}:${d.column}`
          ),
          ["token-expired 3:1"],
          env,
        );
        assert.equal(run.code, 1);
      }
    },
  );
  await t.step("sign refuses to sign with an expired token", async () => {
    const run = await runCli([
      "sign",
      "--token-expires",
      "2026-11-28T08:59:59Z",
      "links.yaml",
    ], {
      files: { "links.yaml": MANIFEST },
      env: {
        OSS_ACCESS_KEY_ID: "STS.NTestKeyId",
        OSS_ACCESS_KEY_SECRET: "test-secret-value",
        OSS_SESSION_TOKEN: "test-token",
      },
    });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    assert.match(
      run.stderr,
      /The STS token expired at 2026-11-28T08:59:59\.000Z, before the signing time 2026-11-28T09:00:00\.000Z: OSS refuses every link signed with it \(SecurityTokenExpired\) \[token-expired\]/,
    );
    assert.ok(!run.stderr.includes("expires-after-token"));
  });
  await t.step("an empty value means unknown", async () => {
    const run = await validate([], { OSS_SESSION_TOKEN_EXPIRATION: "" });
    assert.equal(run.code, 0);
  });
  await t.step("--token-expires wins over the variable", async () => {
    const run = await validate(["--token-expires", "2026-11-28T12:00:00Z"], {
      OSS_SESSION_TOKEN_EXPIRATION: "2026-11-28T10:00:00Z",
    });
    assert.equal(run.code, 0);
  });
  await t.step("an invalid value is a usage error", async () => {
    const run = await validate([], {
      OSS_SESSION_TOKEN_EXPIRATION: "1764320400",
    });
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'osslinks validate: Invalid OSS_SESSION_TOKEN_EXPIRATION "1764320400": expected an ISO 8601 time with a zone\n' +
        'Run "osslinks validate --help" for usage.\n',
    );
  });
});

Deno.test("main() never prints the AccessKey secret", async () => {
  const secret = "VerySecretValue123";
  const run = await runCli(["validate", "links.yaml"], {
    files: {
      "links.yaml": MANIFEST.replace("a.txt", `/${secret}.txt`),
    },
    env: { OSS_ACCESS_KEY_SECRET: secret },
  });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /\[key-invalid\]/);
  assert.ok(!run.stderr.includes(secret), run.stderr);
  assert.match(run.stderr, /\[redacted\]/);
});

Deno.test({
  name:
    "cli.ts validates links.example.yaml with --allow-read --allow-env only",
  async fn() {
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-env",
        "cli.ts",
        "validate",
        "links.example.yaml",
      ],
      cwd: ROOT,
      // Whatever the machine sets: pretty report, no token expiry.
      env: {
        NO_COLOR: "1",
        GITHUB_ACTIONS: "",
        OSS_SESSION_TOKEN_EXPIRATION: "",
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    assert.equal(
      stderr,
      "Validated links.example.yaml: 0 errors, 0 warnings\n",
    );
    assert.equal(output.stdout.length, 0);
  },
});

Deno.test("emulator: a --port above 65535 is a usage error (exit 2)", async () => {
  const run = await runCli(["emulator", "--port", "70000"]);
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr,
    'osslinks emulator: Invalid --port "70000": expected a whole number from 0 to 65535\nRun "osslinks emulator --help" for usage.\n',
  );
});

Deno.test({
  name: "cli.ts sign stops quietly when the reader closes stdout early",
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      // Megabytes of NDJSON: far more than a pipe buffers.
      const keys = Array.from({ length: 5000 }, (_, i) => `  - key: k${i}.txt`);
      await Deno.writeTextFile(
        `${dir}/links.yaml`,
        `version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects:\n${
          keys.join("\n")
        }\n`,
      );
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-read",
          "--allow-env",
          "cli.ts",
          "sign",
          `${dir}/links.yaml`,
          "--format",
          "ndjson",
          "--now",
          "2026-11-28T09:00:00Z",
        ],
        cwd: ROOT,
        env: {
          NO_COLOR: "1",
          GITHUB_ACTIONS: "",
          OSS_SESSION_TOKEN_EXPIRATION: "",
          OSS_ACCESS_KEY_ID: "LTAI5tPipeTestKeyId",
          OSS_ACCESS_KEY_SECRET: "pipe-test-secret",
        },
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const reader = child.stdout.getReader();
      const first = await reader.read();
      await reader.cancel();
      const [status, stderr] = await Promise.all([
        child.status,
        new Response(child.stderr).text(),
      ]);
      assert.equal(first.done, false);
      assert.equal(status.code, 0, stderr);
      assert.equal(
        stderr,
        `Signing 5000 links from ${dir}/links.yaml: 0 errors, 0 warnings\n`,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
