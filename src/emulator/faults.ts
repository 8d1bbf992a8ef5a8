/**
 * Fault injection: make the first N matching requests fail with a status,
 * wait, break the connection mid-response or send a malformed body, so that
 * clients' retry and error paths can be tested against the emulator.
 *
 * A connection reset is made by streaming the first half of the body and then
 * erroring the response stream: the server has sent the headers, then drops
 * the connection, and the client sees a body read error. A response without a
 * body (HEAD) cannot be cut this way; its headers arrive complete.
 *
 * @module
 */
import { OssError } from "../oss/errors.ts";
import { wildcardRegExp } from "../oss/wildcard.ts";

/** A fault and the requests it applies to. */
export interface FaultRule {
  /** Only requests to this bucket. Default: any bucket. */
  readonly bucket?: string | undefined;
  /**
   * Only object keys matching this pattern (`*` any run of characters, `?`
   * one character); `""` matches bucket-level requests. Default: any.
   */
  readonly key?: string | undefined;
  /** Only this operation (`GetObject`, `ListObjectsV2`, `GetBucketCors`…). */
  readonly operation?: string | undefined;
  /** Only this HTTP method. */
  readonly method?: string | undefined;
  /**
   * How many matching requests get the fault; `Infinity` for all.
   *
   * @default {1}
   */
  readonly times?: number | undefined;
  /** Wait this long before answering, in milliseconds. */
  readonly delayMs?: number | undefined;
  /** Answer with an OSS error of this HTTP status instead of the real answer. */
  readonly status?: number | undefined;
  /** The error code for `status`; a usual one for the status by default. */
  readonly code?: string | undefined;
  /** The error message for `status`. */
  readonly message?: string | undefined;
  /** Send the headers and half of the body, then break the connection. */
  readonly reset?: boolean | undefined;
  /** Send only the first half of the body (malformed XML), cleanly. */
  readonly malformed?: boolean | undefined;
}

/** A fault rule that has been injected, with its use so far. */
export interface InjectedFault {
  /** The rule. */
  readonly rule: FaultRule;
  /** How many requests it has applied to. */
  readonly hits: number;
  /** How many more requests it will apply to. */
  readonly remaining: number;
}

/** What a request is, for matching fault rules. */
export interface FaultTarget {
  /** The bucket name, `""` when the request names none. */
  readonly bucket: string;
  /** The object key, `""` for a bucket-level request. */
  readonly key: string;
  /** The operation name. */
  readonly operation: string;
  /** The HTTP method. */
  readonly method: string;
}

class Injected implements InjectedFault {
  readonly rule: FaultRule;
  readonly #keyPattern: RegExp | undefined;
  hits = 0;
  remaining: number;

  constructor(rule: FaultRule) {
    this.rule = rule;
    this.remaining = rule.times ?? 1;
    this.#keyPattern = rule.key === undefined
      ? undefined
      : wildcardRegExp(rule.key, { question: true });
  }

  matches(target: FaultTarget): boolean {
    const { rule } = this;
    return this.remaining > 0 &&
      (rule.bucket === undefined || rule.bucket === target.bucket) &&
      (rule.operation === undefined || rule.operation === target.operation) &&
      (rule.method === undefined ||
        rule.method.toUpperCase() === target.method) &&
      (this.#keyPattern === undefined || this.#keyPattern.test(target.key));
  }
}

/**
 * The fault rules of a running emulator (`EmulatorHandle.faults`), in the
 * order they were added: the first rule that matches a request and has uses
 * left applies to it.
 */
export interface EmulatorFaults {
  /**
   * Adds a fault rule.
   *
   * @param rule The fault and the requests it applies to.
   * @returns A live view of the rule's use.
   * @throws {RangeError} If `times`, `delayMs` or `status` is out of range.
   */
  add(rule: FaultRule): InjectedFault;
  /** Removes every fault rule. */
  clear(): void;
  /**
   * Lists the fault rules and their use.
   *
   * @returns The rules, in the order they were added.
   */
  list(): readonly InjectedFault[];
}

/** The emulator's fault rules, with the lookup the request handler uses. */
export class FaultInjector implements EmulatorFaults {
  #faults: Injected[] = [];

  /**
   * Adds a fault rule.
   *
   * @param rule The fault and the requests it applies to.
   * @returns A live view of the rule's use.
   * @throws {RangeError} If `times`, `delayMs` or `status` is out of range.
   */
  add(rule: FaultRule): InjectedFault {
    checkFaultRule(rule);
    const injected = new Injected(rule);
    this.#faults.push(injected);
    return injected;
  }

  /** Removes every fault rule. */
  clear(): void {
    this.#faults = [];
  }

  /**
   * Lists the fault rules and their use.
   *
   * @returns The rules, in the order they were added.
   */
  list(): readonly InjectedFault[] {
    return [...this.#faults];
  }

  /**
   * Finds the fault for a request and counts one use of it.
   *
   * @param target The request.
   * @returns The rule that applies, or `undefined`.
   */
  take(target: FaultTarget): FaultRule | undefined {
    const injected = this.#faults.find((fault) => fault.matches(target));
    if (injected === undefined) return undefined;
    injected.hits++;
    injected.remaining--;
    return injected.rule;
  }
}

/**
 * Checks the numbers of a fault rule.
 *
 * @param rule The rule.
 * @throws {RangeError} If `times`, `delayMs` or `status` is out of range.
 */
function checkFaultRule(rule: FaultRule): void {
  if (
    rule.times !== undefined &&
    !(rule.times === Infinity ||
      (Number.isInteger(rule.times) && rule.times >= 0))
  ) {
    throw new RangeError(
      `Cannot add fault: "times" must be a whole number or Infinity, got "${rule.times}"`,
    );
  }
  if (
    rule.delayMs !== undefined &&
    !(Number.isFinite(rule.delayMs) && rule.delayMs >= 0)
  ) {
    throw new RangeError(
      `Cannot add fault: "delayMs" must be a number of milliseconds, got "${rule.delayMs}"`,
    );
  }
  if (
    rule.status !== undefined &&
    !(Number.isInteger(rule.status) && rule.status >= 400 && rule.status <= 599)
  ) {
    throw new RangeError(
      `Cannot add fault: "status" must be an error status from 400 to 599, got "${rule.status}"`,
    );
  }
}

const DEFAULT_ERRORS: Readonly<Record<number, readonly [string, string]>> = {
  400: ["InvalidArgument", "Injected fault: invalid argument."],
  403: ["AccessDenied", "Injected fault: access denied."],
  404: ["NoSuchKey", "The specified key does not exist."],
  409: ["OperationAborted", "Injected fault: conflicting operation."],
  429: ["TooManyRequests", "Injected fault: too many requests."],
  500: ["InternalError", "We encountered an internal error. Please try again."],
  502: ["BadGateway", "Injected fault: bad gateway."],
  503: ["ServiceUnavailable", "Please reduce your request rate."],
  504: ["GatewayTimeout", "Injected fault: gateway timeout."],
};

/**
 * The OSS error a fault rule with a `status` answers with.
 *
 * @param rule A rule with `status` set.
 * @returns The error.
 */
export function faultError(rule: FaultRule): OssError {
  const status = rule.status ?? 500;
  const [code, message] = DEFAULT_ERRORS[status] ??
    ["InjectedFault", `Injected fault with status ${status}.`];
  return new OssError(status, rule.code ?? code, rule.message ?? message);
}

/**
 * Applies a rule's `reset` or `malformed` to a response body.
 *
 * @param response The real response.
 * @param rule The fault rule.
 * @returns The response with a cut or broken body, or the same response.
 */
export async function applyBodyFault(
  response: Response,
  rule: FaultRule,
): Promise<Response> {
  if (!rule.reset && !rule.malformed) return response;
  const body = new Uint8Array(await response.arrayBuffer());
  const half = body.subarray(0, Math.floor(body.length / 2));
  const headers = new Headers(response.headers);
  const init = { status: response.status, statusText: response.statusText };
  if (rule.malformed && !rule.reset) {
    headers.delete("content-length");
    return new Response(half, { ...init, headers });
  }
  let sent = half.length === 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) {
        controller.error(new Error("Injected fault: connection reset"));
      } else {
        sent = true;
        controller.enqueue(half);
      }
    },
  });
  return new Response(stream, { ...init, headers });
}
