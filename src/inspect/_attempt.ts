/**
 * One run of the OSS signature verifier on a URL, for one bucket and one
 * AccessKey built from the caller's credentials.
 *
 * @module
 */
import { authenticateTarget } from "../oss/auth.ts";
import type { KeyIndex } from "../oss/credentials.ts";
import { OssError } from "../oss/errors.ts";
import type { ParsedRequest, SignedTarget } from "../oss/request.ts";
import type { Credentials } from "../sign/presign.ts";
import type { DecodedSignedUrl } from "./types.ts";

/** One run of the verifier. */
export interface AttemptInput {
  /** The HTTP method. */
  readonly method: string;
  /** The decoded query, first occurrences. */
  readonly query: Readonly<Record<string, string>>;
  /** The object key. */
  readonly key: string;
  /** The request headers, names lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The time to verify at. */
  readonly now: Date;
  /** The region the host names, checked against the scope. */
  readonly hostRegion: string | undefined;
  /** The bucket's region, checked against the scope. */
  readonly bucketRegion: string;
  /** The STS token the key requires, if any. */
  readonly token: string | undefined;
  /** When that token expires, if known. */
  readonly tokenExpiresAt: Date | undefined;
  /** The bucket, when not the decoded URL's. */
  readonly bucket?: string | undefined;
}

/**
 * Runs the OSS verifier once on a URL, with one bucket and one key.
 *
 * @param decoded The decoded URL (its bucket must be known).
 * @param credentials The credentials to verify with.
 * @param input The request and what the verifier checks it against.
 * @returns The error OSS would answer, or `undefined` when the URL passes.
 */
export function attempt(
  decoded: DecodedSignedUrl,
  credentials: Credentials,
  input: AttemptInput,
): OssError | undefined {
  const target: SignedTarget = {
    bucket: input.bucket ?? decoded.bucket ?? "",
    key: input.key,
    hostRegion: input.hostRegion,
    region: input.bucketRegion,
  };
  const request: ParsedRequest = {
    method: input.method,
    hostname: decoded.hostname,
    host: decoded.host,
    pathname: decoded.path,
    query: input.query,
    headers: input.headers,
  };
  const keys: KeyIndex = new Map([[credentials.accessKeyId, {
    credential: {
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      securityToken: input.token,
      expiration: input.tokenExpiresAt,
    },
    buckets: new Set([target.bucket]),
  }]]);
  try {
    authenticateTarget(request, target, keys, input.now);
    return undefined;
  } catch (error) {
    if (error instanceof OssError) return error;
    throw error;
  }
}
