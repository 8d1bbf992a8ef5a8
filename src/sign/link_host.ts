/**
 * Where links point: the custom domain, the endpoint, or the default
 * `<bucket>.oss-<region>.aliyuncs.com`.
 *
 * @module
 */
import type { BucketConfig } from "../manifest/types.ts";
import { standardRegion } from "../oss/v4.ts";

/** The host part of a bucket's links. */
export interface LinkHost {
  /** The host, with a port when not the default. */
  readonly host: string;
  /** Whether the bucket goes in the path (IP and `localhost` endpoints). */
  readonly pathStyle: boolean;
  /** Whether links use https. */
  readonly https: boolean;
}

const LOOPBACK_OR_IP =
  /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\])(?::\d+)?$/i;

/**
 * Decides the host of a bucket's links: the custom domain when one is bound
 * (also for downloads, since new accounts cannot use the default domain for
 * data, oss-facts §4.2), else `<bucket>.<endpoint>` (path style for an IP or
 * `localhost` endpoint), else the default public domain.
 *
 * @param bucket The manifest's bucket block.
 * @returns The host, addressing style and scheme.
 */
export function linkHost(bucket: BucketConfig): LinkHost {
  const https = bucket.https !== false;
  if (bucket.domain !== undefined) {
    return { host: bucket.domain, pathStyle: false, https };
  }
  if (bucket.endpoint !== undefined) {
    return LOOPBACK_OR_IP.test(bucket.endpoint)
      ? { host: bucket.endpoint, pathStyle: true, https }
      : { host: `${bucket.name}.${bucket.endpoint}`, pathStyle: false, https };
  }
  return {
    host: `${bucket.name}.oss-${standardRegion(bucket.region)}.aliyuncs.com`,
    pathStyle: false,
    https,
  };
}
