/// <reference lib="dom" />
/**
 * The browser agrees with the checker: for every case of
 * `tests/_cors_cases.ts`, a page on one loopback origin fetches a signed
 * link from the emulator on another (`<bucket>.oss-cn-hangzhou.localhost`),
 * and what headless Chromium does (allowed or refused, preflight or not,
 * each header readable from script or not) must equal `corsVerdict()`.
 */
import assert from "node:assert/strict";
import type { Page } from "npm:playwright-core@1.65.1";
import {
  assumedRequestHeaderValue,
  corsVerdict,
} from "../../src/check/cors_verdict.ts";
import { parseEmulatorConfig } from "../../src/emulator/config.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { presignUrl } from "../../src/sign/presign.ts";
import { browserTest } from "../_browser.ts";
import {
  CORS_CASES,
  corsWithPorts,
  PAGE_ORIGINS,
  type PageOrigin,
  withPorts,
} from "../_cors_cases.ts";
import { KEY, NOW, TestClock } from "../_emulator.ts";

interface BrowserOutcome {
  readonly allowed: boolean;
  readonly status: number | null;
  readonly readable: Record<string, boolean>;
}

function bucketName(index: number): string {
  return `cors-case-${String(index + 1).padStart(2, "0")}`;
}

function startPageServer(): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () =>
      new Response("<!doctype html><title>page</title>", {
        headers: { "content-type": "text/html" },
      }),
  );
}

browserTest(
  "Chromium agrees with corsVerdict() on every CORS case",
  async (context, t) => {
    const page1 = startPageServer();
    const page2 = startPageServer();
    const ports = { port: page1.addr.port, port2: page2.addr.port };
    const config = await parseEmulatorConfig({
      buckets: CORS_CASES.map((item, index) => ({
        name: bucketName(index),
        region: "cn-hangzhou",
        credentials: [KEY],
        objects: [{ key: "a.txt", content: "hello world" }],
        ...(item.cors === "none"
          ? {}
          : { cors: corsWithPorts(item.cors, ports) }),
      })),
    });
    const clock = new TestClock(NOW);
    await using emulator = await startEmulator({ config, now: clock.now });
    const pages = new Map<PageOrigin, Page>();
    try {
      for (const [index, item] of CORS_CASES.entries()) {
        await t.step(item.name, async () => {
          const bucket = bucketName(index);
          const origin = withPorts(PAGE_ORIGINS[item.origin], ports);
          let page = pages.get(item.origin);
          if (page === undefined) {
            page = await context.newPage();
            await page.goto(`${origin}/`);
            pages.set(item.origin, page);
          }
          // What the page's fetch sets: a header without a value gets the
          // value the checker assumes for it.
          const sent = item.headers.map((header): [string, string] => [
            header.name,
            header.value ?? assumedRequestHeaderValue(header.name) ?? "",
          ]);
          // OSS signs Content-Type: the URL must be signed with the one sent.
          const contentType = sent.find(([name]) =>
            name.toLowerCase() === "content-type"
          );
          const url = presignUrl({
            signature: "v4",
            method: item.method,
            bucket,
            key: "a.txt",
            region: "cn-hangzhou",
            host: emulator.bucketHost(bucket),
            https: false,
            credentials: KEY,
            signedAt: NOW,
            expires: 3600,
            query: { "response-content-disposition": "inline" },
            ...(contentType === undefined
              ? {}
              : { headers: { "content-type": contentType[1].trim() } }),
          });
          const before = emulator.requests().length;
          const outcome: BrowserOutcome = await page.evaluate(
            async ({ url, method, headers, expose }) => {
              try {
                const list = new Headers();
                for (const [name, value] of headers) list.append(name, value);
                const response = await fetch(url, {
                  method,
                  headers: list,
                  cache: "no-store",
                });
                await response.arrayBuffer();
                return {
                  allowed: true,
                  status: response.status,
                  readable: Object.fromEntries(
                    expose.map((name) => [
                      name,
                      response.headers.get(name) !== null,
                    ]),
                  ),
                };
              } catch {
                return { allowed: false, status: null, readable: {} };
              }
            },
            {
              url,
              method: item.method,
              headers: sent,
              expose: [...item.expose],
            },
          );
          const served = emulator.requests().slice(before).filter((record) =>
            record.bucket === bucket
          );
          const preflights = served.filter((record) =>
            record.operation === "Options"
          );
          const preflighted = preflights.length > 0;
          const verdict = corsVerdict(corsWithPorts(item.cors, ports), {
            origin,
            method: item.method,
            headers: item.headers,
            expose: item.expose,
          });
          assert.equal(
            outcome.allowed,
            verdict.allowed,
            `allowed: Chromium ${outcome.allowed}, checker ${verdict.allowed}`,
          );
          assert.equal(
            preflighted,
            verdict.preflight,
            `preflight: Chromium ${preflighted}, checker ${verdict.preflight}`,
          );
          for (const preflight of preflights) {
            assert.deepEqual(
              (preflight.requestHeaders ?? "").split(",").filter(Boolean)
                .sort(),
              verdict.preflightHeaders,
              "the preflight's Access-Control-Request-Headers",
            );
          }
          if (outcome.allowed) {
            assert.ok(
              outcome.status === 200 || outcome.status === 206,
              `status ${outcome.status}`,
            );
            assert.deepEqual(outcome.readable, verdict.readable);
          }
          assert.equal(verdict.allowed, item.expected.allowed);
        });
      }
    } finally {
      await page1.shutdown();
      await page2.shutdown();
    }
  },
);
