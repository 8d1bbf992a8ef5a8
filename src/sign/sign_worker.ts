/**
 * A signing worker: plans, signs and formats batches of link entries sent by
 * {@linkcode signTextInWorkers}, and answers each with the batch's text.
 * Only the native signer runs here.
 *
 * @module
 */
import type { CsvOptions } from "../output/csv.ts";
import { linkTextMaker, type StreamFormat } from "../output/link_text.ts";
import type { BucketConfig } from "../manifest/types.ts";
import type { LinkEntry } from "./manifest_links.ts";
import { planOne } from "./plan.ts";
import type { Credentials } from "./presign.ts";
import { signingTime } from "../oss/signing_time.ts";
import { linkSigner } from "./sign_links.ts";
import type { SignedLink } from "../link.ts";

/** The first message: what every batch is signed and written with. */
export interface WorkerInit {
  readonly kind: "init";
  readonly bucket: BucketConfig;
  readonly credentials: Credentials;
  /** The signing time, in milliseconds since the epoch. */
  readonly signedAt: number;
  readonly format: StreamFormat;
  readonly csv: CsvOptions;
}

/** A batch to sign. */
export interface WorkerBatch {
  readonly kind: "batch";
  readonly entries: readonly LinkEntry[];
}

/**
 * The answer to a batch: its links' text, in order, as UTF-8 in a
 * transferred buffer (a moved buffer, where a string would be copied and
 * linger in the receiving heap).
 */
export interface WorkerResult {
  readonly bytes: Uint8Array<ArrayBuffer>;
}

const encoder = new TextEncoder();

let sign: ((entry: LinkEntry) => string) | undefined;

/** The worker's global scope, as far as this module uses it. */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<WorkerInit | WorkerBatch>) => void) | null;
  postMessage(message: WorkerResult, transfer: Transferable[]): void;
};

scope.onmessage = (event) => {
  const message = event.data;
  if (message.kind === "init") {
    const signedAt = new Date(message.signedAt);
    const now = signingTime(signedAt);
    const signer = linkSigner({
      bucket: message.bucket,
      credentials: message.credentials,
      signedAt,
    });
    const text = linkTextMaker(message.format, message.csv);
    sign = (entry) =>
      text(
        signer(
          planOne(entry.key, entry.id, entry.options, now),
        ) as SignedLink,
      );
    return;
  }
  let text = "";
  for (const entry of message.entries) text += sign!(entry);
  const bytes = encoder.encode(text);
  scope.postMessage({ bytes }, [bytes.buffer]);
};
