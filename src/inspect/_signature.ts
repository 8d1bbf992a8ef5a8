/**
 * The signature parameters of a V1 or V4 URL, read as the verifier reads
 * them, with what is missing or malformed.
 *
 * @module
 */
import { formatDuration } from "../manifest/duration.ts";
import {
  parseCredential,
  parseDateTime,
  V4_MAX_EXPIRES,
} from "../oss/auth_v4.ts";
import { OssError } from "../oss/errors.ts";
import { V4_ALGORITHM, v4Scope } from "../oss/v4.ts";
import type { DecodedV4, InspectFinding } from "./types.ts";

/** What the signature parameters say. */
export interface SignatureFields {
  /** The AccessKey ID. */
  readonly accessKeyId: string | undefined;
  /** The signature, decoded. */
  readonly signatureValue: string | undefined;
  /** The STS token, decoded; never printed. */
  readonly token: string | undefined;
  /** The signing time (V4). */
  readonly signedAt: Date | undefined;
  /** The expiry. */
  readonly expiresAt: Date | undefined;
  /** The V4 scope and parameters. */
  readonly v4: DecodedV4 | undefined;
  /** What is missing or malformed. */
  readonly findings: readonly InspectFinding[];
}

const CUT_HINT =
  "Copy the whole URL and quote it in the shell: an unquoted & ends the command and drops the rest";

function missing(version: string, names: readonly string[]): InspectFinding {
  return {
    code: "missing-param",
    severity: "error",
    message: `The ${version} signature needs ${
      names.map((name) => `"${name}"`).join(", ")
    }: missing or empty`,
    hint: CUT_HINT,
  };
}

function malformed(message: string, hint?: string): InspectFinding {
  return { code: "malformed-param", severity: "error", message, hint };
}

function absent(
  query: Readonly<Record<string, string>>,
  names: readonly string[],
): string[] {
  return names.filter((name) => !query[name]);
}

/**
 * Reads the V1 parameters: `OSSAccessKeyId`, `Expires` (absolute Unix
 * seconds), `Signature` (base64 of 20 bytes), `security-token`.
 *
 * @param query The decoded query, first occurrences.
 * @returns The fields and findings.
 */
export function decodeV1(
  query: Readonly<Record<string, string>>,
): SignatureFields {
  const findings: InspectFinding[] = [];
  const lacking = absent(query, ["OSSAccessKeyId", "Expires", "Signature"]);
  if (lacking.length > 0) findings.push(missing("V1", lacking));
  const expires = query["Expires"];
  let expiresAt: Date | undefined;
  if (expires !== undefined && expires !== "") {
    if (/^\d{1,15}$/.test(expires)) {
      const time = new Date(Number(expires) * 1000);
      if (Number.isNaN(time.getTime())) {
        findings.push({
          code: "expires-out-of-range",
          severity: "warning",
          message:
            `"Expires" is "${expires}": later than any time this tool can show (year 275760)`,
          hint:
            "A V1 Expires is an absolute Unix time in seconds, not milliseconds",
        });
      } else {
        expiresAt = time;
      }
    } else {
      findings.push(malformed(
        `"Expires" is "${expires}": expected a Unix time in whole seconds`,
        "V1 Expires is an absolute time (seconds since 1970), not a duration",
      ));
    }
  }
  const signature = query["Signature"];
  if (
    signature !== undefined && signature !== "" && !signature.includes(" ") &&
    !/^[A-Za-z0-9+/]{27}=$/.test(signature)
  ) {
    findings.push({
      code: "signature-malformed",
      severity: "error",
      message:
        `The Signature has ${signature.length} characters: a V1 signature is 28 base64 characters ending with "="`,
      hint: "The signature was cut or altered after signing",
    });
  }
  const token = query["security-token"];
  return {
    accessKeyId: query["OSSAccessKeyId"] || undefined,
    signatureValue: signature || undefined,
    token,
    signedAt: undefined,
    expiresAt,
    v4: undefined,
    findings: [...findings, ...emptyToken("security-token", token)],
  };
}

function emptyToken(name: string, token: string | undefined): InspectFinding[] {
  if (token !== "") return [];
  return [{
    code: "token-empty",
    severity: "error",
    message: `"${name}" is empty: OSS rejects it (InvalidSecurityToken)`,
    hint: "Sign with the STS token, or drop the parameter for permanent keys",
  }];
}

interface Credential {
  readonly accessKeyId: string | undefined;
  readonly date: string | undefined;
  readonly region: string | undefined;
  readonly product: string | undefined;
}

function credentialOf(
  value: string | undefined,
  findings: InspectFinding[],
): Credential {
  if (!value) {
    return {
      accessKeyId: undefined,
      date: undefined,
      region: undefined,
      product: undefined,
    };
  }
  try {
    const parsed = parseCredential(value, "x-oss-credential", "0002-00000224");
    return {
      accessKeyId: parsed.accessKeyId,
      date: parsed.date8,
      region: parsed.region,
      product: parsed.product,
    };
  } catch (error) {
    if (!(error instanceof OssError)) throw error;
    findings.push(malformed(
      `"x-oss-credential" is "${value}": expected <AccessKeyId>/<yyyymmdd>/<region>/oss/aliyun_v4_request`,
      "The credential was cut or edited after signing",
    ));
    return {
      accessKeyId: value.split("/")[0] || undefined,
      date: undefined,
      region: undefined,
      product: undefined,
    };
  }
}

function expiresOf(
  value: string | undefined,
  findings: InspectFinding[],
): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d{1,15}$/.test(value)) {
    findings.push(malformed(
      `"x-oss-expires" is "${value}": expected whole seconds after x-oss-date`,
    ));
    return undefined;
  }
  const seconds = Number(value);
  if (seconds < 1 || seconds > V4_MAX_EXPIRES) {
    findings.push({
      code: "expires-too-long",
      severity: "error",
      message: `"x-oss-expires" is ${seconds} (${
        formatDuration(seconds)
      }): V4 URLs live from 1s to ${
        formatDuration(V4_MAX_EXPIRES)
      } (${V4_MAX_EXPIRES} seconds)`,
      hint:
        "OSS rejects it with EC 0002-00000232; sign again with a shorter expiry",
    });
  }
  return seconds;
}

function additionalOf(
  value: string | undefined,
  findings: InspectFinding[],
): string[] {
  if (value === undefined) return [];
  const names = value.split(";");
  if (names.some((name) => name === "")) {
    findings.push(malformed(
      `"x-oss-additional-headers" is "${value}": an empty header name (a leading, doubled or trailing ";")`,
      "OSS rejects it with EC 0002-00000210",
    ));
  }
  return names.filter((name) => name !== "");
}

function scopeFindings(
  credential: Credential,
  dateTime: string | undefined,
): InspectFinding[] {
  const findings: InspectFinding[] = [];
  if (
    credential.date !== undefined && dateTime !== undefined &&
    credential.date !== dateTime.slice(0, 8)
  ) {
    findings.push({
      code: "scope-date-mismatch",
      severity: "error",
      message:
        `The scope date ${credential.date} is not the date of x-oss-date ${dateTime}`,
      hint: "Both come from the one signing time; one of them was edited",
    });
  }
  if (credential.region?.startsWith("oss-")) {
    findings.push({
      code: "scope-region-prefix",
      severity: "error",
      message:
        `The scope region "${credential.region}" has the "oss-" prefix: V4 uses "${
          credential.region.slice(4)
        }"`,
      hint:
        "OSS rejects it with EC 0002-00000226; sign with the region id without oss- (ali-oss strips it itself)",
    });
  }
  if (credential.product !== undefined && credential.product !== "oss") {
    findings.push({
      code: "product-unsupported",
      severity: "warning",
      message:
        `The scope product is "${credential.product}": osslinks checks "oss" scopes only (CloudBox uses "oss-cloudbox")`,
    });
  }
  return findings;
}

/**
 * Reads the V4 parameters: `x-oss-signature-version`, `x-oss-credential`
 * (AccessKey and scope), `x-oss-date`, `x-oss-expires` (seconds after
 * `x-oss-date`), `x-oss-additional-headers`, `x-oss-security-token`,
 * `x-oss-signature` (64 lower-case hex digits).
 *
 * @param query The decoded query, first occurrences.
 * @returns The fields and findings.
 */
export function decodeV4(
  query: Readonly<Record<string, string>>,
): SignatureFields {
  const findings: InspectFinding[] = [];
  const lacking = absent(query, [
    "x-oss-signature-version",
    "x-oss-credential",
    "x-oss-date",
    "x-oss-expires",
    "x-oss-signature",
  ]);
  if (lacking.length > 0) findings.push(missing("V4", lacking));
  const version = query["x-oss-signature-version"];
  if (version && version !== V4_ALGORITHM) {
    findings.push(malformed(
      `"x-oss-signature-version" is "${version}": expected "${V4_ALGORITHM}"`,
    ));
  }
  const credential = credentialOf(query["x-oss-credential"], findings);
  const dateTime = query["x-oss-date"] || undefined;
  const signedAt = parseDateTime(dateTime);
  if (dateTime !== undefined && signedAt === undefined) {
    findings.push(malformed(
      `"x-oss-date" is "${dateTime}": expected yyyymmddTHHMMSSZ (UTC)`,
    ));
  }
  const expiresSeconds = expiresOf(query["x-oss-expires"], findings);
  const signature = query["x-oss-signature"];
  if (signature && !/^[0-9a-f]{64}$/.test(signature)) {
    findings.push({
      code: "signature-malformed",
      severity: "error",
      message: /^[0-9a-fA-F]{64}$/.test(signature)
        ? "The x-oss-signature has upper-case hex digits: OSS signs in lower case"
        : `The x-oss-signature has ${signature.length} characters: a V4 signature is 64 lower-case hex digits`,
      hint: "The signature was cut or altered after signing",
    });
  }
  findings.push(...scopeFindings(credential, dateTime));
  const token = query["x-oss-security-token"];
  findings.push(...emptyToken("x-oss-security-token", token));
  const scope =
    credential.date !== undefined && credential.region !== undefined &&
      credential.product !== undefined
      ? v4Scope(credential.date, credential.region, credential.product)
      : undefined;
  return {
    accessKeyId: credential.accessKeyId,
    signatureValue: signature || undefined,
    token,
    signedAt,
    expiresAt: signedAt !== undefined && expiresSeconds !== undefined
      ? new Date(signedAt.getTime() + expiresSeconds * 1000)
      : undefined,
    v4: {
      date: credential.date,
      region: credential.region,
      product: credential.product,
      scope,
      dateTime,
      expiresSeconds,
      additionalHeaders: additionalOf(
        query["x-oss-additional-headers"],
        findings,
      ),
    },
    findings,
  };
}
