/**
 * `sign --probe`: every link, as it is signed, requested once (see
 * {@linkcode requestLink}) and its answer compared with what the manifest
 * declares (see {@linkcode compareProbe}). The links still stream: a batch is
 * passed on once its requests have started, at most `concurrency` requests
 * are in flight, and nothing holds the whole batch.
 *
 * @module
 */
import type { SignedLink } from "../link.ts";
import { optionLookup } from "../rules/effective.ts";
import type { RuleFinding } from "../rules/structure.ts";
import type { Manifest } from "../manifest/types.ts";
import {
  type LinkEntry,
  linkEntryBatches,
  type ManifestLinksOptions,
  planEntries,
} from "../sign/manifest_links.ts";
import type { LinkPlan } from "../sign/plan.ts";
import { linkSigner } from "../sign/sign_links.ts";
import {
  compareProbe,
  type ProbeExpectation,
  type ProbeOption,
} from "./probe_compare.ts";
import {
  type ProbeRequestOptions,
  ProbeUnreachableError,
  requestLink,
} from "./probe_request.ts";

/** How links are probed. */
export interface ProbeSettings extends ProbeRequestOptions {
  /** The most requests in flight, at least 1. */
  readonly concurrency: number;
  /**
   * Told each way a link does not answer as declared, with the link's
   * 0-based position in the batch (probes finish out of order).
   */
  readonly onFinding: (finding: RuleFinding, position: number) => void;
}

/** What a link was signed to answer, from its plan. */
function expectationOf(plan: LinkPlan): ProbeExpectation {
  return {
    id: plan.id,
    key: plan.key,
    method: plan.method,
    disposition: plan.disposition,
    contentDisposition: plan.query["response-content-disposition"] ?? "",
    contentType: plan.query["response-content-type"],
  };
}

/**
 * Signs a checked manifest's links a batch at a time, in manifest order, as
 * {@linkcode manifestLinkBatches} does, and probes each. A batch is yielded
 * once its probes have started; the generator ends when every probe has.
 *
 * @param manifest The validated manifest.
 * @param options Credentials, signing time, signer, sources, shard, and the
 *   probe's settings.
 * @returns The signed links, in batches.
 * @throws {ProbeUnreachableError} When a link's host cannot be reached, its
 *   message naming the link (no new probe starts after the first; the
 *   running ones finish first).
 * @throws {Deno.errors.NotCapable} When the process may not reach a host.
 */
export async function* probedLinkBatches(
  manifest: Manifest,
  options: ManifestLinksOptions & { readonly probe: ProbeSettings },
): AsyncGenerator<SignedLink[]> {
  const { probe } = options;
  const sign = linkSigner({ ...options, bucket: manifest.bucket });
  const option = optionLookup(manifest);
  const limit = Math.max(1, probe.concurrency);
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let position = 0;
  const pathOf = (
    entry: LinkEntry,
    name: ProbeOption | undefined,
  ) => {
    const at = ["objects", entry.index, entry.idField];
    // A list line may set its own filename and disposition: the entry it is
    // in is the place to point at.
    if (name === undefined || entry.idField === "list") return at;
    return option(entry.index, name)?.path ?? at;
  };
  const start = (entry: LinkEntry, plan: LinkPlan, link: SignedLink) => {
    const at = position++;
    const running: Promise<void> = requestLink(link.url, link.method, probe)
      .then((answer) => {
        for (const mismatch of compareProbe(expectationOf(plan), answer)) {
          probe.onFinding({
            rule: mismatch.rule,
            path: pathOf(entry, mismatch.option),
            message: mismatch.message,
            ...(mismatch.hint !== undefined ? { hint: mismatch.hint } : {}),
          }, at);
        }
      })
      .catch((error) => {
        failure ??= {
          error: error instanceof ProbeUnreachableError
            ? new ProbeUnreachableError(
              error.host,
              `Cannot probe link "${link.id}": ${error.message}`,
              { cause: error },
            )
            : error,
        };
      })
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  };
  try {
    for await (const entries of linkEntryBatches(manifest, options)) {
      const plans = planEntries(entries, options.signedAt);
      const links: SignedLink[] = new Array(plans.length);
      for (let i = 0; i < plans.length; i++) {
        const signed = sign(plans[i]!);
        links[i] = signed instanceof Promise ? await signed : signed;
        while (inFlight.size >= limit && failure === undefined) {
          await Promise.race(inFlight);
        }
        if (failure !== undefined) break;
        start(entries[i]!, plans[i]!, links[i]!);
      }
      if (failure !== undefined) break;
      yield links;
    }
  } finally {
    // Whether the reader stopped or a probe failed: no request outlives us.
    await Promise.all(inFlight);
  }
  if (failure !== undefined) throw failure.error;
}
