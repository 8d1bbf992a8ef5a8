/**
 * A child process for the interrupt tests: opens `Deno.args[0]` with
 * `openAtomicFile`, writes part of it, prints "writing" and waits to be
 * signalled. With `Deno.args[1] === "commit"` it commits first and prints
 * "committed"; with `"folder"` it opens `Deno.args[0]` with
 * `openAtomicFolder` instead and writes one file into it. It exits by itself after 30 s, so that no test can hang on it.
 *
 * @module
 */
import { openAtomicFile } from "../src/io/atomic_write.ts";
import { openAtomicFolder } from "../src/io/atomic_folder.ts";

if (Deno.args[1] === "folder") {
  const folder = await openAtomicFolder(Deno.args[0]!, { owns: () => true });
  await folder.writeFile("page-0001.html", "partial output\n");
  console.log("writing");
} else {
  const file = await openAtomicFile(Deno.args[0]!);
  await file.write("partial output\n");
  if (Deno.args[1] === "commit") {
    await file.commit();
    console.log("committed");
  } else {
    console.log("writing");
  }
}
await new Promise((resolve) => setTimeout(resolve, 30_000));
console.log("not signalled");
