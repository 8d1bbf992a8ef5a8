/**
 * The emulator's request handler: route, inject faults, answer preflights,
 * authenticate, apply Referer and ACL rules, serve the operation, add CORS
 * and the common OSS headers. Every failure becomes an OSS error response.
 *
 * @module
 */
import { authenticateTarget, type Principal } from "../oss/auth.ts";
import { bucketApi } from "./bucket_api.ts";
import { corsHeaders, matchCorsRule, preflightResponse } from "../oss/cors.ts";
import type { KeyIndex } from "../oss/credentials.ts";
import { OssError, ossErrorResponse } from "../oss/errors.ts";
import {
  applyBodyFault,
  faultError,
  type FaultInjector,
  type FaultRule,
} from "./faults.ts";
import { listObjects, listObjectsV2 } from "./listing.ts";
import type { EmulatorBucket, EmulatorConfig } from "./model.ts";
import {
  abortMultipartUpload,
  completeMultipartUpload,
  initiateMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
} from "./multipart.ts";
import { serveObject } from "./object_api.ts";
import {
  appendObject,
  copyObject,
  deleteMultipleObjects,
  deleteObject,
  putObject,
  type WriteContext,
} from "./object_writes.ts";
import { bodyTooLarge, drainBody, readBody } from "./request_body.ts";
import { checkReferer } from "../oss/referer.ts";
import {
  type BucketIndex,
  indexBuckets,
  parseRequest,
  type Route,
  routeRequest,
  serviceRequest,
  targetOf,
  WRITE_OPERATIONS,
} from "./routing.ts";
import type { ParsedRequest } from "../oss/request.ts";
import { indexKeys } from "./key_index.ts";
import { listBuckets } from "./service_api.ts";
import { DEFAULT_MAX_STORED_BYTES, ObjectStore, tooLarge } from "./store.ts";

/** What the emulator remembers of each request (no URLs: they carry signatures). */
export interface EmulatorRequestRecord {
  /** The request id, also sent as `x-oss-request-id`. */
  readonly requestId: string;
  /** The HTTP method. */
  readonly method: string;
  /** The bucket, `""` when none was found. */
  readonly bucket: string;
  /** The object key, `""` for a bucket-level request. */
  readonly key: string;
  /** The operation (`ListBuckets` has bucket `""`), `""` when the request could not be routed. */
  readonly operation: string;
  /** The response status. */
  readonly status: number;
  /** The OSS error code, if the request failed. */
  readonly code?: string | undefined;
  /**
   * A CORS preflight's `Access-Control-Request-Headers`, as the browser sent
   * it (for tests that compare what browsers ask with what the checker
   * predicts).
   */
  readonly requestHeaders?: string | undefined;
}

/** What the handler needs besides the config. */
export interface HandlerOptions {
  /** The clock. */
  readonly now: () => Date;
  /** Waits for a delay fault; rejects when the signal aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The faults to apply. */
  readonly faults: FaultInjector;
  /** Aborts pending delays when the server stops. */
  readonly signal: AbortSignal;
  /** Receives a record of each request. */
  readonly record: (record: EmulatorRequestRecord) => void;
  /** Receives unexpected errors (the response is a 500 `InternalError`). */
  readonly onError?: ((error: unknown) => void) | undefined;
  /**
   * Refuses every write (405 `MethodNotAllowed` naming read-only).
   *
   * @default {false}
   */
  readonly readOnly?: boolean | undefined;
  /**
   * The most bytes writes may store at once (objects and multipart parts;
   * the config's objects do not count); past it, `EntityTooLarge`.
   *
   * @default {DEFAULT_MAX_STORED_BYTES}
   */
  readonly maxStoredBytes?: number | undefined;
}

interface State {
  readonly config: EmulatorConfig;
  readonly index: BucketIndex;
  readonly keys: KeyIndex;
  readonly store: ObjectStore;
  readonly options: HandlerOptions;
}

const ANONYMOUS_BUCKET = "Anonymous user has no right to access this bucket.";
const ANONYMOUS_OBJECT =
  "You have no right to access this object because of bucket acl.";

function requireSigned(principal: Principal, message = ANONYMOUS_BUCKET): void {
  if (principal.kind === "anonymous") {
    throw new OssError(403, "AccessDenied", message);
  }
}

/** Anonymous reads need a public bucket. */
function requireRead(
  bucket: EmulatorBucket,
  principal: Principal,
  message: string,
): void {
  if (bucket.acl === "private") requireSigned(principal, message);
}

function readOnlyError(operation: string, method: string): OssError {
  return new OssError(
    405,
    "MethodNotAllowed",
    `The emulator is read-only (--read-only, or readOnly in its options or config): it refuses ${operation}.`,
    { details: [["Method", method], ["ResourceType", "Object"]] },
  );
}

function writeContext(
  request: ParsedRequest,
  route: Route,
  principal: Principal,
  state: State,
  raw: Request,
): WriteContext {
  const { store } = state;
  return {
    request,
    route,
    store,
    now: state.options.now(),
    body: (limit) =>
      readBody(
        raw.body,
        (bytes) => bytes <= limit,
        request.headers["content-length"],
        () => bodyTooLarge(limit),
      ),
    storedBody: async (freed) => {
      let held = 0;
      try {
        return await readBody(
          raw.body,
          (bytes) => {
            if (bytes <= held) return true;
            if (!store.hold(bytes - held, freed)) return false;
            held = bytes;
            return true;
          },
          request.headers["content-length"],
          () => tooLarge(store.maxBytes, store.usedBytes),
        );
      } finally {
        store.release(held);
      }
    },
    sourceBucket: (name) => {
      const bucket = state.index.byName.get(name);
      if (bucket === undefined) {
        throw new OssError(
          404,
          "NoSuchBucket",
          "The specified bucket does not exist.",
          { ec: "0015-00000101", details: [["BucketName", name]] },
        );
      }
      if (principal.kind === "signed") {
        if (
          !bucket.credentials.some((key) =>
            key.accessKeyId === principal.accessKeyId
          )
        ) {
          throw new OssError(
            403,
            "AccessDenied",
            "The bucket you access does not belong to you.",
          );
        }
      } else requireRead(bucket, principal, ANONYMOUS_OBJECT);
      return bucket;
    },
  };
}

async function dispatch(
  request: ParsedRequest,
  route: Route,
  state: State,
  raw: Request,
): Promise<Response> {
  const { bucket, operation } = route;
  if (operation === "Options") {
    return preflightResponse(bucket.cors, request.headers);
  }
  const principal = authenticateTarget(
    request,
    targetOf(route),
    state.keys,
    state.options.now(),
  );
  if (principal.kind === "anonymous" || principal.via === "url") {
    checkReferer(bucket.referer, request.headers["referer"]);
  }
  if (WRITE_OPERATIONS.has(operation) || operation === "ListParts") {
    if (WRITE_OPERATIONS.has(operation) && state.options.readOnly) {
      throw readOnlyError(operation, request.method);
    }
    if (bucket.acl !== "public-read-write") {
      requireSigned(principal, ANONYMOUS_OBJECT);
    }
  }
  const context = () => writeContext(request, route, principal, state, raw);
  switch (operation) {
    case "GetObject":
    case "HeadObject":
    case "GetObjectMeta":
      requireRead(bucket, principal, ANONYMOUS_OBJECT);
      return serveObject(
        request,
        route,
        principal,
        state.store.objects(bucket.name),
      );
    case "ListObjects":
      requireRead(bucket, principal, ANONYMOUS_BUCKET);
      return listObjects(
        bucket,
        state.store.sorted(bucket.name),
        request.query,
      );
    case "ListObjectsV2":
      requireRead(bucket, principal, ANONYMOUS_BUCKET);
      return listObjectsV2(
        bucket,
        state.store.sorted(bucket.name),
        request.query,
      );
    case "PutObject":
      return await putObject(context());
    case "CopyObject":
      return copyObject(context());
    case "AppendObject":
      return await appendObject(context());
    case "DeleteObject":
      return deleteObject(context());
    case "DeleteMultipleObjects":
      return await deleteMultipleObjects(context());
    case "InitiateMultipartUpload":
      return initiateMultipartUpload(context());
    case "UploadPart":
      return await uploadPart(context());
    case "CompleteMultipartUpload":
      return await completeMultipartUpload(context());
    case "AbortMultipartUpload":
      return abortMultipartUpload(context());
    case "ListParts":
      return listParts(context());
    case "ListMultipartUploads":
      requireSigned(principal);
      return listMultipartUploads(context());
    case "Unsupported":
      if (["GET", "HEAD", "PUT", "POST", "DELETE"].includes(request.method)) {
        break;
      }
      throw new OssError(
        405,
        "MethodNotAllowed",
        "The specified method is not allowed against this resource.",
        { details: [["Method", request.method]] },
      );
    default:
      requireSigned(principal);
      return bucketApi(bucket, operation, request.query);
  }
  throw new OssError(
    501,
    "NotImplemented",
    "The emulator does not implement this operation.",
  );
}

/** ListBuckets: a signed request for the service (no bucket). */
function dispatchService(
  request: ParsedRequest,
  hostRegion: string | undefined,
  state: State,
): Response {
  if (request.method !== "GET") {
    throw new OssError(
      405,
      "MethodNotAllowed",
      "The specified method is not allowed against this resource.",
      { details: [["Method", request.method]] },
    );
  }
  const principal = authenticateTarget(
    request,
    { bucket: "", key: "", hostRegion, region: hostRegion },
    state.keys,
    state.options.now(),
  );
  if (principal.kind === "anonymous") {
    throw new OssError(
      403,
      "AccessDenied",
      "Anonymous access is forbidden for this operation.",
    );
  }
  return listBuckets(
    state.config.buckets,
    principal.accessKeyId,
    request.query,
  );
}

function addCors(
  response: Response,
  request: ParsedRequest,
  route: Route,
): void {
  const { cors } = route.bucket;
  if (cors === null) return;
  const origin = request.headers["origin"];
  if (origin !== undefined && route.operation !== "Options") {
    const rule = matchCorsRule(cors, {
      origin,
      method: request.method,
      headers: [],
    });
    if (rule !== undefined) {
      for (const [name, value] of corsHeaders(rule, origin)) {
        response.headers.set(name, value);
      }
    }
  }
  if (cors.responseVary) response.headers.append("vary", "Origin");
}

/**
 * Creates the request handler for a config.
 *
 * @param config The buckets to serve.
 * @param options The clock, fault injector and hooks.
 * @returns A function from request to response that never rejects.
 */
export function createHandler(
  config: EmulatorConfig,
  options: HandlerOptions,
): (request: Request) => Promise<Response> {
  const state: State = {
    config,
    index: indexBuckets(config),
    keys: indexKeys(config),
    store: new ObjectStore(
      config,
      options.maxStoredBytes ?? DEFAULT_MAX_STORED_BYTES,
    ),
    options,
  };
  let counter = 0;
  return async (raw: Request): Promise<Response> => {
    counter++;
    const requestId = `5E5A${
      counter.toString(16).toUpperCase().padStart(20, "0")
    }`;
    let request: ParsedRequest | undefined;
    let route: Route | undefined;
    let fault: FaultRule | undefined;
    let response: Response;
    let code: string | undefined;
    let operation = "";
    try {
      request = parseRequest(raw);
      const service = serviceRequest(request);
      if (service === undefined) route = routeRequest(request, state.index);
      operation = route?.operation ?? "ListBuckets";
      fault = options.faults.take({
        bucket: route?.bucket.name ?? "",
        key: route?.key ?? "",
        operation,
        method: request.method,
      });
      if (fault?.delayMs) {
        await options.sleep(
          fault.delayMs,
          AbortSignal.any([raw.signal, options.signal]),
        );
      }
      if (fault?.status !== undefined) throw faultError(fault);
      response = route === undefined
        ? dispatchService(request, service?.hostRegion, state)
        : await dispatch(request, route, state, raw);
    } catch (caught) {
      let error: OssError;
      if (caught instanceof OssError) {
        error = caught;
      } else if (raw.signal.aborted || options.signal.aborted) {
        error = new OssError(
          503,
          "ServiceUnavailable",
          "The request was cancelled.",
        );
      } else {
        options.onError?.(caught);
        error = new OssError(
          500,
          "InternalError",
          "We encountered an internal error. Please try again.",
        );
      }
      code = error.code;
      response = ossErrorResponse(error, {
        requestId,
        hostId: request?.host ?? "",
        method: raw.method.toUpperCase(),
      });
    }
    // An unread body (a refused write) is read to the end, so that the
    // connection can carry the next request.
    await drainBody(raw.body);
    if (request !== undefined && route !== undefined) {
      addCors(response, request, route);
    }
    response.headers.set("x-oss-request-id", requestId);
    response.headers.set("server", "AliyunOSS");
    options.record({
      requestId,
      method: raw.method.toUpperCase(),
      bucket: route?.bucket.name ?? "",
      key: route?.key ?? "",
      operation,
      status: response.status,
      code,
      ...(route?.operation === "Options"
        ? {
          requestHeaders: raw.headers.get("access-control-request-headers") ??
            "",
        }
        : {}),
    });
    return fault === undefined
      ? response
      : await applyBodyFault(response, fault);
  };
}
