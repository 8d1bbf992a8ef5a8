import assert from "node:assert/strict";
import {
  DEFAULT_REQUEST_LOG_SIZE,
  RequestLog,
} from "../../src/emulator/request_log.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { bucketData, NOW, send, testConfig } from "../_emulator.ts";

Deno.test("RequestLog keeps the last items, oldest first", () => {
  const log = new RequestLog<number>(3);
  assert.deepEqual(log.toArray(), []);
  log.push(1);
  log.push(2);
  assert.deepEqual(log.toArray(), [1, 2]);
  assert.equal(log.dropped, 0);
  for (let i = 3; i <= 10; i++) log.push(i);
  assert.deepEqual(log.toArray(), [8, 9, 10]);
  assert.equal(log.dropped, 7);
  assert.equal(log.capacity, 3);
});

Deno.test("RequestLog of size 1 and 0", () => {
  const one = new RequestLog<string>(1);
  one.push("a");
  one.push("b");
  assert.deepEqual(one.toArray(), ["b"]);
  const none = new RequestLog<string>(0);
  none.push("a");
  assert.deepEqual(none.toArray(), []);
  assert.equal(none.dropped, 1);
});

Deno.test("RequestLog refuses a size that is not a whole number from 0 up", () => {
  for (const size of [-1, 1.5, Number.NaN, Infinity]) {
    assert.throws(() => new RequestLog(size), RangeError, String(size));
  }
  assert.equal(DEFAULT_REQUEST_LOG_SIZE, 1000);
  assert.equal(new RequestLog(DEFAULT_REQUEST_LOG_SIZE).capacity, 1000);
});

Deno.test("EmulatorHandle.requests() keeps only the last requestLogSize records", async () => {
  await using emulator = await startEmulator({
    config: await testConfig([{ ...bucketData(), acl: "public-read" }]),
    now: () => NOW,
    requestLogSize: 3,
  });
  for (let i = 0; i < 5; i++) {
    await send(`${emulator.origin}/examplebucket/file-${i}.txt`);
  }
  const records = emulator.requests();
  assert.deepEqual(records.map((record) => record.key), [
    "file-2.txt",
    "file-3.txt",
    "file-4.txt",
  ]);
  // Request ids keep counting: the dropped ones were 1 and 2.
  assert.deepEqual(
    records.map((record) => Number.parseInt(record.requestId.slice(4), 16)),
    [3, 4, 5],
  );
});

Deno.test("startEmulator() remembers no requests with requestLogSize 0", async () => {
  await using emulator = await startEmulator({ requestLogSize: 0 });
  assert.equal((await send(`${emulator.origin}/examplebucket/a`)).status, 404);
  assert.deepEqual(emulator.requests(), []);
});

Deno.test("startEmulator() refuses a bad requestLogSize before it listens", async () => {
  await assert.rejects(startEmulator({ requestLogSize: -1 }), RangeError);
  await assert.rejects(startEmulator({ requestLogSize: 2.5 }), RangeError);
});
