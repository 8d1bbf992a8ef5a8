/**
 * What `sign --probe` makes of one link's answer: the status, the
 * Content-Type and the Content-Disposition (inline or attachment, and the
 * filename, RFC 5987 `filename*` first) against what the link was signed to
 * answer (its planned `response-*` overrides). Pure: no request is made here.
 *
 * @module
 */
import type { Disposition } from "../link.ts";
import { typeEssence } from "../oss/default_domain.ts";
import { isDisplayedType } from "./rules/preview_content_type.ts";

/** The rules a probe reports. */
export type ProbeRule =
  | "probe-status"
  | "probe-content-type"
  | "probe-disposition"
  | "probe-filename";

/** What a link was signed to answer. */
export interface ProbeExpectation {
  /** The link id. */
  readonly id: string;
  /** The raw key. */
  readonly key: string;
  /** The method the URL was signed for. */
  readonly method: "GET" | "HEAD";
  /** How the link should open. */
  readonly disposition: Disposition;
  /** The signed `response-content-disposition` value. */
  readonly contentDisposition: string;
  /** The signed `response-content-type` value, when the manifest sets one. */
  readonly contentType?: string | undefined;
}

/** The parts of a link's answer a probe reads. */
export interface ProbeAnswer {
  /** The HTTP status. */
  readonly status: number;
  /** The OSS error code of an error answer (`NoSuchKey`), when it gave one. */
  readonly errorCode?: string | undefined;
  /** The `Content-Type` header, or `null`. */
  readonly contentType: string | null;
  /** The `Content-Disposition` header, or `null`. */
  readonly contentDisposition: string | null;
  /** Whether OSS said it forced a download (`x-oss-force-download: true`). */
  readonly forcedDownload: boolean;
}

/** The manifest options a probe finding can point at. */
export type ProbeOption =
  | "response"
  | "disposition"
  | "filename"
  | "version"
  | "style";

/** The option an OSS error code blames. */
const STATUS_OPTIONS: Readonly<Record<string, ProbeOption>> = {
  NoSuchVersion: "version",
  NoSuchStyle: "style",
};

/** One way a link does not answer as declared. */
export interface ProbeMismatch {
  /** The rule. */
  readonly rule: ProbeRule;
  /**
   * The manifest option at fault, when one is: where the finding points
   * (else at the entry).
   */
  readonly option?: ProbeOption | undefined;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly hint?: string | undefined;
}

/** A `Content-Disposition` value, read. */
export interface ParsedDisposition {
  /** The type, lower case: `inline`, `attachment`, or another token. */
  readonly type: string;
  /** The filename: `filename*` decoded when it can be, else `filename`. */
  readonly filename: string | undefined;
}

/** One `; name=value` parameter: a quoted string or a token. */
const PARAMETER = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;

/** Decodes an RFC 5987 `ext-value` (`UTF-8''%E6%8A%A5.pdf`). */
function decodeExtValue(value: string): string | undefined {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value.trim());
  if (match === null) return undefined;
  const charset = match[1]!.toLowerCase();
  const encoded = match[2]!;
  if (charset === "utf-8") {
    try {
      return decodeURIComponent(encoded);
    } catch {
      return undefined;
    }
  }
  if (charset === "iso-8859-1") {
    return encoded.replace(
      /%([0-9a-f]{2})/gi,
      (_, hex: string) => String.fromCharCode(parseInt(hex, 16)),
    );
  }
  return undefined;
}

/**
 * Reads a `Content-Disposition` value (RFC 6266): its type and the filename
 * a browser saves under, `filename*` (RFC 5987) before `filename`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseContentDisposition } from "./probe_compare.ts";
 *
 * assert.deepEqual(
 *   parseContentDisposition(
 *     "attachment; filename=\"__.pdf\"; filename*=UTF-8''%E6%8A%A5.pdf",
 *   ),
 *   { type: "attachment", filename: "报.pdf" },
 * );
 * ```
 *
 * @param value The header value.
 * @returns The type and the filename.
 */
export function parseContentDisposition(value: string): ParsedDisposition {
  const semicolon = value.indexOf(";");
  const type = (semicolon === -1 ? value : value.slice(0, semicolon)).trim()
    .toLowerCase();
  let plain: string | undefined;
  let extended: string | undefined;
  for (const match of value.slice(Math.max(0, semicolon)).matchAll(PARAMETER)) {
    const name = match[1]!.toLowerCase();
    const raw = match[2]!.trim();
    if (name === "filename*") extended ??= decodeExtValue(raw);
    else if (name === "filename") {
      plain ??= raw.startsWith('"')
        ? raw.slice(1, -1).replace(/\\(.)/g, "$1")
        : raw;
    }
  }
  return { type, filename: extended ?? plain };
}

/** The parameters of a media type, names and values lower case. */
function mediaParameters(value: string): string {
  return value.split(";").slice(1)
    .map((part) =>
      part.trim().toLowerCase().replace(/\s*=\s*"?([^"]*)"?$/, "=$1")
    )
    .filter((part) => part !== "")
    .sort()
    .join(";");
}

/**
 * Whether a served Content-Type is the declared one: the same essence, and
 * the same parameters when the declared value has any (`charset` values
 * ignore case, as HTTP says).
 */
function sameMediaType(declared: string, served: string): boolean {
  if (typeEssence(declared) !== typeEssence(served)) return false;
  const wanted = mediaParameters(declared);
  return wanted === "" || wanted === mediaParameters(served);
}

/** `Link "id"`, with the key when the id is another name. */
function subject(expected: ProbeExpectation): string {
  return expected.id === expected.key
    ? `Link "${expected.id}"`
    : `Link "${expected.id}" (key "${expected.key}")`;
}

/** Hints by OSS error code for a link that does not open. */
const STATUS_HINTS: Readonly<Record<string, string>> = {
  NoSuchKey: "upload the object, or correct the key",
  NoSuchVersion: "correct the version, or remove it to link the current one",
  NoSuchStyle: "define the style on the bucket, or correct its name",
  NoSuchFile: "upload the object, or correct the key",
  AccessDenied:
    "check that the AccessKey may read the object (RAM policy, bucket policy) and that the link has not expired",
  SignatureDoesNotMatch:
    'the URL was changed on the way, or the credentials are not the bucket\'s: run "osslinks inspect <url>" with the credentials',
  InvalidAccessKeyId: "sign with an AccessKey of the bucket's account",
  ApkDownloadForbidden:
    "bind a custom domain to the bucket and set bucket.domain",
};

function statusMismatch(
  expected: ProbeExpectation,
  answer: ProbeAnswer,
): ProbeMismatch {
  const code = answer.errorCode;
  const redirect = answer.status >= 300 && answer.status < 400;
  return {
    rule: "probe-status",
    option: code !== undefined ? STATUS_OPTIONS[code] : undefined,
    message: `${subject(expected)} answers ${answer.status}${
      code !== undefined ? ` ${code}` : ""
    }: it does not open`,
    hint: (code !== undefined ? STATUS_HINTS[code] : undefined) ??
      (redirect
        ? "links must be answered by OSS itself: a redirect drops the signature's host"
        : undefined),
  };
}

function contentTypeMismatch(
  expected: ProbeExpectation,
  answer: ProbeAnswer,
): ProbeMismatch | undefined {
  const served = answer.contentType ?? "";
  const shown = served === "" ? "without a Content-Type" : `as "${served}"`;
  if (expected.contentType !== undefined) {
    if (sameMediaType(expected.contentType, served)) return undefined;
    return {
      rule: "probe-content-type",
      option: "response",
      message: `${
        subject(expected)
      } is served ${shown}, not as the declared response.content-type "${expected.contentType}"`,
      hint:
        "a proxy or CDN in front of the bucket may drop the signed response-content-type: make it pass the query string and the header through",
    };
  }
  if (expected.disposition !== "inline") return undefined;
  if (isDisplayedType(typeEssence(served))) return undefined;
  return {
    rule: "probe-content-type",
    message: `${
      subject(expected)
    } is inline but served ${shown}, which browsers download rather than display`,
    hint:
      "store the object with its real Content-Type, or set response.content-type",
  };
}

function dispositionMismatch(
  expected: ProbeExpectation,
  answer: ProbeAnswer,
  wanted: ParsedDisposition,
  served: ParsedDisposition | undefined,
): ProbeMismatch | undefined {
  // No header: browsers show what they can show.
  const type = served?.type ?? "inline";
  if (type === wanted.type) return undefined;
  const how = type === "attachment"
    ? "downloads (Content-Disposition: attachment)"
    : served === undefined
    ? "is served without Content-Disposition, so it opens in the browser"
    : `is served with Content-Disposition "${served.type}"`;
  return {
    rule: "probe-disposition",
    option: "disposition",
    message: `${subject(expected)} ${how}, not ${
      wanted.type === "inline" ? "inline" : "as an attachment"
    } as declared${
      answer.forcedDownload
        ? ": OSS forced the download (x-oss-force-download: true)"
        : ""
    }`,
    hint: answer.forcedDownload
      ? "OSS forces images and web pages to download on its default domain: bind a custom domain to the bucket and set bucket.domain"
      : "a proxy or CDN in front of the bucket may drop the signed response-content-disposition, or serve a cached answer of another link: make it pass the query string through and key its cache on it",
  };
}

function filenameMismatch(
  expected: ProbeExpectation,
  wanted: ParsedDisposition,
  served: ParsedDisposition | undefined,
): ProbeMismatch | undefined {
  if (wanted.filename === undefined) return undefined;
  const name = served?.filename;
  if (name === wanted.filename) return undefined;
  return {
    rule: "probe-filename",
    option: "filename",
    message: `${subject(expected)} ${
      name === undefined
        ? "names no file (the browser takes the URL's last segment)"
        : `names the file "${name}"`
    }, not "${wanted.filename}" as declared`,
    hint:
      "a proxy or CDN in front of the bucket may drop the signed response-content-disposition, or serve a cached answer of another link: make it pass the query string through and key its cache on it",
  };
}

/**
 * Compares a link's answer with what it was signed to answer. An answer
 * other than 200 (or 206 to a ranged GET) is one `probe-status` mismatch,
 * and its headers are not read further.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareProbe } from "./probe_compare.ts";
 *
 * const mismatches = compareProbe(
 *   {
 *     id: "a.txt",
 *     key: "a.txt",
 *     method: "GET",
 *     disposition: "attachment",
 *     contentDisposition: "attachment; filename=\"a.txt\"; filename*=UTF-8''a.txt",
 *   },
 *   {
 *     status: 206,
 *     contentType: "text/plain",
 *     contentDisposition: "attachment; filename=\"b.txt\"",
 *     forcedDownload: false,
 *   },
 * );
 * assert.deepEqual(mismatches.map((m) => m.rule), ["probe-filename"]);
 * ```
 *
 * @param expected What the link was signed to answer.
 * @param answer What it answered.
 * @returns The mismatches, in rule order (none when it answers as declared).
 */
export function compareProbe(
  expected: ProbeExpectation,
  answer: ProbeAnswer,
): ProbeMismatch[] {
  if (answer.status !== 200 && answer.status !== 206) {
    return [statusMismatch(expected, answer)];
  }
  const wanted = parseContentDisposition(expected.contentDisposition);
  const served = answer.contentDisposition === null
    ? undefined
    : parseContentDisposition(answer.contentDisposition);
  return [
    contentTypeMismatch(expected, answer),
    dispositionMismatch(expected, answer, wanted, served),
    filenameMismatch(expected, wanted, served),
  ].filter((mismatch): mismatch is ProbeMismatch => mismatch !== undefined);
}
