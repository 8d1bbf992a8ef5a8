/**
 * A child process for the interrupt tests: opens `Deno.args[0]` with
 * `openAtomicFile`, writes part of it, prints "writing" and waits to be
 * signalled. With `Deno.args[1] === "commit"` it commits first and prints
 * "committed". It exits by itself after 30 s, so that no test can hang on it.
 *
 * @module
 */
import { openAtomicFile } from "../src/io/atomic_write.ts";

const file = await openAtomicFile(Deno.args[0]!);
await file.write("partial output\n");
if (Deno.args[1] === "commit") {
  await file.commit();
  console.log("committed");
} else {
  console.log("writing");
}
await new Promise((resolve) => setTimeout(resolve, 30_000));
console.log("not signalled");
