/**
 * ali-oss 6.23 as the presign benchmarks call it, directly (no clock
 * faking): one client for the batch of `_presign_links.ts`, and each link's
 * V1 options in the shape `signatureUrl` takes.
 *
 * @module
 */
import type { PresignRequest } from "../src/sign/presign.ts";
import { BATCH } from "./_presign_links.ts";

/** The two signers of an ali-oss client the benchmarks call. */
export interface AliOss {
  /** V1 presigning. */
  signatureUrl(
    name: string,
    options: Record<string, unknown>,
    strict: boolean,
  ): string;
  /** V4 presigning. */
  signatureUrlV4(
    method: string,
    expires: number,
    request: {
      headers: Record<string, string>;
      queries: Record<string, string>;
    },
    objectName: string,
  ): Promise<string>;
}

/**
 * Loads ali-oss and makes the batch's client, its console warnings muted
 * while it starts.
 *
 * @returns The client.
 */
export async function aliOssClient(): Promise<AliOss> {
  const { default: OSS } = await import("npm:ali-oss@6.23.0");
  const warn = console.warn;
  console.warn = () => {};
  try {
    return new OSS({
      accessKeyId: BATCH.credentials.accessKeyId,
      accessKeySecret: BATCH.credentials.accessKeySecret,
      stsToken: BATCH.credentials.securityToken,
      bucket: BATCH.bucket,
      region: "oss-cn-hangzhou",
      secure: true,
    }) as AliOss;
  } finally {
    console.warn = warn;
  }
}

/**
 * Each link's `signatureUrl` options: `response-*` overrides as `response`,
 * processing and traffic limit as their own options, the rest as
 * sub-resources.
 *
 * @param links The links.
 * @returns Their options, in order.
 */
export function aliV1Options(
  links: readonly Omit<PresignRequest, "signature">[],
): Record<string, unknown>[] {
  return links.map((r) => {
    const {
      "x-oss-process": process,
      "x-oss-traffic-limit": trafficLimit,
      ...rest
    } = r.query ?? {};
    const response: Record<string, string> = {};
    const subResource: Record<string, string> = {};
    for (const [name, value] of Object.entries(rest)) {
      if (name.startsWith("response-")) response[name.slice(9)] = value;
      else subResource[name] = value;
    }
    return {
      method: r.method,
      expires: r.expires,
      process,
      trafficLimit,
      response,
      subResource,
    };
  });
}
