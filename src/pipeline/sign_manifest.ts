/**
 * From a manifest to signed links in one call, streamed.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostic.ts";
import type { SignedLink } from "../link.ts";
import { validateManifest } from "./validate.ts";
import {
  manifestLinks,
  type ManifestLinkSources,
  scanManifestLinks,
  type Shard,
} from "../sign/manifest_links.ts";
import type { Credentials } from "../sign/presign.ts";
import type { Presigner } from "../sign/sign_links.ts";
import { findingDiagnostic } from "../rules/finding_diagnostic.ts";

/** Options of {@linkcode signManifest}. */
export interface SignManifestOptions extends ManifestLinkSources {
  /** The credentials to sign with. */
  readonly credentials: Credentials;
  /** The signing time (relative expiries start from it). @default {new Date()} */
  readonly now?: Date;
  /** The file name findings carry. @default {"links.yaml"} */
  readonly file?: string;
  /** When the STS token expires, if known. */
  readonly tokenExpiresAt?: Date | undefined;
  /** Sign only this part of the batch (see `shardRange`). */
  readonly shard?: Shard | undefined;
  /** The signer. @default {presignUrl} */
  readonly presign?: Presigner;
  /**
   * Rules whose findings are waived, on top of the manifest's own waivers.
   * @default {[]}
   */
  readonly ignore?: readonly string[] | undefined;
}

/**
 * A manifest that has errors, so that nothing was signed.
 *
 * @example Usage
 * ```ts
 * import { ManifestError, signManifest } from "@osslinks/osslinks";
 *
 * const manifest = new TextEncoder().encode(
 *   "version: 1\nbucket: {name: examplebucket, region: cn-hangzhou}\nobjects: [{key: a.txt, expires: 0s}]\n",
 * );
 * try {
 *   for await (const _ of signManifest(manifest, {
 *     credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
 *   })) throw new Error("nothing is signed");
 * } catch (error) {
 *   if (!(error instanceof ManifestError)) throw error;
 *   if (error.diagnostics[0]?.rule !== "expires-not-positive") throw error;
 * }
 * ```
 */
export class ManifestError extends Error {
  /** Every finding, errors and warnings. */
  readonly diagnostics: readonly Diagnostic[];

  /**
   * Makes the error from the manifest's findings.
   *
   * @param file The manifest's file name.
   * @param diagnostics The findings.
   */
  constructor(file: string, diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) =>
      !d.suppressed && d.severity === "error"
    );
    super(
      `Cannot sign "${file}": ${errors.length} ${
        errors.length === 1 ? "error" : "errors"
      }, the first: ${errors[0]?.message ?? "unknown"}`,
    );
    this.name = "ManifestError";
    this.diagnostics = diagnostics;
  }
}

/**
 * Validates a manifest, checks its expanded links (`list:` files, prefix
 * listings, duplicate ids) and signs them, yielding each link as it is
 * signed, in manifest order. Memory does not grow with the number of links:
 * `list:` files are read twice, line by line, never held. Nothing is yielded
 * when the manifest has an error: the first `next()` rejects with a
 * {@linkcode ManifestError} that carries every finding.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { signManifest } from "@osslinks/osslinks";
 *
 * const manifest = `version: 1
 * bucket: {name: examplebucket, region: cn-hangzhou}
 * objects:
 *   - key: a.txt
 *   - list: keys.txt
 * `;
 * const lists: Record<string, string> = { "keys.txt": "b.txt\nc.txt\n" };
 * const ids = [];
 * for await (const link of signManifest(manifest, {
 *   credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
 *   now: new Date("2026-11-28T09:00:00Z"),
 *   readList: (path) => [new TextEncoder().encode(lists[path] ?? "")],
 * })) {
 *   ids.push(link.id);
 * }
 * assert.deepEqual(ids, ["a.txt", "b.txt", "c.txt"]);
 * ```
 *
 * @param source The manifest's text or bytes.
 * @param options Credentials, time, list reader, shard and signer.
 * @returns The signed links.
 * @throws {ManifestError} When the manifest or its lists have errors.
 */
export async function* signManifest(
  source: string | Uint8Array,
  options: SignManifestOptions,
): AsyncGenerator<SignedLink> {
  const file = options.file ?? "links.yaml";
  const now = options.now ?? new Date();
  const validation = validateManifest(
    typeof source === "string" ? new TextEncoder().encode(source) : source,
    {
      file,
      now,
      tokenExpiresAt: options.tokenExpiresAt,
      ignore: options.ignore,
    },
  );
  const { manifest, waivers } = validation;
  const diagnostics: Diagnostic[] = [...validation.diagnostics];
  const failed = () =>
    diagnostics.some((d) => !d.suppressed && d.severity === "error");
  if (manifest === undefined || failed()) {
    throw new ManifestError(file, diagnostics);
  }
  const scan = await scanManifestLinks(manifest, options);
  diagnostics.push(...waivers.apply(scan.listProblems));
  for (const finding of scan.findings) {
    diagnostics.push(waivers.applyOne(
      findingDiagnostic(finding.rule, "error", finding, {
        file,
        locate: validation.locate,
      }),
    ));
  }
  if (failed()) throw new ManifestError(file, diagnostics);
  yield* manifestLinks(manifest, {
    ...options,
    signedAt: now,
    total: scan.total,
  });
}
