/**
 * The osslinks command line.
 *
 * ```sh
 * deno run -A cli.ts validate links.yaml
 * ```
 *
 * @module
 */
import { denoIo } from "./src/cli/deno_io.ts";
import { main } from "./src/cli/main.ts";

export { main } from "./src/cli/main.ts";
export type { CliIo } from "./src/cli/io.ts";

if (import.meta.main) {
  Deno.exit(await main(Deno.args, denoIo()));
}
