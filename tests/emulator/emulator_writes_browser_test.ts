/// <reference lib="dom" />
/**
 * A browser upload to the emulator: a page on a loopback origin PUTs through
 * a V4 presigned URL on the bucket's `*.localhost` virtual host (Chromium
 * resolves it to loopback), after a CORS preflight the bucket's rule
 * allows, and the object is then served with the Content-Type the URL
 * signed. A URL signed for another Content-Type is refused.
 */
import assert from "node:assert/strict";
import { parseEmulatorConfig } from "../../src/emulator/config.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { presignUrl } from "../../src/sign/presign.ts";
import { browserTest } from "../_browser.ts";
import { KEY, NOW, send, TestClock } from "../_emulator.ts";

browserTest(
  "Chromium uploads through a presigned PUT URL after a CORS preflight",
  async (context) => {
    await using pageServer = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () =>
        new Response("<!doctype html><title>upload</title>", {
          headers: { "content-type": "text/html" },
        }),
    );
    const origin = `http://127.0.0.1:${pageServer.addr.port}`;
    const config = await parseEmulatorConfig({
      buckets: [{
        name: "uploads",
        region: "cn-hangzhou",
        credentials: [KEY],
        cors: {
          rules: [{
            allowedOrigins: [origin],
            allowedMethods: ["PUT", "GET"],
            allowedHeaders: ["content-type"],
            exposeHeaders: ["ETag"],
          }],
        },
      }],
    });
    await using emulator = await startEmulator({
      config,
      now: new TestClock(NOW).now,
    });
    const sign = (method: string, contentType?: string) =>
      presignUrl({
        signature: "v4",
        method,
        bucket: "uploads",
        key: "from the browser.txt",
        region: "cn-hangzhou",
        host: emulator.bucketHost("uploads"),
        https: false,
        credentials: KEY,
        signedAt: NOW,
        expires: 600,
        ...(contentType === undefined
          ? {}
          : { headers: { "content-type": contentType } }),
      });
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    const upload = (url: string) =>
      page.evaluate(async (url) => {
        const response = await fetch(url, {
          method: "PUT",
          headers: { "content-type": "text/plain" },
          body: "written by Chromium",
        });
        return {
          status: response.status,
          etag: response.headers.get("etag"),
        };
      }, url);
    const wrong = await upload(sign("PUT", "text/html"));
    assert.equal(wrong.status, 403);
    const done = await upload(sign("PUT", "text/plain"));
    assert.equal(done.status, 200);
    assert.match(done.etag ?? "", /^"[0-9A-F]{32}"$/);
    const operations = emulator.requests().map((record) =>
      `${record.operation} ${record.status}`
    );
    assert.ok(operations.includes("Options 200"), operations.join(", "));
    assert.ok(operations.includes("PutObject 200"), operations.join(", "));
    const got = await send(sign("GET"), { via: emulator });
    assert.equal(got.status, 200, got.text);
    assert.equal(got.text, "written by Chromium");
    assert.equal(got.headers.get("content-type"), "text/plain");
  },
);
