/**
 * Turning writes off and bounding them: `osslinks emulator --read-only`,
 * the config's `readOnly` and `maxStoredBytes`, and `startEmulator`'s
 * options winning over the config. Requests are signed with `presignUrl`
 * at the test's fixed clock.
 */
import assert from "node:assert/strict";
import { main } from "../../src/cli/main.ts";
import { parseEmulatorConfig } from "../../src/emulator/config.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { presignUrl } from "../../src/sign/presign.ts";
import {
  bucketData,
  NOW,
  pathStyleRequest,
  send,
  TestClock,
  xmlValue,
} from "../_emulator.ts";
import { fakeIo } from "../_fake_io.ts";

/** The longest the CLI may take to print its banner. */
const GUARD_MS = 10_000;

/** A body `fetch` sends without a Content-Type (which the URL does not sign). */
function bytes(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

function putUrl(port: number, key: string): string {
  return presignUrl(pathStyleRequest(port, { method: "PUT", key }));
}

const CONFIG_YAML = [
  "buckets:",
  "  - name: examplebucket",
  "    region: cn-hangzhou",
  "    credentials:",
  "      - { accessKeyId: LTAI5tTestKeyId, accessKeySecret: test-secret/+= }",
  "",
].join("\n");

/** Runs `osslinks emulator ARGS`, calls `use` with its port, then stops it. */
async function withCli(
  args: readonly string[],
  use: (port: number) => Promise<void>,
): Promise<void> {
  let interrupt = () => {};
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  const fake = fakeIo({
    now: NOW,
    files: { "emulator.yaml": CONFIG_YAML },
    interrupted: () => interrupted,
  });
  const exit = main(
    ["emulator", "--config", "emulator.yaml", ...args],
    fake.io,
  );
  const started = Date.now();
  let banner: RegExpExecArray | null = null;
  while (banner === null) {
    assert.ok(Date.now() - started < GUARD_MS, "no banner in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
    banner = /listening on http:\/\/\S+:(\d+)\n/.exec(fake.stderr());
  }
  try {
    await use(Number(banner[1]));
  } finally {
    interrupt();
    assert.equal(await exit, 0, fake.stderr());
  }
}

Deno.test("emulator --read-only refuses writes; without it they succeed", async (t) => {
  await t.step("--read-only", async () => {
    await withCli(["--read-only"], async (port) => {
      const put = await send(putUrl(port, "new.txt"), {
        method: "PUT",
        body: bytes("x"),
      });
      assert.equal(put.status, 405);
      assert.equal(xmlValue(put.text, "Code"), "MethodNotAllowed");
      assert.match(xmlValue(put.text, "Message") ?? "", /read-only/);
    });
  });
  await t.step("writable by default", async () => {
    await withCli([], async (port) => {
      const put = await send(putUrl(port, "new.txt"), {
        method: "PUT",
        body: bytes("x"),
      });
      assert.equal(put.status, 200, put.text);
      const get = await send(presignUrl(pathStyleRequest(port, {
        key: "new.txt",
      })));
      assert.equal(get.text, "x");
    });
  });
});

Deno.test("emulator config's readOnly and maxStoredBytes apply unless the options override them", async (t) => {
  const config = await parseEmulatorConfig({
    buckets: [bucketData()],
    readOnly: true,
    maxStoredBytes: 3,
  });
  assert.equal(config.readOnly, true);
  assert.equal(config.maxStoredBytes, 3);

  await t.step("from the config: read-only", async () => {
    await using emulator = await startEmulator({
      config,
      now: new TestClock().now,
    });
    const put = await send(putUrl(emulator.port, "a.txt"), {
      method: "PUT",
      body: bytes("abc"),
    });
    assert.equal(put.status, 405);
  });

  await t.step("options win: writable, with the config's limit", async () => {
    await using emulator = await startEmulator({
      config,
      readOnly: false,
      now: new TestClock().now,
    });
    const fits = await send(putUrl(emulator.port, "a.txt"), {
      method: "PUT",
      body: bytes("abc"),
    });
    assert.equal(fits.status, 200, fits.text);
    const tooBig = await send(putUrl(emulator.port, "b.txt"), {
      method: "PUT",
      body: bytes("d"),
    });
    assert.equal(tooBig.status, 400);
    assert.equal(xmlValue(tooBig.text, "Code"), "EntityTooLarge");
    // The connection stays usable after a refused body.
    const get = await send(presignUrl(pathStyleRequest(emulator.port, {
      key: "a.txt",
    })));
    assert.equal(get.text, "abc");
  });

  await t.step("a bad maxStoredBytes is refused", async () => {
    await assert.rejects(
      startEmulator({ maxStoredBytes: -1 }),
      RangeError,
    );
    await assert.rejects(
      parseEmulatorConfig({ maxStoredBytes: 1.5 }),
      /maxStoredBytes/,
    );
  });
});
