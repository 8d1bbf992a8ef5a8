/**
 * Slow clients: a connection that does not send its whole request head in
 * time is cut off, while other clients are served. Raw TCP on loopback; each
 * wait is bounded by a guard that fails the test instead of hanging.
 */
import assert from "node:assert/strict";
import { MAX_HEADER_BYTES } from "../../src/emulator/node_serve.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { bucketData, NOW, send, testConfig } from "../_emulator.ts";

/** How long any raw read may take before the test gives up on it. */
const GUARD_MS = 10_000;

const encoder = new TextEncoder();

/** What a raw connection received until the server closed it. */
interface Received {
  /** Everything read, as text. */
  readonly text: string;
  /** Whether the server closed the connection before the guard ran out. */
  readonly closedByServer: boolean;
  /** Milliseconds from the call to the close. */
  readonly ms: number;
}

/** Reads until the server closes the connection (or the guard runs out). */
async function readUntilClosed(conn: Deno.Conn): Promise<Received> {
  const start = performance.now();
  let guardFired = false;
  const guard = setTimeout(() => {
    guardFired = true;
    conn.close();
  }, GUARD_MS);
  const buffer = new Uint8Array(4096);
  let text = "";
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const count = await conn.read(buffer);
      if (count === null) break;
      text += decoder.decode(buffer.subarray(0, count), { stream: true });
    }
  } catch (error) {
    if (!guardFired && !(error instanceof Deno.errors.ConnectionReset)) {
      throw error;
    }
  } finally {
    clearTimeout(guard);
  }
  if (!guardFired) conn.close();
  return { text, closedByServer: !guardFired, ms: performance.now() - start };
}

async function publicEmulator(headerTimeoutMs: number) {
  return await startEmulator({
    config: await testConfig([{ ...bucketData(), acl: "public-read" }]),
    now: () => NOW,
    headerTimeoutMs,
  });
}

function connect(port: number): Promise<Deno.TcpConn> {
  return Deno.connect({ hostname: "127.0.0.1", port });
}

Deno.test("emulator: a client that never finishes its request head is cut off", async (t) => {
  await using emulator = await publicEmulator(300);

  await t.step("a partial request line gets 408 and is closed", async () => {
    const conn = await connect(emulator.port);
    const started = performance.now();
    await conn.write(encoder.encode("GET /examplebucket/hello.txt HT"));
    const received = await readUntilClosed(conn);
    assert.ok(received.closedByServer, "the server closed the connection");
    assert.match(received.text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    const ms = performance.now() - started;
    assert.ok(ms >= 200, `not before the deadline (${ms} ms)`);
  });

  await t.step("a client that sends nothing is closed too", async () => {
    const conn = await connect(emulator.port);
    const received = await readUntilClosed(conn);
    assert.ok(received.closedByServer);
    assert.match(received.text, /^(HTTP\/1\.1 408 [^]*)?$/);
  });

  await t.step(
    "sending a byte now and then does not extend the deadline",
    async () => {
      const conn = await connect(emulator.port);
      const reading = readUntilClosed(conn);
      let done = false;
      reading.finally(() => (done = true));
      const head =
        "GET /examplebucket/hello.txt HTTP/1.1\r\nHost: x\r\nX-Slow: ";
      for (let i = 0; i < 200 && !done; i++) {
        await conn.write(encoder.encode(head[i % head.length]!)).catch(
          () => {},
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const received = await reading;
      assert.ok(received.closedByServer);
      assert.match(received.text, /^HTTP\/1\.1 408 /);
    },
  );

  await t.step("a whole request head in time is served", async () => {
    const response = await send(`${emulator.origin}/examplebucket/hello.txt`);
    assert.equal(response.status, 200);
    assert.equal(response.text, "hello, world");
  });
});

Deno.test("emulator: a slow client does not hold up others, and close() cuts it off", async () => {
  const emulator = await publicEmulator(60_000);
  const slow = await connect(emulator.port);
  await slow.write(encoder.encode("GET /examplebucket/hello.txt HTTP/1.1\r\n"));
  const slowRead = readUntilClosed(slow);
  const response = await send(`${emulator.origin}/examplebucket/hello.txt`);
  assert.equal(response.status, 200);
  assert.equal(response.text, "hello, world");
  await emulator.close();
  const received = await slowRead;
  assert.ok(received.closedByServer, "close() disconnects a waiting client");
  assert.equal(received.text, "");
});

/** Reads one response of known length (a `Content-Length` body). */
async function readResponse(conn: Deno.Conn): Promise<string> {
  const buffer = new Uint8Array(4096);
  const decoder = new TextDecoder();
  let text = "";
  for (let reads = 0; reads < 1000; reads++) {
    const head = text.indexOf("\r\n\r\n");
    if (head !== -1) {
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(text)?.[1]);
      if (text.length >= head + 4 + length) return text;
    }
    const count = await conn.read(buffer);
    assert.ok(count !== null, `the connection closed early: ${text}`);
    text += decoder.decode(buffer.subarray(0, count));
  }
  assert.fail("no whole response in 1000 reads");
}

Deno.test("emulator: on a kept-alive connection the next request head is bounded too", async () => {
  await using emulator = await publicEmulator(300);
  const conn = await connect(emulator.port);
  const request =
    "GET /examplebucket/hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  await conn.write(encoder.encode(request));
  assert.match(
    await readResponse(conn),
    /^HTTP\/1\.1 200 OK\r\n[^]*hello, world$/,
  );
  await conn.write(encoder.encode(request));
  assert.match(await readResponse(conn), /^HTTP\/1\.1 200 OK\r\n/);
  await conn.write(encoder.encode("GET /examplebucket/hello.txt HTTP/1.1\r\n"));
  const received = await readUntilClosed(conn);
  assert.ok(received.closedByServer);
  assert.match(received.text, /^HTTP\/1\.1 408 /);
  assert.deepEqual(
    emulator.requests().map((record) => [record.operation, record.status]),
    [["GetObject", 200], ["GetObject", 200]],
  );
});

Deno.test("emulator: a kept-alive connection left idle is closed", async () => {
  await using emulator = await publicEmulator(300);
  const conn = await connect(emulator.port);
  await conn.write(encoder.encode(
    "GET /examplebucket/hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
  ));
  assert.match(await readResponse(conn), /hello, world$/);
  const received = await readUntilClosed(conn);
  assert.ok(received.closedByServer);
  assert.equal(received.text, "");
});

Deno.test("emulator: a request head over the limit gets 431", async () => {
  await using emulator = await publicEmulator(5_000);
  const conn = await connect(emulator.port);
  const reading = readUntilClosed(conn);
  const line = `X-Filler: ${"a".repeat(1000)}\r\n`;
  await conn.write(encoder.encode("GET /examplebucket/hello.txt HTTP/1.1\r\n"));
  for (let sent = 0; sent <= MAX_HEADER_BYTES; sent += line.length) {
    const ok = await conn.write(encoder.encode(line)).then(
      () => true,
      () => false,
    );
    if (!ok) break;
  }
  const received = await reading;
  assert.ok(received.closedByServer);
  assert.match(received.text, /^HTTP\/1\.1 431 /);
  assert.deepEqual(emulator.requests(), []);
});

Deno.test("startEmulator() refuses a header timeout that is not a positive number", async () => {
  for (const headerTimeoutMs of [0, -1, Number.NaN, Infinity, 2 ** 31]) {
    await assert.rejects(
      startEmulator({ headerTimeoutMs }),
      RangeError,
      String(headerTimeoutMs),
    );
  }
});
