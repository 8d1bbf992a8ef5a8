import assert from "node:assert/strict";
import { isLoopbackHostname } from "../../src/emulator/loopback.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { send } from "../_emulator.ts";

Deno.test("isLoopbackHostname() knows loopback from every other address", () => {
  const loopback = [
    "127.0.0.1",
    "127.0.0.2",
    "127.255.255.254",
    "127.1",
    "localhost",
    "LocalHost.",
    "::1",
    "[::1]",
    "0:0:0:0:0:0:0:1",
    "::ffff:127.0.0.1",
  ];
  const remote = [
    "0.0.0.0",
    "::",
    "[::]",
    "192.168.1.20",
    "10.0.0.1",
    "128.0.0.1",
    "fe80::1",
    "::ffff:10.0.0.1",
    "example.com",
    "localhost.example.com",
    "127.0.0.1.example.com",
    "",
  ];
  for (const hostname of loopback) {
    assert.equal(isLoopbackHostname(hostname), true, hostname);
  }
  for (const hostname of remote) {
    assert.equal(isLoopbackHostname(hostname), false, hostname);
  }
});

Deno.test("startEmulator() listens beyond loopback only with allowRemote", async () => {
  await assert.rejects(
    startEmulator({ hostname: "0.0.0.0" }),
    TypeError,
    'Cannot listen on "0.0.0.0": it is not a loopback address',
  );
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  await using emulator = await startEmulator({
    hostname: "0.0.0.0",
    port,
    allowRemote: true,
  });
  assert.equal(emulator.origin, `http://0.0.0.0:${port}`);
  const response = await send(`http://127.0.0.1:${port}/examplebucket/a`);
  assert.equal(response.status, 404);
});
