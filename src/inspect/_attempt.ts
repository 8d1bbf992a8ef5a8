/**
 * One run of the emulator's verifier on a URL, for one bucket and one
 * AccessKey built from the caller's credentials.
 *
 * @module
 */
import { authenticate } from "../emulator/auth.ts";
import type { KeyIndex } from "../emulator/credentials.ts";
import { OssError } from "../emulator/errors.ts";
import type { EmulatorBucket } from "../emulator/model.ts";
import {
  operationOf,
  type ParsedRequest,
  type Route,
} from "../emulator/routing.ts";
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

function bucketModel(name: string, region: string): EmulatorBucket {
  return {
    name,
    region,
    acl: "private",
    creationDate: new Date(0),
    stylesOnly: false,
    owner: "",
    credentials: [],
    objects: [],
    cors: null,
    domains: [],
    styles: [],
    referer: null,
  };
}

/**
 * Runs the emulator's verifier once on a URL, with one bucket and one key.
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
  const bucket = bucketModel(
    input.bucket ?? decoded.bucket ?? "",
    input.bucketRegion,
  );
  const request: ParsedRequest = {
    method: input.method,
    hostname: decoded.hostname,
    host: decoded.host,
    pathname: decoded.path,
    query: input.query,
    headers: input.headers,
  };
  const route: Route = {
    bucket,
    key: input.key,
    via: decoded.addressing === "path-style"
      ? "path"
      : decoded.bucketSource === "host"
      ? "default"
      : "custom",
    hostRegion: input.hostRegion,
    operation: operationOf(input.method, input.key, input.query),
  };
  const keys: KeyIndex = new Map([[credentials.accessKeyId, {
    credential: {
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      securityToken: input.token,
      expiration: input.tokenExpiresAt,
    },
    buckets: new Set([bucket.name]),
  }]]);
  try {
    authenticate(request, route, keys, input.now);
    return undefined;
  } catch (error) {
    if (error instanceof OssError) return error;
    throw error;
  }
}
