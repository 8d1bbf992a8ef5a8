import assert from "node:assert/strict";
import { mapBounded } from "../../src/check/pool.ts";
import { backoffDelay, withRetry } from "../../src/check/retry.ts";
import { seededRandom } from "../_emulator.ts";

Deno.test("backoffDelay() is full jitter under an exponential cap", async (t) => {
  await t.step("the cap doubles per attempt up to maxDelayMs", () => {
    const top = (attempt: number) =>
      backoffDelay(attempt, {
        baseDelayMs: 100,
        maxDelayMs: 1000,
        random: () => 0.999999,
      });
    assert.deepEqual([1, 2, 3, 4, 5, 6].map(top), [
      99,
      199,
      399,
      799,
      999,
      999,
    ]);
  });
  await t.step("random 0 waits nothing", () => {
    assert.equal(backoffDelay(3, { random: () => 0 }), 0);
  });
  await t.step("waits spread over [0, cap) (seeded)", () => {
    const random = seededRandom(7);
    const waits = Array.from(
      { length: 1000 },
      () => backoffDelay(4, { baseDelayMs: 200, random }),
    );
    assert.ok(waits.every((wait) => wait >= 0 && wait < 1600));
    assert.ok(Math.min(...waits) < 160 && Math.max(...waits) > 1440);
  });
});

Deno.test("withRetry() retries what is retryable, up to the limit", async (t) => {
  const busy = new Error("busy");
  const fatal = new Error("fatal");
  await t.step("succeeds after two failures, waiting with jitter", async () => {
    const waits: number[] = [];
    const retried: number[] = [];
    let calls = 0;
    const value = await withRetry(() => {
      calls++;
      return calls <= 2 ? Promise.reject(busy) : Promise.resolve("ok");
    }, {
      retryable: (error) => error === busy,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
      onRetry: (attempt) => retried.push(attempt),
    });
    assert.equal(value, "ok");
    assert.equal(calls, 3);
    assert.deepEqual(waits, [100, 200]);
    assert.deepEqual(retried, [1, 2]);
  });
  await t.step(
    "gives up after the attempts and throws the last failure",
    async () => {
      let calls = 0;
      await assert.rejects(
        withRetry(() => {
          calls++;
          return Promise.reject(busy);
        }, {
          attempts: 3,
          retryable: () => true,
          sleep: () => Promise.resolve(),
        }),
        busy,
      );
      assert.equal(calls, 3);
    },
  );
  await t.step("does not retry a failure that is not retryable", async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(() => {
        calls++;
        return Promise.reject(fatal);
      }, { retryable: (error) => error === busy }),
      fatal,
    );
    assert.equal(calls, 1);
  });
  await t.step("refuses an attempt count that would never end", async () => {
    for (const attempts of [NaN, Infinity, 2.5]) {
      let calls = 0;
      await assert.rejects(
        withRetry(() => {
          calls++;
          return Promise.reject(busy);
        }, {
          attempts,
          // Bounds the test itself should the limit be ignored.
          retryable: () => calls < 10,
          sleep: () => Promise.resolve(),
        }),
        (error: unknown) =>
          error instanceof RangeError &&
          error.message.includes(`"${attempts}"`),
      );
      assert.equal(calls, 0);
    }
  });
});

Deno.test("mapBounded() keeps order and at most `limit` calls in flight", async (t) => {
  await t.step("order and the concurrency bound", async () => {
    let running = 0;
    let most = 0;
    const results = await mapBounded(
      Array.from({ length: 50 }, (_, i) => i),
      4,
      async (n) => {
        running++;
        most = Math.max(most, running);
        await Promise.resolve();
        await Promise.resolve();
        running--;
        return n * 2;
      },
    );
    assert.deepEqual(results, Array.from({ length: 50 }, (_, i) => i * 2));
    assert.equal(most, 4);
  });
  await t.step("no new call after the first failure", async () => {
    const started: number[] = [];
    const boom = new Error("boom");
    await assert.rejects(
      mapBounded(Array.from({ length: 20 }, (_, i) => i), 2, async (n) => {
        started.push(n);
        await Promise.resolve();
        if (n === 3) throw boom;
        return n;
      }),
      boom,
    );
    assert.ok(started.length <= 5, `started ${started.length}`);
  });
  await t.step("an empty list", async () => {
    assert.deepEqual(await mapBounded([], 8, () => Promise.resolve(1)), []);
  });
});
