import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import {
  cachedHmacKey,
  hmacBase64,
  hmacBytes,
  hmacHex,
  hmacKey,
} from "../../src/oss/crypto.ts";
import { Gen } from "../_random_requests.ts";
import { HAND_WRITTEN_CRYPTO } from "../../src/sign/signer_crypto.ts";
import { v4SigningKey } from "../../src/oss/v4.ts";

const CHARS = [..."abcXYZ019 +/=%\n\t", "é", "报", "😀", "\ud800", "\udfff"];

/** node:crypto encodes lone surrogates as U+FFFD, like TextEncoder. */
function reference(
  algorithm: "sha1" | "sha256",
  key: string | Uint8Array,
  data: string,
): Buffer {
  return createHmac(algorithm, key).update(data, "utf8").digest();
}

Deno.test("hmacBase64() / hmacHex() / hmacBytes() equal node:crypto createHmac", async (t) => {
  const g = new Gen(0xc0ffee);
  for (const algorithm of ["sha1", "sha256"] as const) {
    await t.step(`${algorithm}: every length from 0 to 300`, () => {
      for (let length = 0; length <= 300; length++) {
        const key = g.chance(0.5)
          ? g.text(CHARS, 0, 100)
          : Uint8Array.from({ length: g.int(0, 130) }, () => g.int(0, 255));
        const data = length < 200
          ? "x".repeat(length)
          : g.text(CHARS, length - 200, length);
        const prepared = hmacKey(algorithm, key);
        const expected = reference(algorithm, key, data);
        assert.equal(hmacBase64(prepared, data), expected.toString("base64"));
        assert.equal(hmacHex(prepared, data), expected.toString("hex"));
        assert.deepEqual(hmacBytes(prepared, data), new Uint8Array(expected));
      }
    });
    await t.step(`${algorithm}: a 200 kB message grows the buffer`, () => {
      const data = g.text(CHARS, 60_000, 70_000);
      const key = hmacKey(algorithm, "secret");
      assert.equal(
        hmacHex(key, data),
        reference(algorithm, "secret", data).toString("hex"),
      );
      assert.equal(
        hmacHex(key, "short"),
        reference(algorithm, "secret", "short").toString("hex"),
      );
    });
  }
});

Deno.test("hmacHex() reuses the first block of messages that share it, and only then", () => {
  const g = new Gen(0xbeef);
  for (const algorithm of ["sha1", "sha256"] as const) {
    const key = hmacKey(algorithm, "batch secret");
    const prefixes = [
      "",
      "p".repeat(63),
      "p".repeat(64),
      "報".repeat(30),
      "q".repeat(100),
    ];
    for (let i = 0; i < 500; i++) {
      const data = g.pick(prefixes) + g.text(CHARS, 0, 90);
      assert.equal(
        hmacHex(key, data),
        reference(algorithm, "batch secret", data).toString("hex"),
        `${algorithm} ${JSON.stringify(data)}`,
      );
    }
  }
});

Deno.test("cachedHmacKey() reuses a prepared key per algorithm and byte key", () => {
  const bytes = new Uint8Array([1, 2, 3]);
  assert.equal(cachedHmacKey("sha256", bytes), cachedHmacKey("sha256", bytes));
  assert.equal(cachedHmacKey("sha1", bytes).algorithm, "sha1");
  // A reused buffer with new bytes gets a new key.
  bytes[0] = 9;
  assert.equal(
    hmacHex(cachedHmacKey("sha256", bytes), "m"),
    reference("sha256", bytes, "m").toString("hex"),
  );
  assert.notEqual(cachedHmacKey("sha1", bytes), cachedHmacKey("sha256", bytes));
});

Deno.test("HAND_WRITTEN_CRYPTO caches keys by credentials object, never by secret", async (t) => {
  const scope = { date8: "20261128", region: "cn-hangzhou", product: "oss" };
  const v4Reference = (secret: string, data: string, date8 = scope.date8) =>
    createHmac(
      "sha256",
      v4SigningKey(secret, date8, scope.region, scope.product),
    ).update(data).digest("hex");
  await t.step("the signatures equal node:crypto's", () => {
    const credentials = { accessKeySecret: "secret" };
    for (const data of ["a", "GET\n\n\n1\n/b/k", "x".repeat(300)]) {
      assert.equal(
        HAND_WRITTEN_CRYPTO.v1Signature(credentials, data),
        reference("sha1", "secret", data).toString("base64"),
      );
      assert.equal(
        HAND_WRITTEN_CRYPTO.v4Signature(credentials, scope, data),
        v4Reference("secret", data),
      );
    }
  });
  await t.step("a new date, or a replaced secret, gets new keys", () => {
    const credentials = { accessKeySecret: "one" };
    HAND_WRITTEN_CRYPTO.v1Signature(credentials, "m");
    HAND_WRITTEN_CRYPTO.v4Signature(credentials, scope, "m");
    const next = { ...scope, date8: "20261129" };
    assert.equal(
      HAND_WRITTEN_CRYPTO.v4Signature(credentials, next, "m"),
      v4Reference("one", "m", "20261129"),
    );
    const mutable = { accessKeySecret: "one" };
    HAND_WRITTEN_CRYPTO.v1Signature(mutable, "m");
    mutable.accessKeySecret = "two";
    assert.equal(
      HAND_WRITTEN_CRYPTO.v1Signature(mutable, "m"),
      reference("sha1", "two", "m").toString("base64"),
    );
    assert.equal(
      HAND_WRITTEN_CRYPTO.v4Signature(mutable, scope, "m"),
      v4Reference("two", "m"),
    );
  });
  await t.step("an equal secret in another object signs the same", () => {
    assert.equal(
      HAND_WRITTEN_CRYPTO.v1Signature({ accessKeySecret: "s" }, "m"),
      HAND_WRITTEN_CRYPTO.v1Signature({ accessKeySecret: "s" }, "m"),
    );
  });
});
