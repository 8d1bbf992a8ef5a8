/**
 * Signing planned links, one at a time, so that NDJSON can stream.
 *
 * @module
 */
import type { SignedBatch, SignedLink } from "../link.ts";
import type { BucketConfig } from "../manifest/types.ts";
import { linkHost } from "./link_host.ts";
import { signingTime } from "../oss/signing_time.ts";
import type { LinkPlan } from "./plan.ts";
import {
  type Credentials,
  type PresignRequest,
  presignUrl,
} from "./presign.ts";

/**
 * A function that signs one URL: the native {@linkcode presignUrl}, or a
 * reference engine such as ali-oss, which answers asynchronously.
 */
export type Presigner = (request: PresignRequest) => string | Promise<string>;

/** Options of {@linkcode signLinks}. */
export interface SignLinksOptions {
  /** The manifest's bucket block. */
  readonly bucket: BucketConfig;
  /** The credentials. */
  readonly credentials: Credentials;
  /**
   * The signing time; milliseconds are dropped (see
   * {@linkcode signingTime}), as `x-oss-date` and `Expires` have none.
   */
  readonly signedAt: Date;
  /** The signer. @default {presignUrl} */
  readonly presign?: Presigner;
}

/**
 * Signs planned links lazily, in order.
 *
 * @example Usage
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { planLinks, signLinks } from "@osslinks/osslinks/sign";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\n" +
 *   "objects: [{key: a.txt}, {key: b.txt}]\n";
 * const { manifest } = validateManifest(new TextEncoder().encode(text), { now });
 * if (manifest === undefined) throw new Error("the manifest is valid");
 * const credentials = { accessKeyId: "AKID", accessKeySecret: "secret" };
 * const { plans } = planLinks(manifest, { now });
 * const links = signLinks(plans, { bucket: manifest.bucket, credentials, signedAt: now });
 * const urls: string[] = [];
 * for await (const link of links) urls.push(link.url);
 * const host = "https://examplebucket.oss-cn-hangzhou.aliyuncs.com";
 * if (urls.length !== 2 || !urls[1]!.startsWith(`${host}/b.txt?`)) {
 *   throw new Error(urls.join("\n"));
 * }
 * ```
 *
 * @param plans The planned links.
 * @param options Bucket, credentials, time and signer.
 * @returns The signed links, one by one.
 */
export async function* signLinks(
  plans: Iterable<LinkPlan> | AsyncIterable<LinkPlan>,
  options: SignLinksOptions,
): AsyncGenerator<SignedLink> {
  const sign = linkSigner(options);
  for await (const plan of plans) yield await sign(plan);
}

/**
 * Signs planned links a batch at a time, in order: one step per batch, for
 * millions of links.
 *
 * @example Usage
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { planLinks, signLinkBatches } from "@osslinks/osslinks/sign";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\n" +
 *   "objects: [{key: a.txt}, {key: b.txt}, {key: c.txt}]\n";
 * const { manifest } = validateManifest(new TextEncoder().encode(text), { now });
 * if (manifest === undefined) throw new Error("the manifest is valid");
 * const credentials = { accessKeyId: "AKID", accessKeySecret: "secret" };
 * const { plans } = planLinks(manifest, { now });
 * const batches = [plans.slice(0, 2), plans.slice(2)];
 * const sizes: number[] = [];
 * const options = { bucket: manifest.bucket, credentials, signedAt: now };
 * for await (const links of signLinkBatches(batches, options)) {
 *   sizes.push(links.length);
 * }
 * if (sizes.join() !== "2,1") throw new Error(sizes.join());
 * ```
 *
 * @param batches The planned links, in batches.
 * @param options Bucket, credentials, time and signer.
 * @returns The signed links, batch by batch.
 */
export async function* signLinkBatches(
  batches: Iterable<readonly LinkPlan[]> | AsyncIterable<readonly LinkPlan[]>,
  options: SignLinksOptions,
): AsyncGenerator<SignedLink[]> {
  const sign = linkSigner(options);
  for await (const batch of batches) {
    const signed: SignedLink[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const link = sign(batch[i]!);
      signed[i] = link instanceof Promise ? await link : link;
    }
    yield signed;
  }
}

/**
 * One link's signer for a bucket, credentials and time: what
 * {@linkcode signLinks} applies to each plan.
 *
 * @param options Bucket, credentials, time and signer.
 * @returns A function from a plan to its signed link (a promise only with an
 *   asynchronous signer).
 */
export function linkSigner(
  options: SignLinksOptions,
): (plan: LinkPlan) => SignedLink | Promise<SignedLink> {
  const { bucket, credentials } = options;
  const signedAt = signingTime(options.signedAt);
  const presign = options.presign ?? presignUrl;
  const { host, pathStyle, https } = linkHost(bucket);
  const signature = bucket.signature ?? "v4";
  // A batch has few distinct lifetimes: the last one's expiry is reused.
  let lastExpires = NaN;
  let lastExpiresAt = "";
  const expiresAt = (expires: number): string => {
    if (expires !== lastExpires) {
      lastExpiresAt = new Date(signedAt.getTime() + expires * 1000)
        .toISOString();
      lastExpires = expires;
    }
    return lastExpiresAt;
  };
  const link = (plan: LinkPlan, url: string): SignedLink => ({
    id: plan.id,
    key: plan.key,
    method: plan.method,
    url,
    expiresAt: expiresAt(plan.expires),
    disposition: plan.disposition,
    filename: plan.filename,
    process: plan.process,
  });
  return (plan) => {
    const signed = presign({
      signature,
      method: plan.method,
      bucket: bucket.name,
      key: plan.key,
      region: bucket.region,
      host,
      pathStyle,
      https,
      credentials,
      signedAt,
      expires: plan.expires,
      query: plan.query,
    });
    return typeof signed === "string"
      ? link(plan, signed)
      : signed.then((url) => link(plan, url));
  };
}

/**
 * Signs planned links into a batch, the shape of the JSON output.
 *
 * @example Usage
 * ```ts
 * import { validateManifest } from "@osslinks/osslinks";
 * import { planLinks, signBatch } from "@osslinks/osslinks/sign";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const text = "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\n" +
 *   "objects: [{key: a.txt, expires: 2h}]\n";
 * const { manifest } = validateManifest(new TextEncoder().encode(text), { now });
 * if (manifest === undefined) throw new Error("the manifest is valid");
 * const credentials = { accessKeyId: "AKID", accessKeySecret: "secret" };
 * const { plans } = planLinks(manifest, { now });
 * const batch = await signBatch(plans, { bucket: manifest.bucket, credentials, signedAt: now });
 * if (batch.links[0]?.expiresAt !== "2026-11-28T11:00:00.000Z") {
 *   throw new Error(JSON.stringify(batch));
 * }
 * ```
 *
 * @param plans The planned links.
 * @param options Bucket, credentials, time and signer.
 * @returns The batch.
 */
export async function signBatch(
  plans: Iterable<LinkPlan>,
  options: SignLinksOptions,
): Promise<SignedBatch> {
  const links: SignedLink[] = [];
  for await (const link of signLinks(plans, options)) links.push(link);
  return {
    version: 1,
    bucket: options.bucket.name,
    signedAt: signingTime(options.signedAt).toISOString(),
    links,
  };
}
