import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { startEmulator } from "../../src/emulator/server.ts";
import {
  bucketData,
  send,
  startTestEmulator,
  testConfig,
  xmlValue,
} from "../_emulator.ts";

async function publicEmulator() {
  return await startTestEmulator(
    await testConfig([{ ...bucketData(), acl: "public-read" }]),
  );
}

Deno.test("emulator fault injection", async (t) => {
  await t.step("503 twice, then success", async () => {
    await using emulator = await publicEmulator();
    const url = `${emulator.origin}/examplebucket/hello.txt`;
    const fault = emulator.faults.add({
      key: "hello.txt",
      status: 503,
      times: 2,
    });
    const first = await send(url);
    assert.equal(first.status, 503);
    assert.equal(xmlValue(first.text, "Code"), "ServiceUnavailable");
    assert.equal((await send(url)).status, 503);
    const third = await send(url);
    assert.equal(third.status, 200);
    assert.equal(third.text, "hello, world");
    assert.equal(fault.hits, 2);
    assert.equal(fault.remaining, 0);
  });

  await t.step("a connection reset in the middle of a listing", async () => {
    await using emulator = await publicEmulator();
    emulator.faults.add({ operation: "ListObjectsV2", reset: true });
    const response = await fetch(
      `${emulator.origin}/examplebucket/?list-type=2`,
    );
    assert.equal(response.status, 200);
    await assert.rejects(response.text(), TypeError);
    emulator.faults.add({ operation: "ListObjectsV2", reset: true });
    const viaLoopback = await emulator.fetch(
      "http://examplebucket.oss-cn-hangzhou.aliyuncs.com/?list-type=2",
    );
    await assert.rejects(viaLoopback.text());
    const retry = await send(`${emulator.origin}/examplebucket/?list-type=2`);
    assert.equal(retry.status, 200);
    assert.match(retry.text, /<\/ListBucketResult>\n$/);
  });

  await t.step("a malformed XML body", async () => {
    await using emulator = await publicEmulator();
    emulator.faults.add({ operation: "ListObjectsV2", malformed: true });
    const response = await send(
      `${emulator.origin}/examplebucket/?list-type=2`,
    );
    assert.equal(response.status, 200);
    assert.match(response.text, /^<\?xml/);
    assert.doesNotMatch(response.text, /<\/ListBucketResult>/);
  });

  await t.step("a 403 with a chosen code and message", async () => {
    await using emulator = await publicEmulator();
    emulator.faults.add({
      status: 403,
      code: "UserDisable",
      message: "UserDisable",
    });
    const response = await send(`${emulator.origin}/examplebucket/hello.txt`);
    assert.equal(response.status, 403);
    assert.equal(xmlValue(response.text, "Code"), "UserDisable");
    assert.equal(
      (await send(`${emulator.origin}/examplebucket/hello.txt`)).status,
      200,
    );
  });

  await t.step(
    "a fault on HEAD has no body and an x-oss-err header",
    async () => {
      await using emulator = await publicEmulator();
      emulator.faults.add({ method: "HEAD", status: 500 });
      const response = await send(
        `${emulator.origin}/examplebucket/hello.txt`,
        { method: "HEAD" },
      );
      assert.equal(response.status, 500);
      const error = Buffer.from(
        response.headers.get("x-oss-err") ?? "",
        "base64",
      ).toString();
      assert.equal(xmlValue(error, "Code"), "InternalError");
    },
  );

  await t.step(
    "rules match by bucket, key pattern, operation and method, in order",
    async () => {
      await using emulator = await publicEmulator();
      const other = emulator.faults.add({ bucket: "otherbucket", status: 500 });
      const images = emulator.faults.add({
        key: "*.png",
        status: 404,
        times: Infinity,
      });
      const listing = emulator.faults.add({
        key: "",
        operation: "ListObjects",
        status: 500,
      });
      assert.equal(
        (await send(`${emulator.origin}/examplebucket/hello.txt`)).status,
        200,
      );
      for (let i = 0; i < 3; i++) {
        assert.equal(
          (await send(`${emulator.origin}/examplebucket/image.png`)).status,
          404,
        );
      }
      assert.equal(
        (await send(`${emulator.origin}/examplebucket/?list-type=2`)).status,
        200,
      );
      assert.equal(
        (await send(`${emulator.origin}/examplebucket/`)).status,
        500,
      );
      assert.deepEqual([other.hits, images.hits, listing.hits], [0, 3, 1]);
      assert.equal(emulator.faults.list().length, 3);
      emulator.faults.clear();
      assert.equal(
        (await send(`${emulator.origin}/examplebucket/image.png`)).status,
        200,
      );
    },
  );

  await t.step(
    "a delay waits on the injected sleep, then answers",
    async () => {
      const delays: number[] = [];
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      await using emulator = await startEmulator({
        config: await testConfig([{ ...bucketData(), acl: "public-read" }]),
        sleep: (ms) => {
          delays.push(ms);
          return released;
        },
      });
      emulator.faults.add({ delayMs: 2500, times: 1 });
      const pending = send(`${emulator.origin}/examplebucket/hello.txt`);
      const quick = await send(`${emulator.origin}/examplebucket/hello.txt`);
      assert.equal(quick.status, 200, "the second request is not delayed");
      assert.deepEqual(delays, [2500]);
      release();
      assert.equal((await pending).text, "hello, world");
    },
  );

  await t.step("closing the emulator cancels a pending delay", async () => {
    let entered = () => {};
    const sleeping = new Promise<void>((resolve) => (entered = resolve));
    const emulator = await startEmulator({
      config: await testConfig([{ ...bucketData(), acl: "public-read" }]),
      sleep: (_ms, signal) => {
        entered();
        return new Promise((_resolve, reject) => {
          signal.addEventListener("abort", () => reject(signal.reason), {
            once: true,
          });
        });
      },
    });
    emulator.faults.add({ delayMs: 3_600_000 });
    const pending = send(`${emulator.origin}/examplebucket/hello.txt`);
    await sleeping;
    await emulator.close();
    const response = await pending;
    assert.equal(response.status, 503);
    assert.equal(
      xmlValue(response.text, "Message"),
      "The request was cancelled.",
    );
  });

  await t.step(
    "faults declared in the config apply from the start",
    async () => {
      const config = await testConfig(
        [{ ...bucketData(), acl: "public-read" }],
        {
          faults: [{ operation: "GetObject", status: 503, times: 1 }],
        },
      );
      await using emulator = await startTestEmulator(config);
      assert.equal(
        (await send(`${emulator.origin}/examplebucket/hello.txt`)).status,
        503,
      );
      assert.equal(
        (await send(`${emulator.origin}/examplebucket/hello.txt`)).status,
        200,
      );
    },
  );

  await t.step("invalid rules are refused", async () => {
    await using emulator = await publicEmulator();
    assert.throws(() => emulator.faults.add({ status: 200 }), RangeError);
    assert.throws(() => emulator.faults.add({ times: 1.5 }), RangeError);
    assert.throws(() => emulator.faults.add({ delayMs: -1 }), RangeError);
  });
});
