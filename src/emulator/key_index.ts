/**
 * The AccessKeys of an emulator config, indexed for signature verification.
 *
 * @module
 */
import type { AccessKeyCredential, KeyIndex } from "../oss/credentials.ts";
import type { EmulatorConfig } from "./model.ts";

/**
 * Indexes the credentials of every bucket by AccessKey ID.
 *
 * @param config The emulator config.
 * @returns The AccessKeys and the buckets each may use.
 */
export function indexKeys(config: EmulatorConfig): KeyIndex {
  const keys = new Map<
    string,
    { credential: AccessKeyCredential; buckets: Set<string> }
  >();
  for (const bucket of config.buckets) {
    for (const credential of bucket.credentials) {
      const entry = keys.get(credential.accessKeyId) ??
        { credential, buckets: new Set<string>() };
      entry.buckets.add(bucket.name);
      keys.set(credential.accessKeyId, entry);
    }
  }
  return keys;
}
