/**
 * Shared fixtures of the emulator tests: a test bucket, a controllable
 * clock, a seeded PRNG and a `send` that always reads the body.
 *
 * @module
 */
import { parseEmulatorConfig } from "../src/emulator/config.ts";
import type { EmulatorConfig } from "../src/emulator/model.ts";
import { type EmulatorHandle, startEmulator } from "../src/emulator/server.ts";
import type { Credentials, PresignRequest } from "../src/sign/presign.ts";

/** The fixed time the tests run at. */
export const NOW = new Date("2026-11-28T09:00:00Z");

/** A permanent AccessKey of the test bucket. */
export const KEY: Credentials = {
  accessKeyId: "LTAI5tTestKeyId",
  accessKeySecret: "test-secret/+=",
};

/** An STS AccessKey of the test bucket, valid until 3 h after the bucket's clock. */
export const STS: Credentials = {
  accessKeyId: "STS.TestTemporaryKey",
  accessKeySecret: "sts-secret",
  securityToken: "sts-token+/=",
};

/** An STS AccessKey whose token expired 1 h before the bucket's clock. */
export const EXPIRED_STS: Credentials = {
  accessKeyId: "STS.ExpiredKey",
  accessKeySecret: "expired-secret",
  securityToken: "expired-token",
};

/** A 1x1 PNG. */
export const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mP438AAAAQBAYD718vxAAAAAElFTkSuQmCC";

/**
 * A presign request for the test bucket: V4, GET `hello.txt`, path style on
 * the emulator's port, signed at {@linkcode NOW} for 600 s.
 *
 * @param port The emulator's port.
 * @param overrides Fields to change.
 * @returns The request for `presignUrl`.
 */
export function pathStyleRequest(
  port: number,
  overrides: Partial<PresignRequest> = {},
): PresignRequest {
  return {
    signature: "v4",
    method: "GET",
    bucket: "examplebucket",
    key: "hello.txt",
    region: "cn-hangzhou",
    host: `127.0.0.1:${port}`,
    pathStyle: true,
    https: false,
    credentials: KEY,
    signedAt: NOW,
    expires: 600,
    ...overrides,
  };
}

/**
 * A time at the same distance from `now` as `time` is from {@linkcode NOW}:
 * fixture dates written for the fixed clock, moved to another clock.
 *
 * @param time A time written relative to {@linkcode NOW}.
 * @param now The clock the fixture is for.
 * @returns The ISO 8601 time.
 */
export function relativeTo(time: string, now: Date): string {
  return new Date(Date.parse(time) - NOW.getTime() + now.getTime())
    .toISOString();
}

/**
 * The test bucket as plain config data; tests spread and override it. Its
 * token expiries and certificate dates are relative to `now`, so a test on
 * the real clock (ali-oss signs with it) passes on any date.
 *
 * @param now The time the bucket's dates are relative to.
 * @returns The bucket's config data.
 */
export function bucketData(now: Date = NOW): Record<string, unknown> {
  const at = (time: string) => relativeTo(time, now);
  return {
    name: "examplebucket",
    region: "cn-hangzhou",
    creationDate: "2024-03-01T00:00:00Z",
    credentials: [
      KEY,
      { ...STS, expiration: at("2026-11-28T12:00:00Z") },
      { ...EXPIRED_STS, expiration: at("2026-11-28T08:00:00Z") },
    ],
    objects: [
      { key: "hello.txt", content: "hello, world" },
      { key: "image.png", contentBase64: PNG_BASE64 },
      { key: "page.html", content: "<p>hi</p>" },
      { key: "app.apk", content: "apk" },
      {
        key: "stored.txt",
        content: "stored",
        contentDisposition: 'attachment; filename="stored.txt"',
      },
      {
        key: "docs/changelog.txt",
        versionId: "v2",
        content: "second",
        versions: [{ versionId: "v1", content: "first" }],
      },
    ],
    cors: {
      responseVary: true,
      rules: [
        {
          allowedOrigins: ["https://*.example.com"],
          allowedMethods: ["GET", "HEAD"],
          allowedHeaders: ["range", "x-oss-*"],
          exposeHeaders: ["ETag", "Content-Disposition"],
          maxAgeSeconds: 600,
        },
        {
          allowedOrigins: ["*"],
          allowedMethods: ["GET"],
          maxAgeSeconds: 60,
        },
      ],
    },
    domains: [{
      domain: "static.example.com",
      certificate: {
        certId: "493000-cn-hangzhou",
        validStartDate: at("2026-01-01T00:00:00Z"),
        validEndDate: at("2027-06-30T00:00:00Z"),
      },
    }],
    styles: [{ name: "thumb", content: "image/resize,w_200" }],
  };
}

/**
 * Builds a config from bucket data.
 *
 * @param buckets Bucket entries (default: the test bucket).
 * @param extra Other top-level fields (faults).
 * @returns The validated config.
 */
export function testConfig(
  buckets: readonly Record<string, unknown>[] = [bucketData()],
  extra: Record<string, unknown> = {},
): Promise<EmulatorConfig> {
  return parseEmulatorConfig({ buckets, ...extra });
}

/** A clock the test moves by hand. */
export class TestClock {
  #time: number;

  constructor(start: Date = NOW) {
    this.#time = start.getTime();
  }

  /** The current time. */
  now = (): Date => new Date(this.#time);

  /** Moves the clock forward. */
  advance(seconds: number): void {
    this.#time += seconds * 1000;
  }
}

/**
 * Starts an emulator on a config with a test clock.
 *
 * @param config The config (default: the test bucket).
 * @param clock The clock (default: fixed at {@linkcode NOW}).
 * @returns The running emulator.
 */
export async function startTestEmulator(
  config?: EmulatorConfig,
  clock: TestClock = new TestClock(),
): Promise<EmulatorHandle> {
  return await startEmulator({
    config: config ?? await testConfig(),
    now: clock.now,
  });
}

/** A response with its body read. */
export interface Sent {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/**
 * Sends a request and reads the whole body.
 *
 * @param url The URL.
 * @param init The request options; `via` sends it to an emulator whatever
 * the URL's host.
 * @returns The status, headers and body text.
 */
export async function send(
  url: string,
  init: RequestInit & { via?: Pick<EmulatorHandle, "fetch"> } = {},
): Promise<Sent> {
  const { via, ...rest } = init;
  const response =
    await (via === undefined ? fetch(url, rest) : via.fetch(url, rest));
  return {
    status: response.status,
    headers: response.headers,
    text: await response.text(),
  };
}

/**
 * The text of an XML element in a body, or `undefined`.
 *
 * @param xml The body.
 * @param name The element name.
 * @returns The first element's text, unescaped.
 */
export function xmlValue(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1]?.replaceAll("&quot;", '"').replaceAll("&apos;", "'")
    .replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

/**
 * A seeded PRNG (mulberry32): the same seed gives the same sequence.
 *
 * @param seed The seed.
 * @returns A function returning numbers in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The options of an ali-oss client for the test bucket on an emulator, with
 * {@linkcode KEY}: an IP endpoint makes ali-oss send the bucket's virtual
 * host in `Host`.
 *
 * @param emulator The emulator.
 * @param options Options to add or override.
 * @returns The client's options.
 */
export function aliOssOptions(
  emulator: { readonly origin: string },
  options: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    accessKeyId: KEY.accessKeyId,
    accessKeySecret: KEY.accessKeySecret,
    bucket: "examplebucket",
    region: "oss-cn-hangzhou",
    endpoint: emulator.origin,
    secure: false,
    ...options,
  };
}
