/**
 * The bound-domain entry (ListCname) for the manifest's custom domain.
 *
 * @module
 */
import type { CheckContext } from "../rule.ts";
import type { SnapshotCname } from "../snapshot_schema.ts";

/**
 * Finds the ListCname entry of `bucket.domain`, ignoring case.
 *
 * @param context The check context.
 * @returns The entry, or `undefined` when the domain is not bound or none is set.
 */
export function boundDomain(context: CheckContext): SnapshotCname | undefined {
  // A CNAME binds a host name; the manifest's domain may carry a port.
  const domain = context.manifest.bucket.domain?.toLowerCase().replace(
    /:\d+$/,
    "",
  );
  if (domain === undefined) return undefined;
  return context.snapshot.cnames.find((cname) =>
    cname.domain.toLowerCase() === domain
  );
}
