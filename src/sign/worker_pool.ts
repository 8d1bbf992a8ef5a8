/**
 * Signing on every core: batches of link entries go round-robin to Web
 * Workers (src/sign/sign_worker.ts), which plan, sign and format them; the
 * texts come back in batch order, so the output is byte for byte the one
 * thread's. At most two batches per worker are in flight: a slow writer
 * holds the reader back, and memory stays flat.
 *
 * @module
 */
import type { LinkEntry } from "./manifest_links.ts";
import type { WorkerInit, WorkerResult } from "./sign_worker.ts";

const WORKER_URL = new URL("./sign_worker.ts", import.meta.url);
const decoder = new TextDecoder();

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

/**
 * Signs entry batches in `count` workers and yields each batch's text in
 * order.
 *
 * @param batches The entries, in batches.
 * @param init What every batch is signed and written with.
 * @param count How many workers (at least 1).
 * @returns The batches' texts, in order.
 * @throws {Error} When a worker fails.
 */
export async function* signTextInWorkers(
  batches: AsyncIterable<readonly LinkEntry[]>,
  init: Omit<WorkerInit, "kind">,
  count: number,
): AsyncGenerator<string> {
  const workers = Array.from(
    { length: Math.max(1, count) },
    () => new Worker(WORKER_URL, { type: "module" }),
  );
  // Each worker answers its batches in the order it got them.
  const waiting = workers.map(() =>
    [] as {
      resolve: (text: string) => void;
      reject: (error: Error) => void;
    }[]
  );
  let failure: Error | undefined;
  workers.forEach((worker, i) => {
    worker.onmessage = (event: MessageEvent<WorkerResult>) => {
      waiting[i]!.shift()?.resolve(decoder.decode(event.data.bytes));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      failure = new Error(`Cannot sign in a worker: ${event.message}`);
      for (const queue of waiting) {
        for (const pending of queue.splice(0)) pending.reject(failure);
      }
    };
    worker.postMessage({ kind: "init", ...init } satisfies WorkerInit);
  });
  const inFlight: Promise<string>[] = [];
  let next = 0;
  try {
    for await (const entries of batches) {
      if (failure !== undefined) throw failure;
      const i = next++ % workers.length;
      inFlight.push(
        new Promise<string>((resolve, reject) => {
          waiting[i]!.push({ resolve, reject });
          workers[i]!.postMessage({ kind: "batch", entries });
        }),
      );
      if (inFlight.length >= 2 * workers.length) yield await inFlight.shift()!;
    }
    while (inFlight.length > 0) yield await inFlight.shift()!;
  } finally {
    for (const worker of workers) worker.terminate();
    // A batch still in flight when the reader stopped has nobody to tell.
    for (const pending of inFlight) pending.catch(() => {});
  }
}
