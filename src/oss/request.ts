/**
 * A signed request as OSS sees it: its method, host, path, decoded query and
 * headers, and what its signature covers. The query is decoded the way OSS
 * decodes it.
 *
 * @module
 */
import { OssError } from "./errors.ts";

/** A request, decoded once. */
export interface ParsedRequest {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The host name, lower case, without the port. */
  readonly hostname: string;
  /** The host as the client sent it, with the port. */
  readonly host: string;
  /** The raw (percent-encoded) path. */
  readonly pathname: string;
  /**
   * The query parameters, decoded (`+` is a space); when a name repeats, the
   * first occurrence wins, as OSS does.
   */
  readonly query: Readonly<Record<string, string>>;
  /** The request headers, names lower case. */
  readonly headers: Readonly<Record<string, string>>;
}

/** What a signature covers and where it must have been made. */
export interface SignedTarget {
  /** The real bucket name; `""` for a service-level request (ListBuckets). */
  readonly bucket: string;
  /** The object key, `""` for a bucket-level request. */
  readonly key: string;
  /** The region the host names, if it names one. */
  readonly hostRegion: string | undefined;
  /** The region a V4 scope must name (the bucket's); any when `undefined`. */
  readonly region: string | undefined;
}

/**
 * Percent-decodes part of a URI as OSS does.
 *
 * @param text The encoded text.
 * @param what What the text is, for the error message.
 * @returns The decoded text.
 * @throws {OssError} `InvalidURI` if a percent-escape is malformed.
 */
export function decodeUriPart(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new OssError(
      400,
      "InvalidURI",
      `Couldn't parse the specified URI: malformed ${what}.`,
    );
  }
}

/**
 * Parses the query string of a request: `+` is a space, a name without `=`
 * has the value `""`, and the first occurrence of a name wins.
 *
 * @param search The query string, with or without the leading `?`.
 * @returns The decoded parameters.
 * @throws {OssError} If a percent-escape is malformed.
 */
export function parseQuery(search: string): Record<string, string> {
  const query = new Map<string, string>();
  for (const part of search.replace(/^\?/, "").split("&")) {
    if (part === "") continue;
    const at = part.indexOf("=");
    const name = decodeUriPart(
      (at === -1 ? part : part.slice(0, at)).replaceAll("+", " "),
      "query parameter name",
    );
    const value = decodeUriPart(
      (at === -1 ? "" : part.slice(at + 1)).replaceAll("+", " "),
      "query parameter value",
    );
    if (!query.has(name)) query.set(name, value);
  }
  return Object.fromEntries(query);
}
