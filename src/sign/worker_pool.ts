/**
 * Signing on every core: batches of link entries go to Web Workers
 * (src/sign/sign_worker.ts), which plan, sign and format them; when every
 * worker already has its fill (or there is none), the main thread signs the
 * batch itself, so that `count` workers and the main thread keep
 * `count + 1` cores busy. The
 * texts come back in batch order, as UTF-8 (never decoded here: the main
 * thread only moves bytes), so the output is byte for byte the one
 * thread's; for HTML, whose rows need the links themselves, the links are
 * read back from a worker's NDJSON. At most two batches per worker are in
 * flight, and a few more signed ones wait: a slow writer holds the reader
 * back, and memory stays flat.
 *
 * @module
 */
import type { SignedLink } from "../link.ts";
import type { LinkEntry } from "./manifest_links.ts";
import {
  batchLinksMaker,
  type BatchSignOptions,
  batchTextMaker,
  type BatchTextOptions,
} from "./batch_text.ts";
import type { WorkerBatch, WorkerInit, WorkerResult } from "./sign_worker.ts";

const WORKER_URL = new URL("./sign_worker.ts", import.meta.url);

/** Batches a worker holds at most: the one it signs and the next. */
const PER_WORKER = 2;

/**
 * Whether workers can start here: the worker's module must be readable
 * (`--allow-read` covering it, for a local file). Without that, signing
 * stays on one thread.
 *
 * @returns `true` when a worker may be started.
 */
export function workersAllowed(): boolean {
  if (WORKER_URL.protocol !== "file:") return true;
  const { state } = Deno.permissions.querySync({
    name: "read",
    path: WORKER_URL,
  });
  return state === "granted";
}

/** The fewest entries a batch to sign holds, but for the last. */
const GATHER = 1024;

/**
 * Gathers small batches (entries written one by one in a manifest, short
 * list chunks) into batches of at least `least` entries, in order, so that a
 * batch is worth a message to a worker; a batch that large passes as it is.
 *
 * @param batches The entries, in batches of any size.
 * @param least The fewest entries a batch holds, but for the last.
 * @returns The same entries, in order, in batches of at least `least`.
 */
export async function* gatherBatches<T>(
  batches: AsyncIterable<readonly T[]>,
  least: number,
): AsyncGenerator<readonly T[]> {
  let gathered: T[] = [];
  for await (const batch of batches) {
    if (gathered.length === 0 && batch.length >= least) {
      yield batch;
      continue;
    }
    for (const item of batch) gathered.push(item);
    if (gathered.length >= least) {
      yield gathered;
      gathered = [];
    }
  }
  if (gathered.length > 0) yield gathered;
}

/** A batch sent to a worker, waiting for its text. */
interface Pending {
  readonly resolve: (pieces: Uint8Array[]) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Signs entry batches (gathered into batches of at least 1,024 entries) in
 * `count` workers, and on the main thread when they are all busy, and
 * yields each batch's text in order, as UTF-8 pieces.
 *
 * @param batches The entries, in batches.
 * @param options What every batch is signed and written with.
 * @param count How many workers (0: the main thread signs every batch).
 * @returns The batches' texts in UTF-8, in order.
 * @throws {Error} When a worker fails.
 */
export async function* signBatchTexts(
  batches: AsyncIterable<readonly LinkEntry[]>,
  options: BatchTextOptions,
  count: number,
): AsyncGenerator<Uint8Array> {
  const texts = signInWorkers(batches, options, count, {
    fromWorker: (pieces) => pieces,
    onMainThread: () => batchTextMaker(options),
  });
  for await (const pieces of texts) yield* pieces;
}

/**
 * Signs entry batches as {@linkcode signBatchTexts} does, and yields each
 * batch's links, in order: for HTML, whose rows and summary need the links
 * themselves. A worker's batch comes back as NDJSON in transferred pieces,
 * read back here. Structured clones of the links, one message a batch, were
 * 22% faster but took more memory: a million links into HTML pages peaked
 * at 385 MB against 342 MB (`/usr/bin/time`, one run each).
 *
 * @param batches The entries, in batches.
 * @param options What every batch is signed with.
 * @param count How many workers (0: the main thread signs every batch).
 * @returns The signed links, a batch at a time, in order.
 * @throws {Error} When a worker fails.
 */
export function signBatchLinks(
  batches: AsyncIterable<readonly LinkEntry[]>,
  options: BatchSignOptions,
  count: number,
): AsyncGenerator<SignedLink[]> {
  return signInWorkers(
    batches,
    { ...options, format: "ndjson", csv: {} },
    count,
    {
      fromWorker: linksOfNdjson,
      onMainThread: () => batchLinksMaker(options),
    },
  );
}

const decoder = new TextDecoder();

/** The links of NDJSON pieces that each end at a line end. */
function linksOfNdjson(pieces: readonly Uint8Array[]): SignedLink[] {
  const links: SignedLink[] = [];
  for (const piece of pieces) {
    const text = decoder.decode(piece);
    let at = 0;
    let end = text.indexOf("\n");
    while (end >= 0) {
      links.push(JSON.parse(text.slice(at, end)));
      at = end + 1;
      end = text.indexOf("\n", at);
    }
  }
  return links;
}

/**
 * The pool itself: each batch goes to the worker with the fewest in hand,
 * or to the main thread when every worker has its fill, and the answers come
 * back in batch order.
 */
async function* signInWorkers<Answer>(
  batches: AsyncIterable<readonly LinkEntry[]>,
  options: BatchTextOptions,
  count: number,
  answer: {
    /** A worker's text of a batch, as the caller wants it. */
    readonly fromWorker: (pieces: Uint8Array[]) => Answer;
    /** The main thread's signer, made when first needed. */
    readonly onMainThread: () => (entries: readonly LinkEntry[]) => Answer;
  },
): AsyncGenerator<Answer> {
  const workers = Array.from(
    { length: count },
    () => new Worker(WORKER_URL, { type: "module" }),
  );
  // Each worker answers its batches in the order it got them.
  const waiting = workers.map(() => [] as Pending[]);
  let failure: Error | undefined;
  workers.forEach((worker, i) => {
    worker.onmessage = (event: MessageEvent<WorkerResult>) => {
      waiting[i]!.shift()?.resolve(event.data.pieces);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      failure = new Error(`Cannot sign in a worker: ${event.message}`);
      for (const queue of waiting) {
        for (const pending of queue.splice(0)) pending.reject(failure);
      }
    };
    worker.postMessage({ kind: "init", ...options } satisfies WorkerInit);
  });
  let onMainThread: ReturnType<typeof answer.onMainThread> | undefined;
  const inFlight: Promise<Answer>[] = [];
  try {
    for await (const entries of gatherBatches(batches, GATHER)) {
      if (failure !== undefined) throw failure;
      let least = 0;
      for (let i = 1; i < workers.length; i++) {
        if (waiting[i]!.length < waiting[least]!.length) least = i;
      }
      if (least < workers.length && waiting[least]!.length < PER_WORKER) {
        inFlight.push(
          new Promise<Uint8Array[]>((resolve, reject) => {
            waiting[least]!.push({ resolve, reject });
            workers[least]!.postMessage(
              { kind: "batch", entries } satisfies WorkerBatch,
            );
          }).then(answer.fromWorker),
        );
      } else {
        onMainThread ??= answer.onMainThread();
        inFlight.push(Promise.resolve(onMainThread(entries)));
      }
      while (inFlight.length > PER_WORKER * workers.length + 1) {
        yield await inFlight.shift()!;
      }
    }
    while (inFlight.length > 0) yield await inFlight.shift()!;
  } finally {
    for (const worker of workers) worker.terminate();
    // A batch still in flight when the reader stopped has nobody to tell.
    for (const pending of inFlight) pending.catch(() => {});
  }
}
