/**
 * A signing worker: plans, signs and formats batches of link entries sent by
 * {@linkcode signBatchTexts}, and answers each with the batch's text as
 * UTF-8 (see `batch_text.ts`). Only the native signer runs here.
 *
 * @module
 */
import type { LinkEntry } from "./manifest_links.ts";
import { batchTextMaker, type BatchTextOptions } from "./batch_text.ts";

/** The first message: what every batch is signed and written with. */
export interface WorkerInit extends BatchTextOptions {
  readonly kind: "init";
}

/** A batch to sign. */
export interface WorkerBatch {
  readonly kind: "batch";
  readonly entries: readonly LinkEntry[];
}

/**
 * The answer to a batch: its links' text, in order, as UTF-8 pieces in
 * transferred buffers (moved, where a string would be copied and linger in
 * the receiving heap).
 */
export interface WorkerResult {
  readonly pieces: Uint8Array<ArrayBuffer>[];
}

let batchText: ReturnType<typeof batchTextMaker> | undefined;

/** The worker's global scope, as far as this module uses it. */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<WorkerInit | WorkerBatch>) => void) | null;
  postMessage(message: WorkerResult, transfer: Transferable[]): void;
};

scope.onmessage = (event) => {
  const message = event.data;
  if (message.kind === "init") {
    batchText = batchTextMaker(message);
    return;
  }
  const pieces = batchText!(message.entries);
  scope.postMessage({ pieces }, pieces.map((piece) => piece.buffer));
};
