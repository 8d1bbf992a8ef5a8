/**
 * The Alibaba Cloud Tea SDK (`@alicloud/oss-client` 1.1.4) against the
 * emulator: its default `OSS2` (V2) header signature and its V1 one, with
 * `hostModel: "ip"` (path style; it sends `Host: <ip>:<port>/<bucket>`).
 * The SDK signs with the real clock, so the emulator's clock is fixed at
 * the time the test starts; it keeps sockets alive, so the sanitizers are
 * off.
 */
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import * as TeaOss from "npm:@alicloud/oss-client@1.1.4";
import * as TeaUtil from "npm:@alicloud/tea-util@1.4.9";
import { startEmulator } from "../../src/emulator/server.ts";
import { bucketData, KEY, TestClock, testConfig } from "../_emulator.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

const Oss = TeaOss as Any;
const Client = Oss.default.default ?? Oss.default;

async function readAll(body: Readable): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return new TextDecoder().decode(
    new Uint8Array(chunks.flatMap((chunk) => [...chunk])),
  );
}

Deno.test({
  name: "emulator verifies the Tea SDK's OSS2 and V1 header signatures",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const clock = new TestClock(new Date());
    await using emulator = await startEmulator({
      config: await testConfig([bucketData(clock.now())]),
      now: clock.now,
    });
    const runtime = new (TeaUtil as Any).RuntimeOptions({});
    const client = (signatureVersion: string, secret = KEY.accessKeySecret) =>
      new Client(
        new Oss.Config({
          accessKeyId: KEY.accessKeyId,
          accessKeySecret: secret,
          regionId: "cn-hangzhou",
          endpoint: `127.0.0.1:${emulator.port}`,
          protocol: "http",
          hostModel: "ip",
          signatureVersion,
        }),
      );
    for (const version of ["v2", "v1"]) {
      await t.step(
        `${version}: put, get and head a key with a space`,
        async () => {
          const tea = client(version);
          const key = `tea ${version}/a b+c.txt`;
          await tea.putObject(
            new Oss.PutObjectRequest({
              bucketName: "examplebucket",
              objectName: key,
              body: Readable.from([new TextEncoder().encode(`by ${version}`)]),
            }),
            runtime,
          );
          const got = await tea.getObject(
            new Oss.GetObjectRequest({
              bucketName: "examplebucket",
              objectName: key,
            }),
            runtime,
          );
          assert.equal(await readAll(got.body), `by ${version}`);
          const head = await tea.headObject(
            new Oss.HeadObjectRequest({
              bucketName: "examplebucket",
              objectName: key,
            }),
            runtime,
          );
          assert.equal(head.objectType, "Normal");
        },
      );

      await t.step(
        `${version}: a wrong secret is SignatureDoesNotMatch`,
        async () => {
          await assert.rejects(
            client(version, "wrong").getObject(
              new Oss.GetObjectRequest({
                bucketName: "examplebucket",
                objectName: "hello.txt",
              }),
              runtime,
            ),
            { code: "SignatureDoesNotMatch" },
          );
        },
      );
    }

    await t.step(
      "the SDK fails on any HEAD error, whose body is empty (as with OSS)",
      async () => {
        await assert.rejects(
          client("v2").headObject(
            new Oss.HeadObjectRequest({
              bucketName: "examplebucket",
              objectName: "missing.txt",
            }),
            runtime,
          ),
          TypeError,
        );
        const last = emulator.requests().at(-1);
        assert.equal(last?.status, 404);
        assert.equal(last?.code, "NoSuchKey");
      },
    );
  },
});
