/**
 * V2 (HMAC-SHA256) header verification:
 * `Authorization: OSS2 AccessKeyId:<id>[,AdditionalHeaders:<a;b>],Signature:<sig>`,
 * the default of the Alibaba Cloud Tea SDK (`@alicloud/oss-client`).
 *
 * The string to sign, as the Tea SDK's `getSignatureV2` and oss2's `AuthV2`
 * build it: `VERB\nContent-MD5\nContent-Type\nDate\n`, the `x-oss-*` and
 * additional headers (`name:value\n`, sorted by name), the additional
 * header names joined with `;` and `\n`, then the resource:
 * `/<bucket>/<key>` percent-encoded whole (`/` too), `?`, and every query
 * parameter, encoded and sorted. The Tea SDK encodes with
 * `encodeURIComponent` and writes an empty value as `name=`; oss2 leaves
 * fewer characters raw and writes a bare `name`: every combination is
 * accepted.
 *
 * @module
 */
import { hmacBase64, hmacKey } from "./crypto.ts";
import { encodeRfc3986 } from "./encode.ts";
import { byteOrder } from "./headers.ts";
import {
  checkCredential,
  checkRequestDate,
  type KeyEntry,
  type KeyIndex,
  sameSignature,
  signatureMismatch,
} from "./credentials.ts";
import { OssError } from "./errors.ts";
import type { ParsedRequest, SignedTarget } from "./request.ts";

/** The parts of an `OSS2` Authorization header. */
interface V2Authorization {
  readonly accessKeyId: string;
  readonly additionalHeaders: readonly string[];
  readonly signature: string;
}

function invalidHeader(): OssError {
  return new OssError(
    400,
    "InvalidArgument",
    "Authorization header is invalid: expected OSS2 AccessKeyId:<id>,[AdditionalHeaders:<names>,]Signature:<signature>.",
    { details: [["ArgumentName", "Authorization"]] },
  );
}

function parseAuthorization(header: string): V2Authorization {
  const fields = new Map<string, string>();
  for (const field of header.slice("OSS2 ".length).split(",")) {
    const at = field.indexOf(":");
    if (at > 0) {
      fields.set(field.slice(0, at).trim(), field.slice(at + 1).trim());
    }
  }
  const accessKeyId = fields.get("AccessKeyId") ?? "";
  const signature = fields.get("Signature") ?? "";
  if (accessKeyId === "" || signature === "") throw invalidHeader();
  const additional = fields.get("AdditionalHeaders") ?? "";
  return {
    accessKeyId,
    signature,
    additionalHeaders: additional === "" ? [] : additional.split(";"),
  };
}

/** The two ways clients percent-encode the resource. */
const ENCODERS: readonly ((text: string) => string)[] = [
  encodeURIComponent,
  encodeRfc3986,
];

/** The most empty-valued parameters whose two forms are tried one by one. */
const MAX_EMPTY_VARIANTS = 4;

/** Every canonical resource a client may have signed. */
function canonicalResources(
  target: SignedTarget,
  query: Readonly<Record<string, string>>,
): string[] {
  const resources = new Set<string>();
  for (const encode of ENCODERS) {
    const path = encode(`/${target.bucket}/${target.key}`);
    const names = Object.keys(query).map((name) => [name, encode(name)])
      .sort((a, b) => byteOrder(a[1]!, b[1]!));
    if (names.length === 0) {
      resources.add(path);
      continue;
    }
    const empty = names.flatMap(([name], at) =>
      query[name!] === "" ? [at] : []
    );
    const masks = empty.length <= MAX_EMPTY_VARIANTS
      ? Array.from({ length: 2 ** empty.length }, (_, mask) => mask)
      : [0, 2 ** empty.length - 1];
    for (const mask of masks) {
      const pairs = names.map(([name, encoded], at) => {
        const value = query[name!]!;
        const bit = empty.indexOf(at);
        if (bit !== -1 && !(mask & (1 << bit))) return encoded!;
        return `${encoded}=${encode(value)}`;
      });
      resources.add(`${path}?${pairs.join("&")}`);
    }
  }
  return [...resources];
}

function stringsToSign(
  request: ParsedRequest,
  target: SignedTarget,
  authorization: V2Authorization,
  date: string,
): string[] {
  const { headers } = request;
  const additional = new Set(
    authorization.additionalHeaders.map((name) => name.toLowerCase()),
  );
  const signed = Object.keys(headers)
    .filter((name) => name.startsWith("x-oss-") || additional.has(name))
    .sort(byteOrder);
  let canonicalHeaders = "";
  for (const name of signed) canonicalHeaders += `${name}:${headers[name]}\n`;
  const head = `${request.method}\n${headers["content-md5"] ?? ""}\n` +
    `${headers["content-type"] ?? ""}\n${date}\n${canonicalHeaders}` +
    `${authorization.additionalHeaders.join(";")}\n`;
  return canonicalResources(target, request.query).map((resource) =>
    head + resource
  );
}

/**
 * Verifies an `OSS2` Authorization header. The date is `Date` (as the Tea
 * SDK and oss2 sign it), else `x-oss-date`; it must be within 15 minutes of
 * now.
 *
 * @param request The parsed request.
 * @param target Its bucket and key.
 * @param keys The AccessKeys.
 * @param now The current time.
 * @returns The verified key.
 * @throws {OssError} With the code OSS gives for the failure.
 */
export function verifyV2Header(
  request: ParsedRequest,
  target: SignedTarget,
  keys: KeyIndex,
  now: Date,
): KeyEntry {
  const authorization = parseAuthorization(
    request.headers["authorization"] ?? "",
  );
  const date = checkRequestDate(request.headers, ["date", "x-oss-date"], now);
  const entry = checkCredential(
    keys,
    authorization.accessKeyId,
    request.headers["x-oss-security-token"],
    now,
  );
  const key = hmacKey("sha256", entry.credential.accessKeySecret);
  const candidates = stringsToSign(request, target, authorization, date);
  for (const stringToSign of candidates) {
    if (sameSignature(authorization.signature, hmacBase64(key, stringToSign))) {
      return entry;
    }
  }
  throw signatureMismatch([
    ["StringToSign", candidates[0]!],
    ["SignatureProvided", authorization.signature],
    ["OSSAccessKeyId", authorization.accessKeyId],
  ]);
}
