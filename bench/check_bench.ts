/**
 * `check --live` over 10,000 objects (one `prefix:` entry: 10 listing pages
 * and 10,000 HeadObject requests) against the in-process emulator on
 * loopback, with bounded concurrency (8, the default) and one request at a
 * time, side by side; read the ratio. Run:
 * `deno task bench bench/check_bench.ts`.
 */
import { checkCommand } from "../src/cli/commands/check.ts";
import { parseEmulatorConfig } from "../src/emulator/config.ts";
import { startEmulator } from "../src/emulator/server.ts";
import { fakeIo } from "../tests/_fake_io.ts";
import { KEY } from "../tests/_emulator.ts";

const OBJECTS = 10_000;

const emulator = await startEmulator({
  config: await parseEmulatorConfig({
    buckets: [{
      name: "examplebucket",
      region: "cn-hangzhou",
      credentials: [KEY],
      objects: Array.from({ length: OBJECTS }, (_, i) => ({
        key: `bench/${String(i).padStart(5, "0")}.txt`,
        content: "x",
      })),
    }],
  }),
  now: () => new Date(),
});
const MANIFEST = `version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - prefix: bench/
`;
const env = {
  OSS_ACCESS_KEY_ID: KEY.accessKeyId,
  OSS_ACCESS_KEY_SECRET: KEY.accessKeySecret,
};

async function check(concurrency: number): Promise<void> {
  const fake = fakeIo({ disk: true, env, stdin: MANIFEST });
  const code = await checkCommand([
    "-",
    "--live",
    "--endpoint",
    emulator.origin,
    "--concurrency",
    String(concurrency),
  ], fake.io);
  if (code !== 0 || !fake.stderr().includes(`(live; ${OBJECTS} objects`)) {
    throw new Error(`check failed (${code}): ${fake.stderr()}`);
  }
}

Deno.bench({
  name: "check --live, 10,000 objects, one request at a time",
  group: "check --live",
  baseline: true,
  n: 3,
  warmup: 1,
  async fn() {
    await check(1);
  },
});
Deno.bench({
  name: "check --live, 10,000 objects, 8 requests in flight (default)",
  group: "check --live",
  n: 3,
  warmup: 1,
  async fn() {
    await check(8);
  },
});
Deno.bench({
  name: "check --live, 10,000 objects, 32 requests in flight",
  group: "check --live",
  n: 3,
  warmup: 1,
  async fn() {
    await check(32);
  },
});
