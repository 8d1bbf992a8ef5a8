/**
 * The emulator's object store on its own: the storage limit counts written
 * objects, parts and bodies being read, and frees what is replaced,
 * deleted, completed or aborted; `readBody` keeps only what the limit
 * allows and reads the rest to the end.
 */
import assert from "node:assert/strict";
import { OssError } from "../../src/oss/errors.ts";
import type { EmulatorObject } from "../../src/emulator/model.ts";
import { readBody } from "../../src/emulator/request_body.ts";
import { ObjectStore, tooLarge } from "../../src/emulator/store.ts";

const CONFIG = {
  buckets: [],
  faults: [],
};

function object(key: string, size: number): EmulatorObject {
  return {
    key,
    versions: [{
      versionId: null,
      body: new Uint8Array(size),
      etag: '"0"',
      lastModified: new Date(0),
      contentType: "application/octet-stream",
      meta: {},
    }],
  };
}

function stream(chunks: readonly number[]): ReadableStream<Uint8Array> {
  return ReadableStream.from(chunks.map((size) => new Uint8Array(size)));
}

Deno.test("ObjectStore counts written bytes against its limit", async (t) => {
  await t.step("put, replace, delete", () => {
    const store = new ObjectStore(CONFIG, 100);
    store.put("b", object("a", 60));
    assert.equal(store.usedBytes, 60);
    assert.throws(() => store.put("b", object("c", 50)), {
      code: "EntityTooLarge",
    });
    store.put("b", object("a", 90)); // replaces: 60 freed
    assert.equal(store.usedBytes, 90);
    assert.equal(store.writtenBytes("b", "a"), 90);
    assert.deepEqual(store.sorted("b").map((entry) => entry.key), ["a"]);
    assert.equal(store.delete("b", "a"), true);
    assert.equal(store.delete("b", "a"), false);
    assert.equal(store.usedBytes, 0);
  });

  await t.step("held bytes of bodies being read count too", () => {
    const store = new ObjectStore(CONFIG, 100);
    assert.equal(store.hold(70, 0), true);
    assert.equal(store.freeBytes, 30);
    assert.equal(store.hold(40, 0), false);
    assert.equal(store.hold(40, 10), true); // replaces 10 written bytes
    store.release(110);
    assert.equal(store.freeBytes, 100);
  });

  await t.step("parts count until their upload ends", () => {
    const store = new ObjectStore(CONFIG, 100);
    const upload = store.initiate({
      bucket: "b",
      key: "k",
      initiated: new Date(0),
      template: { contentType: "text/plain", meta: {} },
    });
    store.putPart(upload, {
      partNumber: 1,
      body: new Uint8Array(80),
      etag: '"1"',
      lastModified: new Date(0),
    });
    assert.equal(store.usedBytes, 80);
    assert.throws(() => store.put("b", object("x", 30)), {
      code: "EntityTooLarge",
    });
    store.endUpload(upload);
    assert.equal(store.usedBytes, 0);
    assert.throws(() => store.upload("b", "k", upload.uploadId), {
      code: "NoSuchUpload",
    });
  });
});

Deno.test("readBody keeps what is allowed and drains the rest", async (t) => {
  const error = () => tooLarge(10, 0);
  await t.step("within the limit", async () => {
    const bytes = await readBody(
      stream([4, 4]),
      (size) => size <= 10,
      undefined,
      error,
    );
    assert.equal(bytes.length, 8);
  });
  await t.step("past it, after reading every chunk", async () => {
    const body = stream([6, 6, 6]);
    await assert.rejects(
      readBody(body, (size) => size <= 10, undefined, error),
      OssError,
    );
    assert.equal(body.locked, false);
  });
  await t.step(
    "a declared length over the limit is refused at once",
    async () => {
      const asked: number[] = [];
      await assert.rejects(
        readBody(
          stream([1]),
          (size) => {
            asked.push(size);
            return size <= 10;
          },
          "11",
          error,
        ),
        { code: "EntityTooLarge" },
      );
      assert.deepEqual(asked, [11]);
    },
  );
});
