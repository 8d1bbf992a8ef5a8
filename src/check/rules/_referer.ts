/**
 * The bucket's Referer rules, as OSS applies them to URL-signed requests.
 *
 * @module
 */
import { OssError } from "../../oss/errors.ts";
import { checkReferer } from "../../oss/referer.ts";
import type { SnapshotReferer } from "../snapshot_schema.ts";

/**
 * Tells whether the bucket's Referer rules refuse a request.
 *
 * @param referer The bucket's Referer configuration.
 * @param value The request's Referer, `""` for none.
 * @returns The EC code of the refusal, or `undefined` when allowed.
 */
export function refererRefusal(
  referer: SnapshotReferer,
  value: string,
): string | undefined {
  try {
    checkReferer(referer, value === "" ? undefined : value);
    return undefined;
  } catch (error) {
    if (error instanceof OssError) return error.ec ?? error.code;
    throw error;
  }
}
