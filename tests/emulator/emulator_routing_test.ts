/**
 * The emulator routes by OSS's addressing rules (src/oss/addressing.ts), the
 * same ones `inspect` reads a URL's host with: virtual-hosted names (also
 * `-internal` and transfer acceleration), path style on loopback and on
 * `oss-<region>.localhost`, bound domains, and the forms it does not serve.
 */
import assert from "node:assert/strict";
import { indexBuckets, routeRequest } from "../../src/emulator/routing.ts";
import { OssError } from "../../src/oss/errors.ts";
import { classifyHost } from "../../src/oss/addressing.ts";
import { testConfig } from "../_emulator.ts";

const index = indexBuckets(await testConfig());

function route(hostname: string, pathname = "/examplebucket/hello.txt") {
  return routeRequest({
    method: "GET",
    hostname,
    host: hostname,
    pathname,
    query: {},
    headers: {},
  }, index);
}

Deno.test("the emulator routes a host as OSS addresses it", async (t) => {
  await t.step(
    "virtual-hosted names: the bucket and region from the host",
    () => {
      for (
        const host of [
          "examplebucket.oss-cn-hangzhou.localhost",
          "examplebucket.oss-cn-hangzhou-internal.localhost",
          "examplebucket.oss-cn-hangzhou.aliyuncs.com",
          "examplebucket.oss-cn-hangzhou-internal.aliyuncs.com",
        ]
      ) {
        const routed = route(host, "/hello.txt");
        assert.equal(routed.bucket.name, "examplebucket", host);
        assert.equal(routed.key, "hello.txt", host);
        assert.equal(routed.hostRegion, "cn-hangzhou", host);
        assert.equal(routed.hostRegion, classifyHost(host).hostRegion, host);
      }
    },
  );
  await t.step("transfer acceleration names no region", () => {
    const routed = route("examplebucket.oss-accelerate.aliyuncs.com", "/a.txt");
    assert.equal(routed.bucket.name, "examplebucket");
    assert.equal(routed.hostRegion, undefined);
  });
  await t.step("path style on loopback and on oss-<region>.localhost", () => {
    for (
      const host of ["127.0.0.1", "localhost", "oss-cn-hangzhou.localhost"]
    ) {
      const routed = route(host);
      assert.equal(routed.via, "path", host);
      assert.equal(routed.key, "hello.txt", host);
    }
  });
  await t.step("another region's host is refused, as OSS does", () => {
    assert.throws(
      () => route("examplebucket.oss-cn-shanghai.localhost", "/hello.txt"),
      (error) => error instanceof OssError && error.status === 403,
    );
  });
  await t.step(
    "path style on an OSS endpoint, and hosts it does not serve",
    () => {
      assert.throws(
        () => route("oss-cn-hangzhou.aliyuncs.com"),
        (error) =>
          error instanceof OssError &&
          error.code === "SecondLevelDomainForbidden",
      );
      for (
        const host of [
          "examplebucket.cn-hangzhou.oss.aliyuncs.com",
          "10.1.2.3",
          "unknown.example.com",
        ]
      ) {
        assert.throws(
          () => route(host),
          (error) => error instanceof OssError && error.status === 404,
          host,
        );
      }
    },
  );
});
