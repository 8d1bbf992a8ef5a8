/**
 * `osslinks emulator` as people watch it: the banner that says how to point
 * `check --live` and ali-oss at it, one stderr line per request (secrets
 * redacted), `--quiet`, and config mistakes reported at file:line:col with a
 * did-you-mean and exit 2. The command runs in-process on loopback port 0
 * against a fake IO; requests go over real HTTP.
 */
import assert from "node:assert/strict";
import { emulatorBanner } from "../../src/cli/emulator_banner.ts";
import { main } from "../../src/cli/main.ts";
import type { EmulatorBucket } from "../../src/emulator/model.ts";
import { presignUrl } from "../../src/sign/presign.ts";
import { send } from "../_emulator.ts";
import { assertNoStackTrace, fakeIo, type FakeIoOptions } from "../_fake_io.ts";

/** The longest any wait in this file may take before the test fails. */
const GUARD_MS = 10_000;

/** The fake IO's clock, which the emulator and the signer share. */
const NOW = new Date("2026-11-28T09:00:00Z");

const SECRET = "watch-secret-value";
const STS_SECRET = "watch-sts-secret-value";
const TOKEN = "watch-security-token-value";

const CONFIG = [
  "buckets:",
  "  - name: examplebucket",
  "    region: cn-hangzhou",
  "    credentials:",
  `      - { accessKeyId: LTAI5tWatchKey, accessKeySecret: ${SECRET} }`,
  `      - { accessKeyId: STS.WatchKey, accessKeySecret: ${STS_SECRET}, securityToken: ${TOKEN} }`,
  "    objects:",
  "      - { key: private.txt, content: hidden }",
  "  - name: publicbucket",
  "    region: cn-beijing",
  "    acl: public-read",
  "    objects:",
  "      - { key: hello.txt, content: hello }",
  "",
].join("\n");

/** A running `osslinks emulator` and how to stop it. */
interface RunningCli {
  /** The port from its banner. */
  readonly port: number;
  /** Interrupts it and returns its exit code and everything on stderr. */
  stop(): Promise<{ code: number; stderr: string }>;
}

/** Runs `emulator` until the test stops it; resolves once it listens. */
async function startCli(
  args: readonly string[],
  options: FakeIoOptions = {},
): Promise<RunningCli> {
  let interrupt = () => {};
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  const fake = fakeIo({ now: NOW, ...options, interrupted: () => interrupted });
  const exit = main(["emulator", ...args], fake.io);
  let done = false;
  exit.finally(() => (done = true));
  const started = Date.now();
  let banner: RegExpExecArray | null = null;
  while (banner === null) {
    assert.ok(!done, `the emulator exited: ${fake.stderr()}`);
    assert.ok(Date.now() - started < GUARD_MS, "no banner in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
    banner = /listening on http:\/\/\S+:(\d+)\n[\s\S]*Ctrl-C to stop\.\n/
      .exec(fake.stderr());
  }
  return {
    port: Number(banner[1]),
    async stop() {
      interrupt();
      const code = await exit;
      assertNoStackTrace(fake.stderr());
      return { code, stderr: fake.stderr() };
    },
  };
}

/** Sends a GET with its own `Host` over a raw connection; returns the status. */
async function getWithHost(
  port: number,
  host: string,
  target: string,
): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const guard = setTimeout(() => conn.close(), GUARD_MS);
  try {
    await conn.write(
      new TextEncoder().encode(
        `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      ),
    );
    let text = "";
    const buffer = new Uint8Array(4096);
    for (;;) {
      const count = await conn.read(buffer);
      if (count === null) break;
      text += new TextDecoder().decode(buffer.subarray(0, count));
    }
    return Number(/^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1]);
  } finally {
    clearTimeout(guard);
    try {
      conn.close();
    } catch {
      // Closed by the guard or the server.
    }
  }
}

/** The request lines of a stderr, with each time made `Nms`. */
function requestLines(stderr: string): string[] {
  const after = stderr.split("Press Ctrl-C to stop.\n")[1] ?? "";
  return after.split("\n").filter(Boolean).map((line) =>
    line.replace(/ \d+ms /, " Nms ")
  );
}

Deno.test("emulator logs one line per request on stderr, with signatures and tokens redacted", async () => {
  const cli = await startCli(["--config", "emulator.yaml"], {
    files: { "emulator.yaml": CONFIG },
  });
  const origin = `127.0.0.1:${cli.port}`;
  const sign = (
    signature: "v1" | "v4",
    credentials: {
      accessKeyId: string;
      accessKeySecret: string;
      securityToken?: string;
    },
  ) =>
    presignUrl({
      signature,
      method: "GET",
      bucket: "examplebucket",
      key: "private.txt",
      region: "cn-hangzhou",
      host: origin,
      pathStyle: true,
      https: false,
      credentials,
      signedAt: NOW,
      expires: 600,
    });
  let stopped;
  try {
    const statuses = [
      (await send(`http://${origin}/publicbucket/hello.txt`)).status,
      (await send(`http://${origin}/examplebucket/private.txt`)).status,
      (await send(sign("v1", {
        accessKeyId: "LTAI5tWatchKey",
        accessKeySecret: "not-the-secret",
      }))).status,
      (await send(sign("v4", {
        accessKeyId: "STS.WatchKey",
        accessKeySecret: STS_SECRET,
        securityToken: TOKEN,
      }))).status,
      (await send(`http://${origin}/publicbucket/missing.txt`, {
        method: "HEAD",
      })).status,
      await getWithHost(
        cli.port,
        "publicbucket.oss-cn-beijing.aliyuncs.com",
        "/hello.txt",
      ),
      (await send(`http://${origin}/examplebucket/private.txt`, {
        headers: {
          authorization: "OSS2 AccessKeyId:LTAI5tWatchKey,Signature:x",
        },
      })).status,
    ];
    // The OSS2 request is verified, and refused: it has no Date.
    assert.deepEqual(statuses, [200, 403, 403, 200, 404, 200, 403]);
  } finally {
    stopped = await cli.stop();
  }
  assert.equal(stopped.code, 0);
  const lines = requestLines(stopped.stderr);
  assert.equal(lines.length, 7, stopped.stderr);
  assert.equal(lines[0], "GET /publicbucket/hello.txt 200 Nms anonymous");
  assert.equal(
    lines[1],
    "GET /examplebucket/private.txt 403 Nms anonymous code=AccessDenied",
  );
  assert.match(
    lines[2]!,
    /^GET \/examplebucket\/private\.txt\?Expires=\d+&OSSAccessKeyId=LTAI5tWatchKey&Signature=\[redacted\] 403 Nms V1-url code=SignatureDoesNotMatch$/,
  );
  assert.match(
    lines[3]!,
    /^GET \/examplebucket\/private\.txt\?\S*x-oss-credential=STS\.WatchKey%2F20261128%2Fcn-hangzhou%2Foss%2Faliyun_v4_request\S* 200 Nms V4-url$/,
  );
  assert.match(lines[3]!, /x-oss-signature=\[redacted\]/);
  assert.match(lines[3]!, /x-oss-security-token=\[redacted\]/);
  assert.equal(
    lines[4],
    "HEAD /publicbucket/missing.txt 404 Nms anonymous code=NoSuchKey",
  );
  assert.equal(
    lines[5],
    "GET /hello.txt 200 Nms anonymous host=publicbucket.oss-cn-beijing.aliyuncs.com",
  );
  assert.match(
    lines[6]!,
    /^GET \/examplebucket\/private\.txt 403 Nms V2-header code=\w+$/,
  );
  for (const secret of [SECRET, STS_SECRET, TOKEN, encodeURIComponent(TOKEN)]) {
    assert.ok(!stopped.stderr.includes(secret), `stderr shows "${secret}"`);
  }
});

Deno.test("emulator banner says how to point check --live and ali-oss at it, without secrets", async () => {
  const cli = await startCli(["--config", "emulator.yaml"], {
    files: { "emulator.yaml": CONFIG },
  });
  const { code, stderr } = await cli.stop();
  assert.equal(code, 0);
  const origin = `http://127.0.0.1:${cli.port}`;
  assert.equal(
    stderr,
    [
      `osslinks emulator listening on ${origin}`,
      `  examplebucket: ${origin}/examplebucket/ or http://examplebucket.oss-cn-hangzhou.localhost:${cli.port}/`,
      `  publicbucket: ${origin}/publicbucket/ or http://publicbucket.oss-cn-beijing.localhost:${cli.port}/`,
      "",
      'Check a manifest whose bucket is "examplebucket" (region cn-hangzhou) against it:',
      "  export OSS_ACCESS_KEY_ID=LTAI5tWatchKey",
      '  export OSS_ACCESS_KEY_SECRET=…   # its accessKeySecret in emulator.yaml, bucket "examplebucket"',
      `  osslinks check links.yaml --live --endpoint ${origin}`,
      "Call it from ali-oss (Node.js):",
      `  const client = new OSS({ endpoint: "${origin}", bucket: "examplebucket",`,
      '    region: "oss-cn-hangzhou", secure: false,',
      '    accessKeyId: "LTAI5tWatchKey", accessKeySecret: process.env.OSS_ACCESS_KEY_SECRET });',
      `  // signatureUrl() needs a name, not an IP: endpoint "http://localhost:${cli.port}" with sldEnable: true`,
      "Each request is logged below: METHOD PATH STATUS TIME SIGNATURE [code=CODE] [host=HOST] (--quiet for none).",
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
});

Deno.test("emulator --quiet prints a short banner and no request lines", async () => {
  const cli = await startCli(["--quiet", "--config", "emulator.yaml"], {
    files: { "emulator.yaml": CONFIG },
  });
  let stopped;
  try {
    const response = await send(
      `http://127.0.0.1:${cli.port}/publicbucket/hello.txt`,
    );
    assert.equal(response.status, 200);
  } finally {
    stopped = await cli.stop();
  }
  assert.equal(stopped.code, 0);
  assert.equal(
    stopped.stderr,
    [
      `osslinks emulator listening on http://127.0.0.1:${cli.port}`,
      `  examplebucket: http://127.0.0.1:${cli.port}/examplebucket/ or http://examplebucket.oss-cn-hangzhou.localhost:${cli.port}/`,
      `  publicbucket: http://127.0.0.1:${cli.port}/publicbucket/ or http://publicbucket.oss-cn-beijing.localhost:${cli.port}/`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
});

Deno.test("emulatorBanner() fits what the config holds", async (t) => {
  const bucket = (
    name: string,
    credentials: EmulatorBucket["credentials"],
  ): EmulatorBucket =>
    ({
      name,
      region: "cn-hangzhou",
      credentials,
      domains: [
        { domain: "off.example.com", status: "Disabled" },
        { domain: "static.example.com", status: "Enabled" },
      ],
    }) as unknown as EmulatorBucket;
  const banner = (buckets: EmulatorBucket[]) =>
    emulatorBanner({
      origin: "http://127.0.0.1:9000",
      buckets,
      bucketHost: (name) => `${name}.oss-cn-hangzhou.localhost:9000`,
      configPath: "emu.yaml",
      quiet: false,
    });
  await t.step("no buckets", () => {
    assert.match(banner([]), /\nNo buckets: give --config FILE/);
  });
  await t.step("no credentials", () => {
    assert.match(
      banner([bucket("open", [])]),
      /\nNo bucket has credentials: only public-read buckets answer/,
    );
  });
  await t.step("only an STS key: the token's variable too", () => {
    const text = banner([bucket("temp", [{
      accessKeyId: "STS.Key",
      accessKeySecret: "sts-secret-here",
      securityToken: "sts-token-here",
    }])]);
    assert.match(
      text,
      /\n {2}export OSS_SESSION_TOKEN=… {3}# its securityToken in emu\.yaml, bucket "temp"\n/,
    );
    assert.match(text, /stsToken: process\.env\.OSS_SESSION_TOKEN/);
    assert.doesNotMatch(text, /sts-secret-here|sts-token-here/);
  });
  await t.step("a permanent key is preferred to an STS key", () => {
    const text = banner([
      bucket("temp", [{
        accessKeyId: "STS.Key",
        accessKeySecret: "s",
        securityToken: "t",
      }]),
      bucket("perm", [{ accessKeyId: "LTAI5tPerm", accessKeySecret: "s" }]),
    ]);
    assert.match(text, /export OSS_ACCESS_KEY_ID=LTAI5tPerm\n/);
    assert.doesNotMatch(text, /OSS_SESSION_TOKEN/);
  });
  await t.step("an enabled bound domain: the cname note", () => {
    const text = banner([bucket("perm", [{
      accessKeyId: "LTAI5tPerm",
      accessKeySecret: "s",
    }])]);
    assert.match(
      text,
      /\n {2}\/\/ through its domain: cname: true, endpoint "http:\/\/static\.example\.com:9000" where that name resolves to the emulator\n/,
    );
    assert.doesNotMatch(text, /off\.example\.com/);
  });
});

/** Runs `emulator --config emu.yaml` on a config that must be refused. */
async function refused(config: string): Promise<string> {
  const fake = fakeIo({ now: NOW, files: { "emu.yaml": config } });
  const code = await main(["emulator", "--config", "emu.yaml"], fake.io);
  assert.equal(code, 2, fake.stderr());
  assertNoStackTrace(fake.stderr());
  return fake.stderr();
}

/** The `file:line:col: message [rule]` lines of a report. */
function findingLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("emu.yaml:"));
}

Deno.test("emulator reports config mistakes at file:line:col and exits 2", async (t) => {
  await t.step("an unknown key, with a did-you-mean", async () => {
    const stderr = await refused(
      "buckets:\n  - name: examplebucket\n    region: cn-hangzhou\n    acll: private\n",
    );
    assert.equal(
      stderr,
      [
        'emu.yaml:4:5: Unknown field "acll" in buckets[0] [emulator-config]',
        "  |",
        "4 |     acll: private",
        "  |     ^~~~ error",
        '  = hint: did you mean "acl"?',
        "",
        'osslinks emulator: Cannot start: 1 problem in "emu.yaml"',
        "",
      ].join("\n"),
    );
  });
  await t.step("an unknown top-level key", async () => {
    const stderr = await refused("bucket:\n  - name: examplebucket\n");
    assert.deepEqual(findingLines(stderr), [
      'emu.yaml:1:1: Unknown field "bucket" in the config [emulator-config]',
    ]);
    assert.match(stderr, /= hint: did you mean "buckets"\?/);
  });
  await t.step("a misspelt value, with a did-you-mean", async () => {
    const stderr = await refused(
      "buckets:\n  - name: examplebucket\n    region: cn-hangzhou\n    acl: public_read\n",
    );
    assert.deepEqual(findingLines(stderr), [
      'emu.yaml:4:10: Invalid buckets[0].acl "public_read": expected one of "private", "public-read", "public-read-write" [emulator-config]',
    ]);
    assert.match(stderr, /= hint: did you mean "public-read"\?/);
  });
  await t.step("wrong types and a missing field", async () => {
    const stderr = await refused(
      [
        "buckets:",
        "  - name: examplebucket",
        "    region: cn-hangzhou",
        '    stylesOnly: "yes"',
        "    objects: { key: a.txt }",
        "  - region: cn-hangzhou",
        "",
      ].join("\n"),
    );
    assert.deepEqual(findingLines(stderr), [
      "emu.yaml:4:17: Invalid buckets[0].stylesOnly: expected a boolean, got a string [emulator-config]",
      "emu.yaml:5:14: Invalid buckets[0].objects: expected a list, got a mapping [emulator-config]",
      'emu.yaml:6:5: Missing required field "name" in buckets[1] [emulator-config]',
    ]);
  });
  await t.step("a bad date and a bad relative time", async () => {
    const stderr = await refused(
      [
        "buckets:",
        "  - name: examplebucket",
        "    region: cn-hangzhou",
        "    creationDate: 2024-13-45",
        "    domains:",
        "      - domain: static.example.com",
        "        certificate:",
        "          certId: c",
        "          validStartDate: -30d",
        "          validEndDate: +4w",
        "",
      ].join("\n"),
    );
    assert.deepEqual(findingLines(stderr), [
      'emu.yaml:4:19: Expected an ISO 8601 date or a time relative to the emulator\'s start such as "+400d" or "-30d", got "2024-13-45" [emulator-config]',
      'emu.yaml:10:25: Expected an ISO 8601 date or a time relative to the emulator\'s start such as "+400d" or "-30d", got "+4w" [emulator-config]',
    ]);
  });
  await t.step("a bucket declared twice", async () => {
    const stderr = await refused(
      [
        "buckets:",
        "  - name: examplebucket",
        "    region: cn-hangzhou",
        "  - name: examplebucket",
        "    region: cn-beijing",
        "",
      ].join("\n"),
    );
    assert.deepEqual(findingLines(stderr), [
      'emu.yaml:4:11: Bucket "examplebucket" is declared twice [emulator-config]',
    ]);
  });
  await t.step("YAML syntax", async () => {
    const stderr = await refused("buckets:\n  - name: [examplebucket\n");
    assert.match(stderr, /^emu\.yaml:3:1: Cannot parse YAML: /);
  });
  await t.step("a line under credentials is not quoted", async () => {
    const stderr = await refused(
      [
        "buckets:",
        "  - name: examplebucket",
        "    region: cn-hangzhou",
        "    credentials:",
        "      - accessKeyId: LTAI5tKey",
        "        accessKeySecrett: do-not-print-me",
        "",
      ].join("\n"),
    );
    assert.deepEqual(findingLines(stderr), [
      'emu.yaml:5:9: Missing required field "accessKeySecret" in buckets[0].credentials[0] [emulator-config]',
      'emu.yaml:6:9: Unknown field "accessKeySecrett" in buckets[0].credentials[0] [emulator-config]',
    ]);
    assert.match(stderr, /did you mean "accessKeySecret"\?/);
    assert.doesNotMatch(stderr, /do-not-print-me/);
  });
});

Deno.test("emulator keeps serving when stderr is closed after the banner", async () => {
  let interrupt = () => {};
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  const fake = fakeIo({
    now: NOW,
    files: { "emulator.yaml": CONFIG },
    interrupted: () => interrupted,
  });
  let broken = false;
  const io = {
    ...fake.io,
    writeStderr: (text: string) =>
      broken
        ? Promise.reject(new Deno.errors.BrokenPipe("Broken pipe"))
        : fake.io.writeStderr(text),
  };
  const exit = main(["emulator", "--config", "emulator.yaml"], io);
  const started = Date.now();
  let banner: RegExpExecArray | null = null;
  while (banner === null) {
    assert.ok(Date.now() - started < GUARD_MS, "no banner in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
    banner = /listening on http:\/\/\S+:(\d+)\n[\s\S]*Ctrl-C to stop\.\n/
      .exec(fake.stderr());
  }
  broken = true;
  try {
    for (let i = 0; i < 3; i++) {
      const response = await send(
        `http://127.0.0.1:${banner[1]}/publicbucket/hello.txt`,
      );
      assert.equal(response.status, 200);
    }
  } finally {
    interrupt();
  }
  assert.equal(await exit, 0);
  assert.ok(fake.stderr().endsWith("Press Ctrl-C to stop.\n"));
});
