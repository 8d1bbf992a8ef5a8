/**
 * Writes against the emulator, driven by ali-oss 6.23 (V1 and V4 header
 * signatures, presigned PUT URLs): PutObject with metadata, DeleteObject,
 * DeleteMultipleObjects, CopyObject, AppendObject, multipart upload,
 * ListBuckets, and the failure paths (bad signature, read-only, append
 * position, Content-MD5, storage limit, malformed OSS2). ali-oss signs with the real
 * clock, so the emulator's clock is fixed at the time the test starts;
 * ali-oss keeps sockets alive, so the sanitizers are off.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { loadAliOss } from "../../src/io/load_ali_oss.ts";
import {
  type EmulatorHandle,
  startEmulator,
} from "../../src/emulator/server.ts";
import { presignUrl } from "../../src/sign/presign.ts";
import {
  aliOssOptions,
  bucketData,
  KEY,
  pathStyleRequest,
  send,
  STS,
  TestClock,
  testConfig,
  xmlValue,
} from "../_emulator.ts";

// deno-lint-ignore no-explicit-any
type AliClient = any;

const OSS = await loadAliOss() as new (options: object) => AliClient;

const ALI = { sanitizeOps: false, sanitizeResources: false };

function md5Etag(bytes: Uint8Array | string): string {
  return `"${createHash("md5").update(bytes).digest("hex").toUpperCase()}"`;
}

async function writableEmulator(
  options: { readOnly?: boolean; maxStoredBytes?: number } = {},
): Promise<EmulatorHandle> {
  const clock = new TestClock(new Date());
  const base = bucketData(clock.now());
  return await startEmulator({
    config: await testConfig([base, {
      name: "otherbucket",
      region: "cn-beijing",
      credentials: [KEY],
      objects: [{ key: "source.txt", content: "from the other bucket" }],
    }, {
      name: "openbucket",
      region: "cn-hangzhou",
      acl: "public-read-write",
    }, {
      name: "strangersbucket",
      region: "cn-hangzhou",
      credentials: [{ accessKeyId: "LTAI5tStranger", accessKeySecret: "x" }],
    }]),
    now: clock.now,
    ...options,
  });
}

function aliClient(
  emulator: EmulatorHandle,
  options: Record<string, unknown> = {},
): AliClient {
  return new OSS(aliOssOptions(emulator, options));
}

Deno.test({
  name: "emulator stores ali-oss writes (V1 and V4)",
  ...ALI,
  fn: async (t) => {
    await using emulator = await writableEmulator();
    for (const authorizationV4 of [false, true]) {
      const client = aliClient(emulator, { authorizationV4 });
      const label = authorizationV4 ? "V4" : "V1";
      const key = `${label}/notes/hello world+.txt`;

      await t.step(
        `${label}: put with metadata, then get and head`,
        async () => {
          const result = await client.put(key, Buffer.from("new content"), {
            mime: "text/plain; charset=utf-8",
            meta: { owner: "tests", purpose: "emulator" },
            headers: {
              "Content-Disposition": 'attachment; filename="hello.txt"',
              "Cache-Control": "no-cache",
              "Content-Language": "en",
            },
          });
          assert.equal(result.res.status, 200);
          assert.equal(result.res.headers["etag"], md5Etag("new content"));
          const got = await client.get(key);
          assert.equal(got.content.toString(), "new content");
          const head = await client.head(key);
          const headers = head.res.headers;
          assert.equal(headers["content-type"], "text/plain; charset=utf-8");
          assert.equal(
            headers["content-disposition"],
            'attachment; filename="hello.txt"',
          );
          assert.equal(headers["cache-control"], "no-cache");
          assert.equal(headers["content-language"], "en");
          assert.equal(headers["x-oss-object-type"], "Normal");
          assert.deepEqual(head.meta, { owner: "tests", purpose: "emulator" });
        },
      );

      await t.step(`${label}: the new object is listed`, async () => {
        const result = await client.listV2({ prefix: `${label}/` }, {});
        assert.deepEqual(
          result.objects.map((object: { name: string }) => object.name),
          [key],
        );
        assert.equal(result.objects[0].size, 11);
      });

      await t.step(`${label}: list and listV2 with prefix ''`, async () => {
        const v1 = await client.list({ prefix: "", "max-keys": 1000 }, {});
        assert.ok(
          v1.objects.some((object: { name: string }) => object.name === key),
        );
        const v2 = await client.listV2({ prefix: "", "max-keys": 1000 }, {});
        assert.ok(
          v2.objects.some((object: { name: string }) =>
            object.name === "hello.txt"
          ),
        );
      });

      await t.step(`${label}: copy keeps or replaces metadata`, async () => {
        const kept = await client.copy(`${label}/copy.txt`, key);
        assert.equal(kept.data.etag, md5Etag("new content"));
        const keptHead = await client.head(`${label}/copy.txt`);
        assert.deepEqual(keptHead.meta, {
          owner: "tests",
          purpose: "emulator",
        });
        assert.equal(
          keptHead.res.headers["content-type"],
          "text/plain; charset=utf-8",
        );
        await client.copy(`${label}/replaced.txt`, key, {
          meta: { fresh: "yes" },
          headers: { "Content-Type": "text/markdown" },
        });
        const replaced = await client.head(`${label}/replaced.txt`);
        assert.deepEqual(replaced.meta, { fresh: "yes" });
        assert.equal(replaced.res.headers["content-type"], "text/markdown");
        await client.copy(`${label}/across.txt`, "/otherbucket/source.txt");
        assert.equal(
          (await client.get(`${label}/across.txt`)).content.toString(),
          "from the other bucket",
        );
      });

      await t.step(`${label}: append, and a wrong position`, async () => {
        const name = `${label}/log.txt`;
        const first = await client.append(name, Buffer.from("one\n"));
        assert.equal(first.nextAppendPosition, "4");
        const second = await client.append(name, Buffer.from("two\n"), {
          position: first.nextAppendPosition,
        });
        assert.equal(second.nextAppendPosition, "8");
        assert.equal(
          (await client.get(name)).content.toString(),
          "one\ntwo\n",
        );
        assert.equal(
          (await client.head(name)).res.headers["x-oss-object-type"],
          "Appendable",
        );
        await assert.rejects(
          client.append(name, Buffer.from("x"), { position: 3 }),
          (error: { status: number; code: string; headers?: object }) => {
            assert.equal(error.status, 409);
            assert.equal(error.code, "PositionNotEqualToLength");
            return true;
          },
        );
        await assert.rejects(
          client.append(key, Buffer.from("x"), { position: 11 }),
          { status: 409, code: "ObjectNotAppendable" },
        );
      });

      await t.step(`${label}: multipart upload`, async () => {
        const bytes = new Uint8Array(250 * 1024).map((_, i) => i % 251);
        const name = `${label}/big.bin`;
        const result = await client.multipartUpload(name, Buffer.from(bytes), {
          partSize: 100 * 1024,
          mime: "application/x-test",
          meta: { parts: "3" },
        });
        assert.equal(result.res.status, 200);
        assert.match(result.etag, /^"[0-9A-F]{32}-3"$/);
        const got = await client.get(name);
        assert.deepEqual(new Uint8Array(got.content), bytes);
        const head = await client.head(name);
        assert.equal(head.res.headers["x-oss-object-type"], "Multipart");
        assert.equal(head.res.headers["content-type"], "application/x-test");
        assert.deepEqual(head.meta, { parts: "3" });
      });

      await t.step(`${label}: list parts, then abort`, async () => {
        const name = `${label}/aborted.bin`;
        const { uploadId } = await client.initMultipartUpload(name);
        const part = await client.uploadPart(
          name,
          uploadId,
          1,
          Buffer.from("part one"),
          0,
          8,
        );
        assert.equal(part.etag, md5Etag("part one"));
        const listed = await client.listParts(name, uploadId);
        // xml2js gives one <Part> as an object, several as an array.
        assert.equal(listed.parts.PartNumber, "1");
        assert.equal(listed.parts.ETag, md5Etag("part one"));
        const uploads = await client.listUploads({ prefix: `${label}/` });
        assert.deepEqual(
          uploads.uploads.map((upload: { name: string }) => upload.name),
          [name],
        );
        await client.abortMultipartUpload(name, uploadId);
        await assert.rejects(client.listParts(name, uploadId), {
          status: 404,
          code: "NoSuchUpload",
        });
      });

      await t.step(`${label}: delete and deleteMulti`, async () => {
        const deleted = await client.delete(`${label}/copy.txt`);
        assert.equal(deleted.res.status, 204);
        await assert.rejects(client.head(`${label}/copy.txt`), {
          status: 404,
          code: "NoSuchKey",
        });
        const loud = await client.deleteMulti([
          `${label}/replaced.txt`,
          `${label}/missing.txt`,
        ]);
        assert.deepEqual(
          loud.deleted.map((entry: { Key: string }) => entry.Key),
          [
            `${label}/replaced.txt`,
            `${label}/missing.txt`,
          ],
        );
        const quiet = await client.deleteMulti([`${label}/across.txt`], {
          quiet: true,
        });
        assert.deepEqual(quiet.deleted, []);
        const left = await client.listV2({ prefix: `${label}/` }, {});
        assert.deepEqual(
          left.objects.map((object: { name: string }) => object.name).sort(),
          [`${label}/big.bin`, `${label}/log.txt`, key].sort(),
        );
      });
    }

    await t.step("an STS client writes with its token", async () => {
      const credentials = {
        accessKeyId: STS.accessKeyId,
        accessKeySecret: STS.accessKeySecret,
        stsToken: STS.securityToken,
      };
      const sts = aliClient(emulator, {
        ...credentials,
        refreshSTSToken: () => Promise.resolve(credentials),
        refreshSTSTokenInterval: 3_600_000,
        authorizationV4: true,
      });
      const result = await sts.put("sts.txt", Buffer.from("sts"));
      assert.equal(result.res.status, 200);
    });

    await t.step("listBuckets lists the key's buckets", async () => {
      for (const authorizationV4 of [false, true]) {
        const client = aliClient(emulator, { authorizationV4 });
        const result = await client.listBuckets();
        assert.deepEqual(
          result.buckets.map((bucket: { name: string }) => bucket.name),
          ["examplebucket", "otherbucket"],
        );
        assert.equal(result.buckets[1].region, "oss-cn-beijing");
      }
      emulator.faults.add({ operation: "ListBuckets", status: 503 });
      await assert.rejects(aliClient(emulator).listBuckets(), { status: 503 });
      await assert.rejects(
        aliClient(emulator, { accessKeySecret: "wrong" }).listBuckets(),
        { status: 403, code: "SignatureDoesNotMatch" },
      );
    });
  },
});

Deno.test({
  name: "emulator accepts presigned PUT URLs (V1 and V4)",
  ...ALI,
  fn: async (t) => {
    await using emulator = await writableEmulator();

    await t.step("signatureUrl (V1), path style on localhost", async () => {
      const oss = aliClient(emulator, {
        endpoint: `http://localhost:${emulator.port}`,
      });
      oss.setSLDEnabled(true);
      const url = oss.signatureUrl("uploads/v1.txt", {
        method: "PUT",
        expires: 600,
        "Content-Type": "text/plain",
      });
      const put = await send(url, {
        method: "PUT",
        headers: { "content-type": "text/plain" },
        body: "uploaded with V1",
      });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.headers.get("etag"), md5Etag("uploaded with V1"));
      const otherType = await send(url, {
        method: "PUT",
        headers: { "content-type": "text/html" },
        body: "x",
      });
      assert.equal(otherType.status, 403);
      assert.equal(xmlValue(otherType.text, "Code"), "SignatureDoesNotMatch");
    });

    await t.step(
      "signatureUrlV4 through the bucket's .localhost host",
      async () => {
        const oss = aliClient(emulator, {
          endpoint: `http://${emulator.bucketHost("examplebucket")}`,
          cname: true,
        });
        const url = await oss.signatureUrlV4(
          "PUT",
          600,
          { headers: { "content-type": "text/plain" } },
          "uploads/v4.txt",
        );
        const put = await send(url, {
          via: emulator,
          method: "PUT",
          headers: { "content-type": "text/plain" },
          body: "uploaded with V4",
        });
        assert.equal(put.status, 200, put.text);
        const client = aliClient(emulator);
        assert.equal(
          (await client.get("uploads/v4.txt")).content.toString(),
          "uploaded with V4",
        );
        assert.equal(
          (await client.get("uploads/v1.txt")).content.toString(),
          "uploaded with V1",
        );
      },
    );
  },
});

Deno.test({
  name: "emulator refuses bad writes",
  ...ALI,
  fn: async (t) => {
    await using emulator = await writableEmulator({ maxStoredBytes: 4096 });

    await t.step("a wrong secret is SignatureDoesNotMatch", async () => {
      for (const authorizationV4 of [false, true]) {
        const wrong = aliClient(emulator, {
          authorizationV4,
          accessKeySecret: "wrong",
        });
        await assert.rejects(wrong.put("bad.txt", Buffer.from("x")), {
          status: 403,
          code: "SignatureDoesNotMatch",
        });
      }
      await assert.rejects(aliClient(emulator).head("bad.txt"), {
        code: "NoSuchKey",
      });
    });

    await t.step(
      "an anonymous PUT on a private bucket is refused",
      async () => {
        const response = await send(
          `${emulator.origin}/examplebucket/anon.txt`,
          {
            method: "PUT",
            body: "x",
          },
        );
        assert.equal(response.status, 403);
        assert.equal(xmlValue(response.text, "Code"), "AccessDenied");
      },
    );

    await t.step(
      "an anonymous PUT on a public-read-write bucket is stored",
      async () => {
        const url = `${emulator.origin}/openbucket/anon.txt`;
        const put = await send(url, {
          method: "PUT",
          body: new TextEncoder().encode("anyone"),
        });
        assert.equal(put.status, 200, put.text);
        assert.equal((await send(url)).text, "anyone");
      },
    );

    await t.step("a key not declared on the bucket cannot write", async () => {
      const client = aliClient(emulator, { bucket: "strangersbucket" });
      await assert.rejects(client.put("x.txt", Buffer.from("x")), {
        status: 403,
        code: "AccessDenied",
      });
    });

    await t.step("a wrong Content-MD5 is InvalidDigest", async () => {
      const client = aliClient(emulator);
      await assert.rejects(
        client.put("digest.txt", Buffer.from("body"), {
          headers: {
            "Content-MD5": createHash("md5").update("other").digest("base64"),
          },
        }),
        { status: 400, code: "InvalidDigest" },
      );
      const right = await client.put("digest.txt", Buffer.from("body"), {
        headers: {
          "Content-MD5": createHash("md5").update("body").digest("base64"),
        },
      });
      assert.equal(right.res.status, 200);
    });

    await t.step("past the storage limit is EntityTooLarge", async () => {
      const client = aliClient(emulator);
      await client.put("fits.bin", Buffer.alloc(3000));
      await assert.rejects(
        client.put("too-big.bin", Buffer.alloc(2000)),
        (error: { status: number; code: string; message: string }) => {
          assert.equal(error.status, 400);
          assert.equal(error.code, "EntityTooLarge");
          assert.match(error.message, /at most 4096 bytes/);
          return true;
        },
      );
      // Replacing an object frees its bytes; so does deleting it.
      await client.put("fits.bin", Buffer.alloc(4000));
      await client.delete("fits.bin");
      assert.equal(
        (await client.put("now.bin", Buffer.alloc(4000))).res.status,
        200,
      );
    });

    await t.step(
      "multipart: small parts, wrong ETags, unknown uploads",
      async () => {
        const client = aliClient(emulator);
        const { uploadId } = await client.initMultipartUpload("parts.bin");
        const one = await client.uploadPart(
          "parts.bin",
          uploadId,
          1,
          Buffer.from("small"),
          0,
          5,
        );
        const two = await client.uploadPart(
          "parts.bin",
          uploadId,
          2,
          Buffer.from("last"),
          0,
          4,
        );
        await assert.rejects(
          client.completeMultipartUpload("parts.bin", uploadId, [
            { number: 1, etag: one.etag },
            { number: 2, etag: two.etag },
          ]),
          { status: 400, code: "EntityTooSmall" },
        );
        await assert.rejects(
          client.completeMultipartUpload("parts.bin", uploadId, [
            { number: 1, etag: md5Etag("other") },
          ]),
          { status: 400, code: "InvalidPart" },
        );
        const done = await client.completeMultipartUpload(
          "parts.bin",
          uploadId,
          [
            { number: 2, etag: two.etag },
          ],
        );
        const expected = createHash("md5").update(
          Buffer.from(two.etag.slice(1, -1), "hex"),
        ).digest("hex").toUpperCase();
        assert.equal(done.etag, `"${expected}-1"`);
        assert.equal(
          (await client.get("parts.bin")).content.toString(),
          "last",
        );
        await assert.rejects(
          client.uploadPart("parts.bin", uploadId, 3, Buffer.from("x"), 0, 1),
          { status: 404, code: "NoSuchUpload" },
        );
      },
    );

    await t.step("an expired presigned PUT is refused", async () => {
      for (const signature of ["v1", "v4"] as const) {
        const url = presignUrl(pathStyleRequest(emulator.port, {
          signature,
          method: "PUT",
          key: "late.txt",
          signedAt: new Date(Date.now() - 3_600_000),
          expires: 600,
        }));
        const response = await send(url, {
          method: "PUT",
          body: new TextEncoder().encode("late"),
        });
        assert.equal(response.status, 403, response.text);
        assert.equal(
          xmlValue(response.text, "Message"),
          "Request has expired.",
        );
      }
    });

    await t.step(
      "a wrong append position answers the length in x-oss-next-append-position",
      async () => {
        const url = presignUrl(pathStyleRequest(emulator.port, {
          method: "POST",
          key: "fresh.log",
          query: { append: "", position: "5" },
          signedAt: new Date(),
        }));
        const response = await send(url, {
          method: "POST",
          body: new TextEncoder().encode("x"),
        });
        assert.equal(response.status, 409, response.text);
        assert.equal(
          xmlValue(response.text, "Code"),
          "PositionNotEqualToLength",
        );
        assert.equal(response.headers.get("x-oss-next-append-position"), "0");
      },
    );

    await t.step(
      "copy from a missing key, and x-oss-forbid-overwrite",
      async () => {
        const client = aliClient(emulator);
        await assert.rejects(client.copy("copy.txt", "missing.txt"), {
          status: 404,
          code: "NoSuchKey",
        });
        await assert.rejects(
          client.put("hello.txt", Buffer.from("x"), {
            headers: { "x-oss-forbid-overwrite": "true" },
          }),
          { status: 409, code: "FileAlreadyExists" },
        );
      },
    );

    await t.step("a DeleteMultipleObjects body that is not XML", async () => {
      const client = aliClient(emulator);
      await assert.rejects(
        client.request({
          method: "POST",
          bucket: "examplebucket",
          subres: "delete",
          content: Buffer.from("not xml"),
          successStatuses: [200],
        }),
        { status: 400, code: "MalformedXML" },
      );
    });

    await t.step(
      "an OSS2 header: malformed is InvalidArgument, in x-oss-err on HEAD; a wrong one SignatureDoesNotMatch",
      async () => {
        const url = `${emulator.origin}/examplebucket/hello.txt`;
        const date = new Date().toUTCString();
        const malformed = { authorization: "OSS2 Signature:abc", date };
        const get = await send(url, { headers: malformed });
        assert.equal(get.status, 400);
        assert.equal(xmlValue(get.text, "Code"), "InvalidArgument");
        const head = await send(url, { method: "HEAD", headers: malformed });
        assert.equal(head.status, 400);
        const error = Buffer.from(
          head.headers.get("x-oss-err") ?? "",
          "base64",
        ).toString("utf8");
        assert.equal(xmlValue(error, "Code"), "InvalidArgument");
        assert.match(xmlValue(error, "Message") ?? "", /OSS2 AccessKeyId:/);
        const wrong = await send(url, {
          headers: {
            authorization: `OSS2 AccessKeyId:${KEY.accessKeyId},Signature:abc`,
            date,
          },
        });
        assert.equal(wrong.status, 403);
        assert.equal(xmlValue(wrong.text, "Code"), "SignatureDoesNotMatch");
      },
    );
  },
});

Deno.test({
  name: "emulator with readOnly refuses every write and still serves reads",
  ...ALI,
  fn: async () => {
    await using emulator = await writableEmulator({ readOnly: true });
    const client = aliClient(emulator, { authorizationV4: true });
    for (
      const write of [
        () => client.put("new.txt", Buffer.from("x")),
        () => client.delete("hello.txt"),
        () => client.deleteMulti(["hello.txt"]),
        () => client.append("log.txt", Buffer.from("x")),
        () => client.copy("copy.txt", "hello.txt"),
        () => client.initMultipartUpload("big.bin"),
      ]
    ) {
      await assert.rejects(
        write(),
        (error: { status: number; code: string; message: string }) => {
          assert.equal(error.status, 405);
          assert.equal(error.code, "MethodNotAllowed");
          assert.match(error.message, /read-only/);
          return true;
        },
      );
    }
    assert.equal(
      (await client.get("hello.txt")).content.toString(),
      "hello, world",
    );
  },
});
