/**
 * Live-check fixtures: an emulator on the real clock (ali-oss signs with
 * the real time and the emulator refuses a 15-minute skew) serving the test
 * bucket and a styles-only gallery bucket.
 *
 * @module
 */
import type { EmulatorHandle } from "../src/emulator/server.ts";
import { startEmulator } from "../src/emulator/server.ts";
import type { Credentials } from "../src/sign/presign.ts";
import { bucketData, KEY, PNG_BASE64, testConfig } from "./_emulator.ts";

/** An STS key of both buckets whose token lasts a year past the real clock. */
export const LIVE_STS: Credentials = {
  accessKeyId: "STS.LiveCheckKey",
  accessKeySecret: "live-sts-secret",
  securityToken: "live-sts-token",
};

/**
 * The live STS key's expiration, a year from when the tests started: one
 * value, since both buckets declare the key and the emulator refuses a key
 * declared twice with different expirations (two `Date.now()` calls could
 * fall in different milliseconds).
 */
const LIVE_STS_EXPIRATION = new Date(Date.now() + 365 * 86_400_000)
  .toISOString();

/**
 * The live STS key's config entry, valid for a year.
 *
 * @returns The credential with its expiration.
 */
function liveSts(): Record<string, unknown> {
  return { ...LIVE_STS, expiration: LIVE_STS_EXPIRATION };
}

/**
 * The gallery bucket: public-read, source-image protection, one style.
 *
 * @returns The bucket's config data.
 */
export function galleryData(): Record<string, unknown> {
  return {
    name: "examplebucket-gallery",
    region: "cn-hangzhou",
    acl: "public-read",
    stylesOnly: true,
    creationDate: "2025-06-01T00:00:00Z",
    credentials: [KEY, liveSts()],
    objects: [{ key: "photos/a.png", contentBase64: PNG_BASE64 }],
    styles: [{ name: "thumb", content: "image/resize,w_200" }],
  };
}

/**
 * Starts an emulator on the real clock.
 *
 * @param buckets Bucket data (default: the test bucket and the gallery).
 * @returns The running emulator.
 */
export async function startLiveEmulator(
  buckets?: readonly Record<string, unknown>[],
): Promise<EmulatorHandle> {
  const test = bucketData(new Date());
  const config = await testConfig(
    buckets ?? [
      {
        ...test,
        credentials: [
          ...(test["credentials"] as unknown[]),
          liveSts(),
        ],
      },
      galleryData(),
    ],
  );
  // The checks HEAD well over a thousand keys, and tests count the requests
  // of a whole run: remember them all.
  return await startEmulator({
    config,
    now: () => new Date(),
    requestLogSize: 100_000,
  });
}
