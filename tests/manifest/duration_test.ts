/** `formatDuration()`: durations in messages, written as the manifest writes them. */
import assert from "node:assert/strict";
import { formatDuration, parseDuration } from "../../src/manifest/duration.ts";

Deno.test("formatDuration() writes what parseDuration() reads", async (t) => {
  await t.step("whole units", () => {
    assert.equal(formatDuration(604_800), "7d");
    assert.equal(formatDuration(3_600), "1h");
    assert.equal(formatDuration(60), "1m");
    assert.equal(formatDuration(45), "45s");
  });
  await t.step("mixed units, largest first, zero units left out", () => {
    assert.equal(formatDuration(5_400), "1h30m");
    assert.equal(formatDuration(604_801), "7d1s");
    assert.equal(formatDuration(691_200 + 3_661), "8d1h1m1s");
  });
  await t.step("zero, negatives and fractions", () => {
    assert.equal(formatDuration(0), "0s");
    assert.equal(formatDuration(-5), "0s");
    assert.equal(formatDuration(89.6), "1m30s");
  });
  await t.step("a round trip for every count of seconds tried", () => {
    for (let seconds = 0; seconds < 200_000; seconds += 997) {
      assert.equal(parseDuration(formatDuration(seconds)), seconds);
    }
    assert.equal(parseDuration(formatDuration(8_640_000_000)), 8_640_000_000);
  });
  await t.step("units: the largest ones only, the rest dropped", () => {
    assert.equal(formatDuration(93_784, { units: 2 }), "1d2h");
    assert.equal(formatDuration(86_400 + 300, { units: 2 }), "1d");
    assert.equal(formatDuration(9_000, { units: 2 }), "2h30m");
    assert.equal(formatDuration(61, { units: 1 }), "1m");
    assert.equal(formatDuration(0, { units: 1 }), "0s");
  });
});
