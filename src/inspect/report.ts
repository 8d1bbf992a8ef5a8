/**
 * The `osslinks inspect` report: one plain object built from a decoded URL
 * and its verification, printed as JSON or as aligned `Field: value` text.
 * Neither form contains the STS token or the secret.
 *
 * @module
 */
import { ADDRESSING_TEXT } from "../oss/addressing.ts";
import { formatDuration } from "../manifest/duration.ts";
import type {
  DecodedSignedUrl,
  InspectFinding,
  ParamKind,
  Verification,
} from "./types.ts";
import { escapeUnprintable } from "../text/unprintable.ts";

/** The inspect report, ready for `JSON.stringify`; absent values are `null`. */
export interface InspectReport {
  /** No error finding, and the verification (if any) passed. */
  readonly ok: boolean;
  /** One line: what will happen to the URL. */
  readonly verdict: string;
  /** Where the URL points. */
  readonly url: {
    readonly scheme: string;
    readonly host: string;
    readonly path: string;
    readonly addressing: string;
    readonly hostRegion: string | null;
  };
  /** The bucket and where its name came from. */
  readonly bucket: {
    readonly name: string | null;
    readonly source: string | null;
    readonly region: string | null;
  };
  /** The object key, decoded once. */
  readonly key: string;
  /** The signature. */
  readonly signature: {
    readonly version: string;
    readonly accessKeyId: string | null;
    readonly value: string | null;
    readonly securityToken: {
      readonly present: boolean;
      readonly length: number;
    };
  };
  /** The V4 scope, or `null`. */
  readonly v4: {
    readonly scope: string | null;
    readonly date: string | null;
    readonly region: string | null;
    readonly product: string | null;
    readonly dateTime: string | null;
    readonly expiresSeconds: number | null;
    readonly additionalHeaders: readonly string[];
  } | null;
  /** Signing and expiry times. */
  readonly time: {
    readonly now: string;
    readonly signedAt: string | null;
    readonly expiresAt: string | null;
    readonly lifetimeSeconds: number | null;
    readonly secondsLeft: number | null;
    readonly expired: boolean;
  };
  /** The other query parameters. */
  readonly parameters: readonly {
    readonly name: string;
    readonly value: string;
    readonly kind: ParamKind;
    readonly signed: boolean;
    readonly duplicate: boolean;
  }[];
  /** What looks wrong, errors first. */
  readonly findings: readonly {
    readonly code: string;
    readonly severity: string;
    readonly message: string;
    readonly hint: string | null;
  }[];
  /** The verification. */
  readonly verification: {
    readonly status: string;
    readonly reason: string | null;
    readonly method: string;
    readonly error: {
      readonly status: number;
      readonly code: string;
      readonly message: string;
      readonly ec: string | null;
      readonly details: readonly {
        readonly name: string;
        readonly value: string;
      }[];
    } | null;
    readonly signatureMatches: boolean | null;
    readonly stringToSign: string | null;
    readonly canonicalRequest: string | null;
    readonly causes: readonly string[];
    readonly rankedCauses: readonly {
      readonly code: string;
      readonly summary: string;
      readonly evidence: readonly {
        readonly strength: string;
        readonly text: string;
      }[];
    }[];
    readonly ruledOut: readonly string[];
    readonly notes: readonly string[];
  };
}

function iso(date: Date | undefined): string | null {
  return date === undefined ? null : date.toISOString();
}

function verdict(
  decoded: DecodedSignedUrl,
  verification: Verification,
  errors: readonly InspectFinding[],
): string {
  const { error } = verification;
  if (verification.status === "expired") {
    return `Expired: the signature matches, but the URL expired at ${
      iso(decoded.expiresAt)
    }`;
  }
  if (verification.status === "invalid" && error !== undefined) {
    const cause = verification.causes[0];
    return `Invalid: OSS answers ${error.code}${
      cause === undefined ? "" : `: ${cause}`
    }`;
  }
  if (errors.length > 0) {
    return `Error: ${errors[0]!.message}${
      errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""
    }`;
  }
  const until = decoded.expiresAt === undefined
    ? ""
    : ` until ${iso(decoded.expiresAt)}`;
  return verification.status === "valid"
    ? `Valid: the signature matches; the URL works for ${verification.method}${until}`
    : `No problem found (not verified: ${verification.reason})`;
}

/**
 * Builds the inspect report.
 *
 * @example Usage
 * ```ts
 * import { presignUrl } from "@osslinks/osslinks";
 * import { decodeSignedUrl, inspectReport, verifySignedUrl } from "@osslinks/osslinks/inspect";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const credentials = { accessKeyId: "AKID", accessKeySecret: "secret" };
 * const url = presignUrl({
 *   signature: "v4", method: "GET", bucket: "examplebucket", key: "a.txt",
 *   region: "cn-hangzhou", credentials, signedAt: now, expires: 1800,
 * });
 * const decoded = decodeSignedUrl(url, { now });
 * const report = inspectReport(decoded, verifySignedUrl(decoded, credentials, { now }));
 * if (report.bucket.name !== "examplebucket" || report.verification.status !== "valid") {
 *   throw new Error(report.verdict);
 * }
 * ```
 *
 * @param decoded The decoded URL.
 * @param verification Its verification, or a `not-verified` one.
 * @returns The report.
 */
export function inspectReport(
  decoded: DecodedSignedUrl,
  verification: Verification,
): InspectReport {
  const errors = decoded.findings.filter((f) => f.severity === "error");
  const ok = errors.length === 0 &&
    verification.status !== "invalid" && verification.status !== "expired";
  const { v4 } = decoded;
  const { error } = verification;
  return {
    ok,
    verdict: verdict(decoded, verification, errors),
    url: {
      scheme: decoded.scheme,
      host: decoded.host,
      path: decoded.path,
      addressing: decoded.addressing,
      hostRegion: decoded.hostRegion ?? null,
    },
    bucket: {
      name: decoded.bucket ?? null,
      source: decoded.bucketSource ?? null,
      region: decoded.region ?? null,
    },
    key: decoded.key,
    signature: {
      version: decoded.signature,
      accessKeyId: decoded.accessKeyId ?? null,
      value: decoded.signatureValue ?? null,
      securityToken: { ...decoded.securityToken },
    },
    v4: v4 === undefined ? null : {
      scope: v4.scope ?? null,
      date: v4.date ?? null,
      region: v4.region ?? null,
      product: v4.product ?? null,
      dateTime: v4.dateTime ?? null,
      expiresSeconds: v4.expiresSeconds ?? null,
      additionalHeaders: [...v4.additionalHeaders],
    },
    time: {
      now: decoded.now.toISOString(),
      signedAt: iso(decoded.signedAt),
      expiresAt: iso(decoded.expiresAt),
      lifetimeSeconds: decoded.lifetimeSeconds ?? null,
      secondsLeft: decoded.secondsLeft ?? null,
      expired: decoded.expired,
    },
    parameters: decoded.parameters.map((param) => ({ ...param })),
    findings: decoded.findings.map((finding) => ({
      code: finding.code,
      severity: finding.severity,
      message: finding.message,
      hint: finding.hint ?? null,
    })),
    verification: {
      status: verification.status,
      reason: verification.reason ?? null,
      method: verification.method,
      error: error === undefined ? null : {
        status: error.status,
        code: error.code,
        message: error.message,
        ec: error.ec ?? null,
        details: error.details.map(([name, value]) => ({ name, value })),
      },
      signatureMatches: verification.signatureMatches ?? null,
      stringToSign: verification.stringToSign ?? null,
      canonicalRequest: verification.canonicalRequest ?? null,
      causes: [...verification.causes],
      rankedCauses: verification.rankedCauses.map((item) => ({
        code: item.code,
        summary: item.summary,
        evidence: item.evidence.map((e) => ({ ...e })),
      })),
      ruledOut: [...verification.ruledOut],
      notes: [...verification.notes],
    },
  };
}

/**
 * Formats the report as JSON: two-space indented, LF-terminated.
 *
 * @example Usage
 * ```ts
 * import { presignUrl } from "@osslinks/osslinks";
 * import {
 *   decodeSignedUrl,
 *   formatInspectJson,
 *   inspectReport,
 *   notVerified,
 * } from "@osslinks/osslinks/inspect";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const url = presignUrl({
 *   signature: "v4", method: "GET", bucket: "examplebucket", key: "a.txt",
 *   region: "cn-hangzhou", credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
 *   signedAt: now, expires: 1800,
 * });
 * const decoded = decodeSignedUrl(url, { now });
 * const json = formatInspectJson(inspectReport(decoded, notVerified(decoded, "no credentials")));
 * const parsed = JSON.parse(json);
 * if (!json.endsWith("}\n") || parsed.verification.reason !== "no credentials") {
 *   throw new Error(json);
 * }
 * ```
 *
 * @param report The report.
 * @returns The JSON text.
 */
export function formatInspectJson(report: InspectReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function fields(rows: readonly (readonly [string, string | undefined])[]) {
  const present = rows.filter((row): row is [string, string] =>
    row[1] !== undefined
  );
  const width = Math.max(...present.map(([label]) => label.length)) + 2;
  return present.map(([label, value]) =>
    `  ${`${label}:`.padEnd(width)}${escapeUnprintable(value)}`
  );
}

function timeRows(report: InspectReport): [string, string | undefined][] {
  const { time } = report;
  const left = time.secondsLeft;
  return [
    ["Signed at", time.signedAt ?? undefined],
    [
      "Expires at",
      time.expiresAt === null
        ? undefined
        : time.lifetimeSeconds === null
        ? time.expiresAt
        : `${time.expiresAt} (${
          formatDuration(time.lifetimeSeconds, { units: 2 })
        } after signing)`,
    ],
    ["Now", time.now],
    left === null
      ? ["Time left", undefined]
      : time.expired
      ? ["Expired", `${formatDuration(-left, { units: 2 })} ago`]
      : ["Time left", formatDuration(left, { units: 2 })],
  ];
}

function signatureRows(report: InspectReport): [string, string | undefined][] {
  const { signature, v4 } = report;
  const token = signature.securityToken;
  const version = {
    v1: "V1 (HMAC-SHA1)",
    v4: "V4 (OSS4-HMAC-SHA256)",
    unsigned: "none: unsigned URL",
    mixed: "both V1 and V4 parameters",
  }[signature.version];
  return [
    ["Signature", version],
    ["AccessKey ID", signature.accessKeyId ?? undefined],
    [
      "STS token",
      token.present
        ? `present, ${token.length} characters (not shown)`
        : "none",
    ],
    ["Scope", v4?.scope ?? undefined],
    [
      "Signed headers",
      v4 !== null && v4.additionalHeaders.length > 0
        ? v4.additionalHeaders.join(", ")
        : undefined,
    ],
  ];
}

function headerSection(report: InspectReport): string[] {
  const { url, bucket } = report;
  const addressing =
    ADDRESSING_TEXT[url.addressing as keyof typeof ADDRESSING_TEXT] ??
      url.addressing;
  return [
    `Verdict: ${escapeUnprintable(report.verdict)}`,
    "",
    "URL",
    ...fields([
      ["Scheme", url.scheme],
      ["Host", url.host],
      [
        "Addressing",
        url.hostRegion === null
          ? addressing
          : `${addressing}, region ${url.hostRegion}`,
      ],
      [
        "Bucket",
        bucket.name === null
          ? "unknown (pass --bucket)"
          : `${bucket.name} (from the ${
            bucket.source === "flag" ? "--bucket flag" : bucket.source
          })`,
      ],
      ["Path", url.path],
      ["Key", report.key === "" ? "(none: the bucket itself)" : report.key],
      ...signatureRows(report),
      ...timeRows(report),
    ]),
  ];
}

function parameterSection(report: InspectReport): string[] {
  if (report.parameters.length === 0) return [];
  const width = Math.max(...report.parameters.map((p) => p.name.length)) + 2;
  return [
    "",
    "Parameters",
    ...report.parameters.map((param) =>
      `  ${escapeUnprintable(param.name).padEnd(width)}${
        escapeUnprintable(param.value)
      }${param.signed ? "" : "  (not signed)"}${
        param.duplicate ? "  (duplicate: ignored)" : ""
      }`
    ),
  ];
}

function findingSection(report: InspectReport): string[] {
  if (report.findings.length === 0) return [];
  const lines = ["", "Findings"];
  for (const finding of report.findings) {
    lines.push(
      `  ${finding.severity.padEnd(8)}${
        escapeUnprintable(finding.message)
      } [${finding.code}]`,
    );
    if (finding.hint !== null) {
      lines.push(`  ${"".padEnd(8)}hint: ${escapeUnprintable(finding.hint)}`);
    }
  }
  return lines;
}

function block(title: string, text: string | null): string[] {
  if (text === null) return [];
  return [
    `  ${title}:`,
    ...text.split("\n").map((line) =>
      `    | ${escapeUnprintable(line)}`.trimEnd()
    ),
  ];
}

function list(title: string, items: readonly string[]): string[] {
  if (items.length === 0) return [];
  return [
    `  ${title}:`,
    ...items.map((item) => `    - ${escapeUnprintable(item)}`),
  ];
}

function causeList(causes: InspectReport["verification"]["rankedCauses"]) {
  if (causes.length === 0) return [];
  return [
    "  Likely causes:",
    ...causes.flatMap((item) => [
      `    - ${escapeUnprintable(item.summary)} [${item.code}]`,
      ...item.evidence.map((e) =>
        `        ${e.strength}: ${escapeUnprintable(e.text)}`
      ),
    ]),
  ];
}

function verificationSection(report: InspectReport): string[] {
  const v = report.verification;
  const result = v.status === "not-verified"
    ? `not verified: ${v.reason}`
    : v.status === "valid"
    ? `valid for ${v.method}`
    : v.status === "expired"
    ? `expired (the signature matches for ${v.method})`
    : `invalid for ${v.method}`;
  const lines = [
    "",
    "Verification",
    ...fields([
      ["Result", result],
      [
        "OSS answers",
        v.error === null
          ? undefined
          : `${v.error.status} ${v.error.code}: ${v.error.message}`,
      ],
      ["EC", v.error?.ec ?? undefined],
      [
        "Signature",
        v.signatureMatches === null
          ? undefined
          : v.signatureMatches
          ? "matches"
          : "does not match",
      ],
    ]),
    ...causeList(v.rankedCauses),
    ...list("Ruled out", v.ruledOut),
    ...list("Notes", v.notes),
  ];
  if (v.status !== "valid") {
    lines.push(
      ...block("String to sign", v.stringToSign),
      ...block("Canonical request", v.canonicalRequest),
    );
  }
  return lines;
}

/**
 * Formats the report as text: a verdict line, then aligned `Field: value`
 * lines for the URL, its parameters, findings and verification. Control
 * characters in keys and values are escaped.
 *
 * @example Usage
 * ```ts
 * import { presignUrl } from "@osslinks/osslinks";
 * import {
 *   decodeSignedUrl,
 *   formatInspectText,
 *   inspectReport,
 *   verifySignedUrl,
 * } from "@osslinks/osslinks/inspect";
 *
 * const now = new Date("2026-11-28T09:00:00Z");
 * const credentials = { accessKeyId: "AKID", accessKeySecret: "secret" };
 * const url = presignUrl({
 *   signature: "v4", method: "GET", bucket: "examplebucket", key: "a.txt",
 *   region: "cn-hangzhou", credentials, signedAt: now, expires: 1800,
 * });
 * const decoded = decodeSignedUrl(url, { now });
 * const verification = verifySignedUrl(decoded, credentials, { now });
 * const text = formatInspectText(inspectReport(decoded, verification));
 * if (!text.startsWith("Verdict: Valid:") || !/^  Key: +a\.txt$/m.test(text)) {
 *   throw new Error(text);
 * }
 * ```
 *
 * @param report The report.
 * @returns The text, LF-terminated.
 */
export function formatInspectText(report: InspectReport): string {
  return [
    ...headerSection(report),
    ...parameterSection(report),
    ...findingSection(report),
    ...verificationSection(report),
  ].join("\n") + "\n";
}
