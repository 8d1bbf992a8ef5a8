/**
 * The CORS questions a manifest asks: every declared origin × method, with
 * the declared request headers and the headers pages read.
 *
 * @module
 */
import type { Manifest } from "../../manifest/types.ts";
import type { YamlPath } from "../../yaml/load_yaml.ts";
import { declaredRequestHeaders } from "../../manifest/request_headers.ts";
import {
  assumedRequestHeaderValue,
  type CorsRequestHeader,
  type CorsVerdict,
  corsVerdict,
  isSafelistedRequestHeader,
} from "../cors_verdict.ts";
import type { SnapshotCors } from "../snapshot_schema.ts";

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
 * One header per declared name, as the request that asks the most of the
 * bucket sends it. Entries of one name are alternatives (pages send one
 * value or another, not both): a value that needs a preflight wins, else
 * the longest.
 */
function worstCaseHeaders(manifest: Manifest): CorsRequestHeader[] {
  const byName = new Map<string, CorsRequestHeader>();
  for (const { name, value } of declaredRequestHeaders(manifest)) {
    const key = name.toLowerCase();
    const header = { name, value };
    const previous = byName.get(key);
    if (previous === undefined || worse(header, previous)) {
      byName.set(key, header);
    }
  }
  return [...byName.values()];
}

function worse(a: CorsRequestHeader, b: CorsRequestHeader): boolean {
  const aSafe = isSafelistedRequestHeader(a);
  const bSafe = isSafelistedRequestHeader(b);
  if (aSafe !== bSafe) return !aSafe;
  const length = (header: CorsRequestHeader) =>
    (header.value ?? assumedRequestHeaderValue(header.name) ?? "").trim()
      .length;
  return length(a) > length(b);
}

/**
 * Asks every declared origin × method. A header declared without a value is
 * judged with the value pages usually send (`assumedRequestHeaderValue`: one
 * `bytes=0-` range for `Range`; none for `Content-Type`, which is assumed to
 * need a preflight).
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
  const headers = worstCaseHeaders(manifest);
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
 * Finds where a request header is declared, ignoring case: the entry whose
 * value needs a preflight when the name is declared more than once.
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
  const named = declaredRequestHeaders(manifest).filter((header) =>
    header.name.toLowerCase() === name
  );
  const header = named.find((header) => !isSafelistedRequestHeader(header)) ??
    named[0];
  return header === undefined
    ? { name, path: ["access", "headers"] }
    : { name: header.name, path: header.path };
}
