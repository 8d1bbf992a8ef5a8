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

/** An STS key of both buckets whose token lasts until 2099. */
export const LIVE_STS: Credentials = {
  accessKeyId: "STS.LiveCheckKey",
  accessKeySecret: "live-sts-secret",
  securityToken: "live-sts-token",
};

/** The gallery bucket: public-read, source-image protection, one style. */
export function galleryData(): Record<string, unknown> {
  return {
    name: "examplebucket-gallery",
    region: "cn-hangzhou",
    acl: "public-read",
    stylesOnly: true,
    creationDate: "2025-06-01T00:00:00Z",
    credentials: [KEY, { ...LIVE_STS, expiration: "2099-01-01T00:00:00Z" }],
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
  const test = bucketData();
  const config = await testConfig(
    buckets ?? [
      {
        ...test,
        credentials: [
          ...(test["credentials"] as unknown[]),
          { ...LIVE_STS, expiration: "2099-01-01T00:00:00Z" },
        ],
      },
      galleryData(),
    ],
  );
  return await startEmulator({ config, now: () => new Date() });
}
