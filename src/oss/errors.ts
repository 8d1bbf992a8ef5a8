/**
 * OSS-shaped errors: the `OssError` the emulator throws while handling a
 * request, and its XML (or, for HEAD, `x-oss-err` header) response.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { xmlDocument, xmlNode, xmlText } from "./xml.ts";

/** What an OSS error carries besides its status, code and message. */
export interface OssErrorOptions {
  /** The fine-grained error code (`x-oss-ec`), for example `0002-00000069`. */
  readonly ec?: string | undefined;
  /** Extra elements of the error body, in order (`StringToSign`, `Expires`…). */
  readonly details?: readonly (readonly [string, string])[] | undefined;
  /** Extra response headers, for example `Content-Range` on a 416. */
  readonly headers?: readonly (readonly [string, string])[] | undefined;
}

/**
 * An error the emulator answers with an OSS error response. Thrown by the
 * request handlers and turned into XML by {@linkcode ossErrorResponse}.
 */
export class OssError extends Error {
  /** The HTTP status. */
  readonly status: number;
  /** The OSS error code, for example `SignatureDoesNotMatch`. */
  readonly code: string;
  /** The fine-grained error code, if OSS documents one for this case. */
  readonly ec: string | undefined;
  /** Extra elements of the error body, in order. */
  readonly details: readonly (readonly [string, string])[];
  /** Extra response headers. */
  readonly headers: readonly (readonly [string, string])[];

  /**
   * Creates an OSS error.
   *
   * @param status The HTTP status.
   * @param code The OSS error code.
   * @param message The OSS error message.
   * @param options The EC code and extra body elements.
   */
  constructor(
    status: number,
    code: string,
    message: string,
    options: OssErrorOptions = {},
  ) {
    super(message);
    this.name = "OssError";
    this.status = status;
    this.code = code;
    this.ec = options.ec;
    this.details = options.details ?? [];
    this.headers = options.headers ?? [];
  }
}

/** Where an error response is sent from. */
export interface ErrorContext {
  /** The request id, also sent as `x-oss-request-id`. */
  readonly requestId: string;
  /** The host the client addressed, the `HostId` element. */
  readonly hostId: string;
  /** The request method: HEAD errors carry no body. */
  readonly method: string;
}

/**
 * Renders the XML body of an OSS error.
 *
 * @param error The error.
 * @param context The request id and host.
 * @returns The XML document.
 */
function ossErrorXml(error: OssError, context: ErrorContext): string {
  return xmlDocument(xmlNode("Error", [
    xmlText("Code", error.code),
    xmlText("Message", error.message),
    xmlText("RequestId", context.requestId),
    xmlText("HostId", context.hostId),
    ...error.details.map(([name, value]) => xmlText(name, value)),
    error.ec === undefined ? undefined : xmlText("EC", error.ec),
    error.ec === undefined ? undefined : xmlText(
      "RecommendDoc",
      `https://api.aliyun.com/troubleshoot?q=${error.ec}`,
    ),
  ]));
}

/**
 * Builds the response for an OSS error. A HEAD response has no body; as OSS
 * does, it carries the base64 error XML in the `x-oss-err` header instead.
 *
 * @param error The error.
 * @param context The request id, host and method.
 * @returns The response.
 */
export function ossErrorResponse(
  error: OssError,
  context: ErrorContext,
): Response {
  const xml = ossErrorXml(error, context);
  const headers = new Headers({ "content-type": "application/xml" });
  for (const [name, value] of error.headers) headers.set(name, value);
  if (error.ec !== undefined) headers.set("x-oss-ec", error.ec);
  if (context.method === "HEAD") {
    headers.set("x-oss-err", Buffer.from(xml, "utf8").toString("base64"));
    return new Response(null, { status: error.status, headers });
  }
  return new Response(xml, { status: error.status, headers });
}
