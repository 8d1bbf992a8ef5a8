/**
 * The secret and the STS token never leave a real `osslinks` process, even
 * under `DEBUG=*` and `NODE_DEBUG=*` (which would make ali-oss's `debug`
 * print every request's headers to stderr, around any redaction): every
 * command as a child process with STS credentials in the environment, on
 * success and failure paths (emulator up, connection refused, wrong
 * secret). The token may appear only as a signed link's token parameter in
 * `sign` output; JSON and SARIF reports on stderr stay parseable.
 */
import assert from "node:assert/strict";
import { bucketData } from "../_emulator.ts";
import { startLiveEmulator } from "../_live.ts";
import {
  CLI,
  denoEnv,
  inBatches,
  type Ran,
  runOsslinks,
} from "../_subprocess.ts";

const ID = "STS.HygieneTemporaryKey";
const SECRET = "Hyg1eneS3cret+Never/Printed=Anywhere";
const WRONG_SECRET = "Wr0ngS3cret+Also/Never=Printed";
const TOKEN = "CAIS+Hygiene/Token=Value+/==";

const STS_ENV = {
  OSS_ACCESS_KEY_ID: ID,
  OSS_ACCESS_KEY_SECRET: SECRET,
  OSS_SESSION_TOKEN: TOKEN,
};

/** What would turn ali-oss's and Node's debug logging on. */
const NOISES: readonly Record<string, string>[] = [
  { DEBUG: "*", NODE_DEBUG: "*" },
  { DEBUG: "ali-oss*", NODE_DEBUG: "http,urllib,formstream,stream" },
];

/** Every form of a value that would give it away. */
function forms(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    btoa(value),
    JSON.stringify(value).slice(1, -1),
  ];
}

/** The one place the token may be: a signed link's token parameter. */
const TOKEN_PARAM = `security-token=${encodeURIComponent(TOKEN)}`;

const SIGN_MANIFEST = `version: 1
bucket: {name: examplebucket, region: cn-hangzhou, domain: static.example.com}
access: {origins: [https://app.example.com]}
objects:
  - key: hello.txt
    disposition: inline
  - key: stored.txt
    filename: changes.txt
`;
/** With a listing to expand (sign --live, check --live, snapshot). */
const PREFIX_MANIFEST = `${SIGN_MANIFEST}  - prefix: docs/
`;
/** With an object the bucket lacks: a finding for check. */
const LIVE_MANIFEST = `${PREFIX_MANIFEST}  - key: missing.txt
`;

const EMULATOR_CONFIG = `buckets:
  - name: examplebucket
    region: cn-hangzhou
    credentials:
      - accessKeyId: ${ID}
        accessKeySecret: ${SECRET}
        securityToken: ${TOKEN}
    objects:
      - {key: a.txt, content: hello}
`;

/** One child process to run and check. */
interface Run {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** The exit codes it may end with. */
  readonly codes: readonly number[];
  /** Whether stderr is one JSON document. */
  readonly jsonReport?: boolean;
  /** Files it writes, relative to the working folder. */
  readonly files?: readonly string[];
  /** Whether its stdout or files hold signed links with the token. */
  readonly links?: boolean;
}

function label(run: Run): string {
  const noise = ["DEBUG", "NODE_DEBUG"].map((name) =>
    run.env[name] === undefined ? "" : `${name}=${run.env[name]} `
  ).join("");
  return `${noise}osslinks ${run.args.join(" ")}`;
}

/** Checks one output: no secret in any form; the token only in links. */
function assertClean(
  where: string,
  text: string,
  tokenInLinks: boolean,
): void {
  for (const form of [...forms(SECRET), ...forms(WRONG_SECRET)]) {
    assert.ok(!text.includes(form), `secret in ${where}:\n${text}`);
  }
  const rest = tokenInLinks ? text.replaceAll(TOKEN_PARAM, "") : text;
  for (const form of forms(TOKEN)) {
    assert.ok(!rest.includes(form), `token in ${where}:\n${text}`);
  }
  // The last line of defence must not even be needed.
  assert.ok(!text.includes("[redacted]"), `redacted in ${where}:\n${text}`);
  assert.doesNotMatch(text, /^\s+at /m, `stack trace in ${where}`);
}

async function check(run: Run, ran: Ran, dir: string): Promise<void> {
  const name = label(run);
  assert.ok(
    run.codes.includes(ran.code),
    `${name}: exit ${ran.code}\n${ran.stderr}`,
  );
  assertClean(`${name}: stderr`, ran.stderr, false);
  assertClean(`${name}: stdout`, ran.stdout, run.links === true);
  // No debug line of ali-oss, urllib or Node's http.
  assert.doesNotMatch(
    ran.stderr,
    /\bali-oss(?::[\w-]+)? (?:request|response|generate|authorization)|^[A-Z][A-Z0-9_:]* \d+: /m,
    `${name}: debug output\n${ran.stderr}`,
  );
  if (run.jsonReport) {
    assert.doesNotThrow(() => JSON.parse(ran.stderr), `${name}: ${ran.stderr}`);
  }
  let linkText = run.links ? ran.stdout : "";
  for (const file of run.files ?? []) {
    const text = await Deno.readTextFile(`${dir}/${file}`);
    assertClean(`${name}: ${file}`, text, run.links === true);
    if (run.links) linkText += text;
  }
  if (run.links) {
    // The token is where it belongs: in every signed link.
    assert.ok(linkText.includes(TOKEN_PARAM), `${name}: no token in links`);
  }
}

Deno.test("no command writes the secret or the token under DEBUG and NODE_DEBUG", async () => {
  const test = bucketData(new Date());
  await using emu = await startLiveEmulator([{
    ...test,
    credentials: [{
      accessKeyId: ID,
      accessKeySecret: SECRET,
      securityToken: TOKEN,
      expiration: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    }],
  }]);
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const refused = `http://127.0.0.1:${closed.addr.port}`;
  closed.close();
  const dir = await Deno.makeTempDir({ prefix: "osslinks-hygiene-" });
  await Deno.writeTextFile(`${dir}/links.yaml`, SIGN_MANIFEST);
  await Deno.writeTextFile(`${dir}/live.yaml`, LIVE_MANIFEST);
  await Deno.writeTextFile(`${dir}/prefix.yaml`, PREFIX_MANIFEST);
  const up = ["--endpoint", emu.origin];
  const down = ["--endpoint", refused, "--retries", "1"];
  const wrong = { ...STS_ENV, OSS_ACCESS_KEY_SECRET: WRONG_SECRET };
  const url = `${emu.origin}/examplebucket/hello.txt`;
  try {
    const [noisy, quieter] = NOISES.map((noise) => ({ ...STS_ENV, ...noise }));
    // The snapshot the check --snapshot runs read.
    const first: Run[] = [{
      args: ["snapshot", "live.yaml", ...up, "--out", "snap.json"],
      env: noisy!,
      codes: [0],
      files: ["snap.json"],
    }];
    const runs: Run[] = [];
    for (const [env, index] of [[noisy!, 0], [quieter!, 1]] as const) {
      const tag = `-${index}`;
      runs.push(
        { args: ["check", "live.yaml", "--live", ...up], env, codes: [1] },
        {
          args: ["check", "live.yaml", "--live", ...up, "--report", "sarif"],
          env,
          codes: [1],
          jsonReport: true,
        },
        { args: ["check", "live.yaml", "--live", ...down], env, codes: [3] },
        {
          args: ["check", "live.yaml", "--live", ...up],
          env: { ...wrong, ...NOISES[index] },
          codes: [3],
        },
        {
          args: ["snapshot", "live.yaml", ...up, "--out", `snap${tag}.json`],
          env,
          codes: [0],
          files: [`snap${tag}.json`],
        },
        {
          args: ["sign", "prefix.yaml", "--live", ...up],
          env,
          codes: [0],
          links: true,
        },
        {
          args: [
            "sign",
            "links.yaml",
            "--engine",
            "ali-oss",
            "--out",
            `a${tag}.json`,
          ],
          env,
          codes: [0],
          files: [`a${tag}.json`],
          links: true,
        },
      );
    }
    const env = noisy!;
    runs.push(
      { args: ["validate", "live.yaml"], env, codes: [0] },
      {
        args: ["validate", "live.yaml", "--report", "json"],
        env,
        codes: [0],
        jsonReport: true,
      },
      {
        args: ["validate", "live.yaml", "--report", "sarif"],
        env,
        codes: [0],
        jsonReport: true,
      },
      {
        args: ["check", "live.yaml", "--live", ...up, "--report", "json"],
        env,
        codes: [1],
        jsonReport: true,
      },
      {
        args: ["check", "live.yaml", "--snapshot", "snap.json"],
        env,
        codes: [1],
      },
      {
        args: [
          "check",
          "live.yaml",
          "--snapshot",
          "snap.json",
          "--report",
          "sarif",
        ],
        env,
        codes: [1],
        jsonReport: true,
      },
      {
        args: ["snapshot", "live.yaml", ...down, "--out", "never.json"],
        env,
        codes: [3],
      },
      {
        args: ["snapshot", "live.yaml", ...up, "--out", "never.json"],
        env: { ...wrong, ...NOISES[0] },
        codes: [3],
      },
      { args: ["sign", "live.yaml", "--live", ...down], env, codes: [3] },
      {
        args: ["sign", "live.yaml", "--live", ...up],
        env: { ...wrong, ...NOISES[0] },
        codes: [3],
      },
      {
        args: ["sign", "links.yaml", "--report", "sarif", "--out", "r.json"],
        env,
        codes: [0],
        jsonReport: true,
        files: ["r.json"],
        links: true,
      },
      { args: ["inspect", url], env, codes: [0, 1] },
      { args: ["inspect", url, "--format", "json"], env, codes: [0, 1] },
      { args: ["schema"], env, codes: [0] },
    );
    for (const format of ["json", "ndjson", "csv", "html"]) {
      runs.push(
        {
          args: ["sign", "links.yaml", "--format", format],
          env,
          codes: [0],
          links: true,
        },
        {
          args: [
            "sign",
            "prefix.yaml",
            "--live",
            ...up,
            "--format",
            format,
            "--out",
            `live.${format}`,
          ],
          env,
          codes: [0],
          files: [`live.${format}`],
          links: true,
        },
        {
          args: [
            "sign",
            "links.yaml",
            "--engine",
            "ali-oss",
            "--format",
            format,
          ],
          env,
          codes: [0],
          links: true,
        },
      );
    }
    for (const group of [first, runs]) {
      const results = await inBatches(
        group.map((run) => () =>
          runOsslinks(run.args, { env: run.env, cwd: dir, flags: ["-A"] })
        ),
        3,
      );
      for (const [index, run] of group.entries()) {
        await check(run, results[index]!, dir);
      }
    }
    // A failed snapshot writes nothing.
    await assert.rejects(Deno.stat(`${dir}/never.json`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the emulator's banner holds no secret or token under DEBUG", async () => {
  const dir = await Deno.makeTempDir({ prefix: "osslinks-hygiene-" });
  try {
    await Deno.writeTextFile(`${dir}/emulator.yaml`, EMULATOR_CONFIG);
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", CLI, "emulator", "--config", "emulator.yaml"],
      cwd: dir,
      clearEnv: true,
      env: { ...denoEnv(), ...STS_ENV, ...NOISES[0] },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stdout = new Response(child.stdout).text();
    let stderr = "";
    const decoder = new TextDecoder();
    const reader = child.stderr.getReader();
    const deadline = setTimeout(() => child.kill("SIGKILL"), 30_000);
    try {
      while (!stderr.includes("Press Ctrl-C")) {
        const { value, done } = await reader.read();
        if (done) break;
        stderr += decoder.decode(value, { stream: true });
      }
      child.kill("SIGTERM");
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        stderr += decoder.decode(value, { stream: true });
      }
    } finally {
      clearTimeout(deadline);
    }
    // Stopped by the signal (at once, or by its handler: either is fine).
    await child.status;
    assert.match(
      stderr,
      /osslinks emulator listening on http:\/\/127\.0\.0\.1:\d+/,
    );
    assertClean("emulator: stderr", stderr, false);
    assertClean("emulator: stdout", await stdout, false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
