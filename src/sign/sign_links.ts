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
