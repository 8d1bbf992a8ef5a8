/**
 * `osslinks emulator`'s flags: --hostname with --allow-remote, the header
 * timeout and the request log, and the clock its config's relative times
 * follow. The command runs in-process against a fake IO whose interrupt the
 * test fires.
 */
import assert from "node:assert/strict";
import { main } from "../../src/cli/main.ts";
import { presignUrl } from "../../src/sign/presign.ts";
import { send, xmlValue } from "../_emulator.ts";
import { assertNoStackTrace, fakeIo, type FakeIoOptions } from "../_fake_io.ts";

/** The longest any wait in this file may take before the test fails. */
const GUARD_MS = 10_000;

/** A port nothing listens on right now. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** A running `osslinks emulator` and how to stop it. */
interface RunningCli {
  /** The port from its banner. */
  readonly port: number;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** Interrupts it and returns its exit code. */
  stop(): Promise<number>;
}

/** Runs `emulator` until the test stops it; resolves once it listens. */
async function startCli(
  args: readonly string[],
  options: FakeIoOptions = {},
): Promise<RunningCli> {
  let interrupt = () => {};
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  const fake = fakeIo({ ...options, interrupted: () => interrupted });
  const exit = main(["emulator", ...args], fake.io);
  let done = false;
  exit.finally(() => (done = true));
  const started = Date.now();
  let banner: RegExpExecArray | null = null;
  while (banner === null) {
    assert.ok(!done, `the emulator exited: ${fake.stderr()}`);
    assert.ok(Date.now() - started < GUARD_MS, "no banner in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
    banner = /listening on http:\/\/\S+:(\d+)\n/.exec(fake.stderr());
  }
  return {
    port: Number(banner[1]),
    stderr: () => fake.stderr(),
    async stop() {
      interrupt();
      const code = await exit;
      assertNoStackTrace(fake.stderr());
      return code;
    },
  };
}

Deno.test("emulator refuses an address that is not loopback without --allow-remote (exit 2)", async (t) => {
  for (const hostname of ["0.0.0.0", "::", "192.168.1.20", "example.com"]) {
    await t.step(hostname, async () => {
      const fake = fakeIo();
      const code = await main(["emulator", "--hostname", hostname], fake.io);
      assert.equal(code, 2);
      assert.equal(
        fake.stderr(),
        `osslinks emulator: Refusing to listen on "${hostname}": it is not a loopback address, so anyone who can reach the port could read the buckets with the config's test credentials; add --allow-remote to listen there anyway\nRun "osslinks emulator --help" for usage.\n`,
      );
    });
  }
});

Deno.test("emulator --hostname 0.0.0.0 --allow-remote listens, with a warning", async () => {
  const port = freePort();
  const cli = await startCli([
    "--hostname",
    "0.0.0.0",
    "--allow-remote",
    "--port",
    String(port),
  ]);
  try {
    assert.equal(cli.port, port);
    const response = await send(`http://127.0.0.1:${port}/examplebucket/a`);
    assert.equal(response.status, 404);
  } finally {
    assert.equal(await cli.stop(), 0);
  }
  assert.equal(
    cli.stderr().split("\n").slice(0, 2).join("\n"),
    `osslinks emulator: warning: "0.0.0.0" is not a loopback address: anyone who can reach port ${port} can read the buckets with the config's test credentials\nosslinks emulator listening on http://0.0.0.0:${port}`,
  );
});

Deno.test("emulator on a loopback --hostname needs no flag and warns of nothing", async (t) => {
  for (const hostname of ["localhost", "127.0.0.2"]) {
    await t.step(hostname, async () => {
      const fake = fakeIo();
      const code = await main(["emulator", "--hostname", hostname], fake.io);
      assert.equal(code, 0, fake.stderr());
      assert.doesNotMatch(fake.stderr(), /warning/);
      assert.match(fake.stderr(), /^osslinks emulator listening on http:/);
    });
  }
});

Deno.test("emulator refuses a bad --header-timeout or --request-log (exit 2)", async (t) => {
  const cases: [string[], string][] = [
    [
      ["--header-timeout", "0"],
      'Invalid --header-timeout "0": expected seconds or a duration such as "30s" or "2m", from 1 second to 1 day',
    ],
    [
      ["--header-timeout", "soon"],
      'Invalid --header-timeout "soon": expected seconds or a duration such as "30s" or "2m", from 1 second to 1 day',
    ],
    [
      ["--header-timeout", "2d"],
      'Invalid --header-timeout "2d": expected seconds or a duration such as "30s" or "2m", from 1 second to 1 day',
    ],
    [
      ["--request-log=-1"],
      'Invalid --request-log "-1": expected a whole number from 0 to 1000000',
    ],
    [
      ["--request-log", "1e3"],
      'Invalid --request-log "1e3": expected a whole number from 0 to 1000000',
    ],
    [
      ["--request-log", "1000001"],
      'Invalid --request-log "1000001": expected a whole number from 0 to 1000000',
    ],
  ];
  for (const [flags, message] of cases) {
    await t.step(flags.join(" "), async () => {
      const fake = fakeIo();
      assert.equal(await main(["emulator", ...flags], fake.io), 2);
      assert.equal(
        fake.stderr(),
        `osslinks emulator: ${message}\nRun "osslinks emulator --help" for usage.\n`,
      );
    });
  }
  await t.step("good values start the emulator", async () => {
    const fake = fakeIo();
    const code = await main([
      "emulator",
      "--header-timeout",
      "1m30s",
      "--request-log",
      "0",
    ], fake.io);
    assert.equal(code, 0, fake.stderr());
  });
});

Deno.test("emulator --header-timeout cuts off a client that never finishes its request head", async () => {
  const cli = await startCli(["--header-timeout", "1"]);
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: cli.port });
    await conn.write(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n"));
    const guard = setTimeout(() => conn.close(), GUARD_MS);
    const buffer = new Uint8Array(1024);
    let text = "";
    try {
      for (;;) {
        const count = await conn.read(buffer);
        if (count === null) break;
        text += new TextDecoder().decode(buffer.subarray(0, count));
      }
    } finally {
      clearTimeout(guard);
    }
    conn.close();
    assert.match(text, /^HTTP\/1\.1 408 /);
  } finally {
    assert.equal(await cli.stop(), 0);
  }
});

Deno.test("emulator resolves the config's relative times against its clock", async () => {
  // Five years past the suite's usual time, as CI's faketime run does.
  const now = new Date("2031-11-28T09:00:00Z");
  const config = [
    "buckets:",
    "  - name: examplebucket",
    "    region: cn-hangzhou",
    "    credentials:",
    "      - { accessKeyId: LTAI5tCliKey, accessKeySecret: cli-secret }",
    "    domains:",
    "      - domain: static.example.com",
    "        certificate: { certId: c, validStartDate: -30d, validEndDate: +400d }",
    "",
  ].join("\n");
  const cli = await startCli(["--config", "emulator.yaml"], {
    now,
    files: { "emulator.yaml": config },
  });
  try {
    const response = await send(presignUrl({
      signature: "v4",
      method: "GET",
      bucket: "examplebucket",
      key: "",
      region: "cn-hangzhou",
      host: `127.0.0.1:${cli.port}`,
      pathStyle: true,
      https: false,
      credentials: {
        accessKeyId: "LTAI5tCliKey",
        accessKeySecret: "cli-secret",
      },
      signedAt: now,
      expires: 600,
      query: { cname: "" },
    }));
    assert.equal(response.status, 200, response.text);
    assert.equal(
      new Date(xmlValue(response.text, "ValidStartDate")!).toISOString(),
      "2031-10-29T09:00:00.000Z",
    );
    assert.equal(
      new Date(xmlValue(response.text, "ValidEndDate")!).toISOString(),
      "2033-01-01T09:00:00.000Z",
    );
  } finally {
    assert.equal(await cli.stop(), 0);
  }
});
