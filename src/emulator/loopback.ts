/**
 * Whether an address the emulator is told to listen on is loopback, that is
 * reachable only from this machine.
 *
 * @module
 */

/**
 * Whether a hostname names a loopback address: `localhost`, `127.0.0.0/8`,
 * `::1` or an IPv4-mapped `::ffff:127.x.y.z`. Any other name or address,
 * including `0.0.0.0` and `::` (every interface), counts as remote.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isLoopbackHostname } from "./loopback.ts";
 * assert.equal(isLoopbackHostname("127.0.0.1"), true);
 * assert.equal(isLoopbackHostname("0.0.0.0"), false);
 * ```
 *
 * @param hostname The address or name, IPv6 with or without brackets.
 * @returns Whether only this machine can connect to it.
 */
export function isLoopbackHostname(hostname: string): boolean {
  const bare = hostname.replace(/^\[(.*)\]$/, "$1");
  if (/^localhost\.?$/i.test(bare)) return true;
  let host: string;
  try {
    // The URL parser normalises IPv4 (`127.1`) and IPv6 (`0:0::1`) forms.
    host = new URL(`http://${bare.includes(":") ? `[${bare}]` : bare}/`)
      .hostname;
  } catch {
    return false;
  }
  return /^127\.\d+\.\d+\.\d+$/.test(host) || host === "[::1]" ||
    /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}
