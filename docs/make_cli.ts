/**
 * Writes `docs/cli.md` and the README's command table from the command
 * specs (`deno task docs:cli`); `tests/cli_doc_test.ts` fails when they and
 * the specs differ.
 *
 * @module
 */
import { cliMarkdown, withCommandTable } from "../src/cli/cli_markdown.ts";
import { COMMAND_SPECS, MAIN_HELP } from "../src/cli/main.ts";

if (import.meta.main) {
  const readme = new URL("../README.md", import.meta.url);
  await Deno.writeTextFile(
    readme,
    withCommandTable(await Deno.readTextFile(readme), COMMAND_SPECS),
  );
  await Deno.writeTextFile(
    new URL("./cli.md", import.meta.url),
    cliMarkdown(MAIN_HELP, COMMAND_SPECS),
  );
}
