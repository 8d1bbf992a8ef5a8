/**
 * What serving with `node:http` must keep from `Deno.serve`: sized bodies,
 * whole HEAD answers, a broken body that breaks the connection, and a clean
 * 400 for a request that makes no `Request`.
 */
import assert from "node:assert/strict";
import {
  bucketData,
  send,
  startTestEmulator,
  testConfig,
} from "../_emulator.ts";

async function publicEmulator() {
  return await startTestEmulator(
    await testConfig([{ ...bucketData(), acl: "public-read" }]),
  );
}

/** Sends raw bytes and reads until the server closes (at most 10 s). */
async function raw(port: number, text: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const guard = setTimeout(() => conn.close(), 10_000);
  let received = "";
  try {
    await conn.write(new TextEncoder().encode(text));
    const buffer = new Uint8Array(4096);
    for (;;) {
      const count = await conn.read(buffer);
      if (count === null) break;
      received += new TextDecoder().decode(buffer.subarray(0, count));
    }
  } finally {
    clearTimeout(guard);
  }
  conn.close();
  return received;
}

Deno.test("emulator answers carry Content-Length, as Deno.serve gave them", async () => {
  await using emulator = await publicEmulator();
  const listing = await fetch(`${emulator.origin}/examplebucket/?list-type=2`);
  const text = await listing.text();
  assert.equal(listing.headers.get("content-length"), String(text.length));
  assert.equal(listing.headers.get("transfer-encoding"), null);
  const missing = await fetch(`${emulator.origin}/examplebucket/missing.txt`);
  const body = new Uint8Array(await missing.arrayBuffer());
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get("content-length"), String(body.length));
});

Deno.test("emulator: a reset fault on HEAD still sends whole headers", async () => {
  await using emulator = await publicEmulator();
  const fault = emulator.faults.add({ operation: "HeadObject", reset: true });
  const head = await fetch(`${emulator.origin}/examplebucket/hello.txt`, {
    method: "HEAD",
  });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("content-length"), "12");
  assert.equal(await head.text(), "");
  assert.equal(fault.hits, 1);
});

Deno.test("emulator: a request with a Host that makes no URL is a 400", async () => {
  await using emulator = await publicEmulator();
  const answer = await raw(
    emulator.port,
    "GET /examplebucket/hello.txt HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n",
  );
  assert.match(answer, /^HTTP\/1\.1 400 /);
  assert.equal(
    (await send(`${emulator.origin}/examplebucket/hello.txt`)).status,
    200,
  );
});
