/**
 * The CORS questions a manifest asks: every declared origin × method, with
 * the declared request headers and the headers pages read.
 *
 * @module
 */
import type { Manifest } from "../../manifest/types.ts";
import type { YamlPath } from "../../yaml/load_yaml.ts";
import { type CorsVerdict, corsVerdict } from "../cors_verdict.ts";
import type { SnapshotCors } from "../snapshot.ts";

/** One declared origin × method and the browser's verdict. */
export interface CorsCase {
  /** The origin. */
  readonly origin: string;
  /** Its path, `access.origins[i]`. */
  readonly originPath: YamlPath;
  /** The method. */
  readonly method: string;
  /** Its path, `access.methods[j]`, or the origin's when defaulted. */
  readonly methodPath: YamlPath;
  /** The verdict. */
  readonly verdict: CorsVerdict;
}

/**
 * Asks every declared origin × method. Header values are unknown, so a
 * declared `Range` or `Content-Type` is assumed to need a preflight.
 *
 * @param manifest The manifest.
 * @param cors The bucket's CORS configuration.
 * @returns The cases, in declaration order.
 */
export function corsCases(
  manifest: Manifest,
  cors: SnapshotCors | "none",
): CorsCase[] {
  const access = manifest.access;
  if (access === undefined) return [];
  const methods = access.methods ?? ["GET"];
  const headers = (access.headers ?? []).map((name) => ({ name }));
  const expose = access.expose ?? [];
  const cases: CorsCase[] = [];
  access.origins.forEach((origin, i) => {
    const originPath = ["access", "origins", i];
    methods.forEach((method, j) => {
      cases.push({
        origin,
        originPath,
        method,
        methodPath: access.methods === undefined
          ? originPath
          : ["access", "methods", j],
        verdict: corsVerdict(cors, { origin, method, headers, expose }),
      });
    });
  });
  return cases;
}

/**
 * Finds where a request header is declared, ignoring case.
 *
 * @param manifest The manifest.
 * @param name The header name, lower case.
 * @returns The name as written and its path, `access.headers[k]` (or
 *   `access.headers` itself when not declared).
 */
export function declaredHeader(
  manifest: Manifest,
  name: string,
): { readonly name: string; readonly path: YamlPath } {
  const headers = manifest.access?.headers ?? [];
  const index = headers.findIndex((header) => header.toLowerCase() === name);
  return index === -1
    ? { name, path: ["access", "headers"] }
    : { name: headers[index]!, path: ["access", "headers", index] };
}
