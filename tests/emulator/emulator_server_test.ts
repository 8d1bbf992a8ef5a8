import assert from "node:assert/strict";
import { startEmulator } from "../../src/emulator/server.ts";
import { presignUrl } from "../../src/sign/presign.ts";
import {
  bucketData,
  KEY,
  NOW,
  pathStyleRequest,
  send,
  STS,
  testConfig,
} from "../_emulator.ts";

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug"] as const;

/** Runs `fn` with the console methods replaced, returning what they were called with. */
async function captureConsole(fn: () => Promise<void>): Promise<unknown[][]> {
  const calls: unknown[][] = [];
  const saved = CONSOLE_METHODS.map((name) => console[name]);
  for (const name of CONSOLE_METHODS) {
    console[name] = (...args: unknown[]) => calls.push(args);
  }
  try {
    await fn();
  } finally {
    CONSOLE_METHODS.forEach((name, index) => (console[name] = saved[index]!));
  }
  return calls;
}

Deno.test("startEmulator() listens on 127.0.0.1 on a free port and prints nothing", async () => {
  const calls = await captureConsole(async () => {
    const emulator = await startEmulator({
      config: await testConfig(),
      now: () => NOW,
    });
    assert.equal(emulator.hostname, "127.0.0.1");
    assert.ok(emulator.port > 0);
    assert.equal(emulator.origin, `http://127.0.0.1:${emulator.port}`);
    assert.equal(
      emulator.bucketHost("examplebucket"),
      `examplebucket.oss-cn-hangzhou.localhost:${emulator.port}`,
    );
    assert.equal(
      (await send(`${emulator.origin}/examplebucket/missing`)).status,
      403,
    );
    await emulator.close();
  });
  assert.deepEqual(calls, []);
});

Deno.test("startEmulator() serves an empty config by default", async () => {
  await using emulator = await startEmulator();
  const response = await send(`${emulator.origin}/examplebucket/a`);
  assert.equal(response.status, 404);
  assert.match(response.text, /<Code>NoSuchBucket<\/Code>/);
});

Deno.test("startEmulator() listens on a given port and fails when it is taken", async () => {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  await assert.rejects(startEmulator({ port }), Deno.errors.AddrInUse);
  probe.close();
  await using emulator = await startEmulator({ port });
  assert.equal(emulator.port, port);
});

Deno.test("EmulatorHandle.close() stops the server, once", async () => {
  const emulator = await startEmulator();
  await emulator.close();
  await emulator.close();
  await assert.rejects(fetch(`${emulator.origin}/`), TypeError);
  await assert.rejects(
    emulator.fetch("http://examplebucket.oss-cn-hangzhou.aliyuncs.com/"),
  );
});

Deno.test("EmulatorHandle.fetch() reaches the emulator for any http host", async () => {
  await using emulator = await startEmulator({
    config: await testConfig([{ ...bucketData(), acl: "public-read" }]),
  });
  const response = await emulator.fetch("http://static.example.com/hello.txt", {
    headers: { range: "bytes=0-4" },
  });
  assert.equal(response.status, 206);
  assert.equal(response.headers.get("content-range"), "bytes 0-4/12");
  assert.equal(await response.text(), "hello");
  const head = await emulator.fetch(
    new Request("http://static.example.com/hello.txt", { method: "HEAD" }),
  );
  assert.equal(head.status, 200);
  assert.equal(head.body, null);
  const put = await emulator.fetch("http://static.example.com/new.txt", {
    method: "PUT",
    body: "x",
  });
  assert.equal(put.status, 403); // anonymous, on a private bucket
  await put.body?.cancel();
  await assert.rejects(
    emulator.fetch("https://static.example.com/hello.txt"),
    TypeError,
  );
});

Deno.test("startEmulator() stops when its signal aborts", async () => {
  const controller = new AbortController();
  const emulator = await startEmulator({ signal: controller.signal });
  controller.abort();
  await emulator.close();
  await assert.rejects(fetch(`${emulator.origin}/`), TypeError);
});

Deno.test("startEmulator() lets go of a long-lived signal when closed", async () => {
  const controller = new AbortController();
  const signal = controller.signal;
  const listening = new Set<unknown>();
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((
    type: string,
    listener: EventListener,
    o?: boolean | AddEventListenerOptions,
  ) => {
    listening.add(listener);
    add(type, listener, o);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((
    type: string,
    listener: EventListener,
    o?: boolean | AddEventListenerOptions,
  ) => {
    listening.delete(listener);
    remove(type, listener, o);
  }) as typeof signal.removeEventListener;
  for (let i = 0; i < 3; i++) {
    const emulator = await startEmulator({ signal });
    await emulator.close();
  }
  assert.equal(listening.size, 0);
});

Deno.test("EmulatorHandle.bucketHost() refuses an unknown bucket", async () => {
  await using emulator = await startEmulator();
  assert.throws(() => emulator.bucketHost("nope"), TypeError);
});

Deno.test("EmulatorHandle.requests() records operations without URLs or secrets", async () => {
  await using emulator = await startEmulator({
    config: await testConfig([{ ...bucketData(), acl: "public-read" }]),
    now: () => NOW,
  });
  const url = presignUrl(
    pathStyleRequest(emulator.port, { signature: "v1", credentials: STS }),
  );
  await send(url);
  await send(`${emulator.origin}/examplebucket/?list-type=2`);
  await send(`${emulator.origin}/examplebucket/missing.txt`);
  const records = emulator.requests();
  assert.deepEqual(
    records.map(({ operation, status, code }) => [operation, status, code]),
    [["GetObject", 200, undefined], ["ListObjectsV2", 200, undefined], [
      "GetObject",
      404,
      "NoSuchKey",
    ]],
  );
  const text = JSON.stringify(records);
  for (
    const secret of [
      STS.accessKeySecret,
      STS.securityToken!,
      KEY.accessKeySecret,
    ]
  ) {
    assert.ok(!text.includes(secret));
  }
});
