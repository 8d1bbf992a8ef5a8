import assert from "node:assert/strict";
import { main } from "../../src/cli/main.ts";
import { fakeIo, type FakeIoOptions } from "../_fake_io.ts";
import { denoEnv } from "../_subprocess.ts";

/**
 * Every environment variable each command reads, the exact `--allow-env`
 * list the README documents. Reading one that is not allowed is the same as
 * its being unset.
 */
const CREDENTIALS = [
  "ALIBABA_CLOUD_ACCESS_KEY_ID",
  "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "ALIBABA_CLOUD_SECURITY_TOKEN",
  "OSS_ACCESS_KEY_ID",
  "OSS_ACCESS_KEY_SECRET",
  "OSS_SESSION_TOKEN",
];
/** main() reads the secret and the STS token for every command, to redact them. */
const REDACTED = [
  "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "ALIBABA_CLOUD_SECURITY_TOKEN",
  "OSS_ACCESS_KEY_SECRET",
  "OSS_SESSION_TOKEN",
];
const ENV_READ: Readonly<Record<string, readonly string[]>> = {
  sign: [
    ...CREDENTIALS,
    "CI", // on a terminal only: whether to show the progress line
    "FORCE_COLOR",
    "GITHUB_ACTIONS",
    "NO_COLOR",
    "OSS_SESSION_TOKEN_EXPIRATION",
  ].sort(),
  validate: [
    ...REDACTED,
    "FORCE_COLOR",
    "GITHUB_ACTIONS",
    "NO_COLOR",
    "OSS_SESSION_TOKEN_EXPIRATION",
  ].sort(),
  schema: REDACTED,
  emulator: REDACTED,
};

const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);
const MANIFEST = `${ROOT}links.example.yaml`;
const KEYS = `${ROOT}keys.example.txt`;
const NOW = ["--now", "2026-11-28T09:00:00Z"];
const DEMO = {
  OSS_ACCESS_KEY_ID: "LTAI5tDemoAccessKeyId",
  OSS_ACCESS_KEY_SECRET: "DemoAccessKeySecretNeverPrinted",
};
const GOLDEN = await Deno.readTextFile(
  new URL("../fixtures/sign/example.json", import.meta.url),
);

Deno.test("each command reads exactly the documented environment variables", async (t) => {
  const files = {
    "links.example.yaml": await Deno.readTextFile(MANIFEST),
    "keys.example.txt": await Deno.readTextFile(KEYS),
    "emulator.yaml":
      "buckets:\n  - {name: examplebucket, region: cn-hangzhou}\n",
  };
  const scenarios: Record<string, [string[], FakeIoOptions][]> = {
    sign: [
      [["sign", "links.example.yaml"], {}],
      [["sign", "links.example.yaml"], {
        stderrIsTerminal: true,
        env: {
          ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO.OSS_ACCESS_KEY_ID,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO.OSS_ACCESS_KEY_SECRET,
        },
      }],
    ],
    validate: [[["validate", "links.example.yaml"], {
      stderrIsTerminal: true,
    }]],
    schema: [[["schema"], {}]],
    // Starts on loopback and stops at once: the fake IO is interrupted.
    emulator: [[["emulator", "--config", "emulator.yaml"], {
      stderrIsTerminal: true,
    }]],
  };
  for (const [command, runs] of Object.entries(scenarios)) {
    await t.step(command, async () => {
      const read = new Set<string>();
      for (const [args, options] of runs) {
        const fake = fakeIo({ ...options, files });
        await main(args, fake.io);
        fake.envReads.forEach((name) => read.add(name));
      }
      assert.deepEqual([...read].sort(), ENV_READ[command]);
    });
  }
});

async function runCli(
  flags: readonly string[],
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...flags, "cli.ts", ...args],
    cwd: ROOT,
    clearEnv: true,
    env: { ...denoEnv(), ...env },
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

async function listing(dir: string): Promise<string[]> {
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

Deno.test("sign runs with read, write and env narrowed to what it uses", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "osslinks-perm-" });
  const out = `${dir}/links.json`;
  // Deno.rename needs read access to the temporary file: the output folder
  // is readable and writable, nothing else is writable.
  const flags = [
    `--allow-read=${MANIFEST},${KEYS},${dir}`,
    `--allow-write=${dir}`,
    `--allow-env=${ENV_READ["sign"]!.join(",")}`,
  ];
  try {
    await t.step("--out, without net, sys or run", async () => {
      const result = await runCli(
        flags,
        ["sign", MANIFEST, ...NOW, "--out", out],
        DEMO,
      );
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "");
      assert.equal(await Deno.readTextFile(out), GOLDEN);
      assert.deepEqual(await listing(dir), ["links.json"]);
    });
    await t.step(
      "stdout, with env for the two credential variables only",
      async () => {
        const result = await runCli(
          [
            `--allow-read=${MANIFEST},${KEYS}`,
            "--allow-env=OSS_ACCESS_KEY_ID,OSS_ACCESS_KEY_SECRET",
          ],
          ["sign", MANIFEST, ...NOW],
          DEMO,
        );
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stdout, GOLDEN);
      },
    );
    await t.step(
      "without --allow-env the credentials are missing: exit 2",
      async () => {
        const result = await runCli(
          [`--allow-read=${MANIFEST},${KEYS}`],
          ["sign", MANIFEST, ...NOW],
          DEMO,
        );
        assert.equal(result.code, 2);
        assert.match(result.stderr, /Missing credentials/);
      },
    );
    await t.step(
      "an output folder that is not writable: exit 2, nothing left",
      async () => {
        const result = await runCli(
          [`--allow-read=${MANIFEST},${KEYS}`, `--allow-env=${CREDENTIALS}`],
          ["sign", MANIFEST, ...NOW, "--out", `${dir}/other.json`],
          DEMO,
        );
        assert.equal(result.code, 2, result.stderr);
        assert.ok(
          result.stderr.includes(
            `osslinks sign: Missing permission: writing "${dir}/other.json" needs write access to "${dir}" and read access to "${dir}"`,
          ),
          result.stderr,
        );
        assert.ok(
          result.stderr.includes(
            `run again with --allow-write=${dir} --allow-read=${dir}\n`,
          ),
          result.stderr,
        );
        assert.deepEqual(await listing(dir), ["links.json"]);
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("validate needs read access to the manifest and its list files only; schema needs nothing", async () => {
  const validate = await runCli([`--allow-read=${MANIFEST},${KEYS}`], [
    "validate",
    MANIFEST,
  ]);
  assert.equal(validate.code, 0, validate.stderr);
  assert.match(validate.stderr, /0 errors, 0 warnings/);
  const schema = await runCli([], ["schema"]);
  assert.equal(schema.code, 0, schema.stderr);
  const fake = fakeIo();
  await main(["schema"], fake.io);
  assert.equal(schema.stdout, fake.stdout());
});

Deno.test("the native signer never loads ali-oss", async (t) => {
  await t.step(
    "cli.ts reaches ali-oss only through a dynamic import",
    async () => {
      const output = await new Deno.Command(Deno.execPath(), {
        args: ["info", "--json", "cli.ts"],
        cwd: ROOT,
        stdin: "null",
        stderr: "null",
      }).output();
      assert.equal(output.code, 0);
      const info = JSON.parse(new TextDecoder().decode(output.stdout)) as {
        roots: string[];
        modules: {
          specifier: string;
          dependencies?: {
            code?: { specifier: string };
            isDynamic?: boolean;
          }[];
        }[];
      };
      const modules = new Map(info.modules.map((m) => [m.specifier, m]));
      const reach = (dynamic: boolean) => {
        const seen = new Set<string>();
        const queue = [...info.roots];
        while (queue.length > 0) {
          const specifier = queue.pop()!;
          if (seen.has(specifier)) continue;
          seen.add(specifier);
          for (const dependency of modules.get(specifier)?.dependencies ?? []) {
            if (dependency.code && (dynamic || !dependency.isDynamic)) {
              queue.push(dependency.code.specifier);
            }
          }
        }
        return [...seen];
      };
      const aliOss = (specifier: string) => /ali[-_]oss/.test(specifier);
      assert.deepEqual(reach(false).filter(aliOss), []);
      assert.ok(reach(true).some(aliOss), "the dynamic import is not found");
    },
  );
  await t.step(
    "--engine ali-oss needs all of env and some of sys; native does not",
    async () => {
      const reads = `--allow-read=${MANIFEST},${KEYS}`;
      const narrow = await runCli(
        [reads, `--allow-env=${ENV_READ["sign"]!.join(",")}`],
        ["sign", MANIFEST, ...NOW, "--engine", "ali-oss"],
        DEMO,
      );
      assert.equal(narrow.code, 2, narrow.stderr);
      assert.match(
        narrow.stderr,
        /^osslinks sign: Missing permission: ali-oss needs access to every environment variable and access to the system information "osRelease" and "networkInterfaces" \(its dependencies read them when it loads\); run again with --allow-env --allow-sys=osRelease,networkInterfaces\n$/,
      );
      assert.doesNotMatch(narrow.stderr, /internal error/);
      const wide = await runCli(
        [reads, "--allow-env", "--allow-sys=osRelease,networkInterfaces"],
        ["sign", MANIFEST, ...NOW, "--engine", "ali-oss"],
        DEMO,
      );
      assert.equal(wide.code, 0, wide.stderr);
      const links = (text: string) =>
        (JSON.parse(text).links as { url: string }[]).map((link) =>
          new URL(link.url).searchParams.get("x-oss-signature")
        );
      assert.deepEqual(links(wide.stdout), links(GOLDEN));
    },
  );
});

const SCRIPT = "/usr/bin/script";
const hasScript = await Deno.stat(SCRIPT).then(() => true, () => false);
if (!hasScript) {
  console.warn(`${SCRIPT} is missing: the terminal prompt test is skipped`);
}

Deno.test({
  name: "validate in a terminal never prompts for environment access",
  ignore: !hasScript,
  async fn() {
    // `script` gives the command a pseudo-terminal, where Deno would prompt
    // for an env read that is not allowed; stdin is empty, so a prompt fails.
    const command = [
      Deno.execPath(),
      "run",
      `--allow-read=${MANIFEST},${KEYS}`,
    ]
      .concat(["cli.ts", "validate", MANIFEST])
      .map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(" ");
    const output = await new Deno.Command(SCRIPT, {
      args: ["-qec", command, "/dev/null"],
      cwd: ROOT,
      clearEnv: true,
      env: denoEnv(),
      stdin: "null",
      signal: AbortSignal.timeout(60_000),
    }).output();
    const text = new TextDecoder().decode(output.stdout);
    assert.doesNotMatch(text, /Deno requests/);
    assert.match(
      text,
      /Validated .*links\.example\.yaml: 0 errors, 0 warnings/,
    );
    assert.equal(output.code, 0);
  },
});
