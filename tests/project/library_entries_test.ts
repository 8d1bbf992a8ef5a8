/**
 * The library's face: every entry point in `deno.json`'s `exports` has a
 * runnable example (run here with `deno test --doc`, importing by the
 * package name) and passes `deno doc --lint`, and `mod.ts`, the common path,
 * loads neither the emulator's server nor ali-oss.
 */
import assert from "node:assert/strict";
import { realClockEnv, ROOT } from "../_subprocess.ts";

const EXPORTS: Record<string, string> = JSON.parse(
  await Deno.readTextFile(`${ROOT}deno.json`),
).exports;

/** The library's entry files (the CLI's entry is a program, not a library). */
const LIBRARY_ENTRIES = Object.entries(EXPORTS)
  .filter(([name]) => name !== "./cli")
  .map(([, file]) => file);

async function deno(args: string[]): Promise<{ code: number; out: string }> {
  const ran = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    // Type checks and doc tests read no clock: off libfaketime, where a
    // type-checking deno can crash.
    clearEnv: true,
    env: realClockEnv(),
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: ran.code,
    out: decoder.decode(ran.stdout) + decoder.decode(ran.stderr),
  };
}

Deno.test("deno.json exports the common path and the six sub-paths", () => {
  assert.deepEqual(Object.keys(EXPORTS).sort(), [
    ".",
    "./check",
    "./cli",
    "./emulator",
    "./inspect",
    "./output",
    "./report",
    "./sign",
  ]);
});

Deno.test("mod.ts loads neither the emulator's server nor ali-oss", async () => {
  const info = await deno(["info", "--json", "mod.ts"]);
  assert.equal(info.code, 0, info.out);
  const modules: string[] = JSON.parse(info.out).modules.map((
    module: { specifier: string },
  ) => module.specifier);
  const server = modules.filter((specifier) =>
    /\/src\/emulator\/(server|node_serve|handler)\.ts$/.test(specifier) ||
    /^npm:\/?ali-oss@/.test(specifier) ||
    /^node:(http|https|net)$/.test(specifier)
  );
  assert.deepEqual(server, []);
  assert.ok(
    modules.some((specifier) =>
      specifier.endsWith("/src/pipeline/validate.ts")
    ),
    "the graph is mod.ts's",
  );
});

/** The source files an entry file re-exports from. */
async function sourcesOf(entry: string): Promise<string[]> {
  return [
    ...(await Deno.readTextFile(`${ROOT}${entry}`)).matchAll(
      /from "\.\/(src\/[^"]+)"/g,
    ),
  ].map((match) => match[1]!);
}

Deno.test("every value a library entry exports has a JSDoc example, and they run", async (t) => {
  const sources = new Set<string>();
  for (const entry of LIBRARY_ENTRIES) {
    await t.step(entry, async () => {
      const doc = await deno(["doc", "--json", entry]);
      assert.equal(doc.code, 0, doc.out);
      const symbols: {
        name: string;
        declarations: {
          kind: string;
          jsDoc?: { tags?: { kind: string }[] };
        }[];
      }[] = JSON.parse(doc.out).nodes[
        `file://${ROOT}${entry.replace(/^\.\//, "")}`
      ].symbols;
      const values = symbols.filter((symbol) =>
        symbol.declarations.some((declaration) =>
          ["function", "class", "variable"].includes(declaration.kind)
        )
      );
      assert.ok(values.length > 0, `${entry} exports functions or values`);
      const withoutExample = values
        .filter((symbol) =>
          !symbol.declarations.some((declaration) =>
            declaration.jsDoc?.tags?.some((tag) => tag.kind === "example")
          )
        )
        .map((symbol) => symbol.name);
      assert.deepEqual(withoutExample, [], `${entry}: exports without example`);
      for (const source of await sourcesOf(entry)) sources.add(source);
    });
  }
  await t.step("the examples run (none is marked ignore)", async () => {
    for (const source of sources) {
      assert.doesNotMatch(
        await Deno.readTextFile(`${ROOT}${source}`),
        /```ts ignore/,
        `${source} has an example that does not run`,
      );
    }
    // -A: the examples of the live bucket API load ali-oss, which reads the
    // environment and the system; their network is the loopback emulator.
    const examples = await deno([
      "test",
      "--doc",
      "--no-check=remote",
      "-A",
      ...sources,
    ]);
    assert.equal(examples.code, 0, examples.out);
  });
});

Deno.test("every library entry point has an example that runs, and a clean deno doc --lint", async () => {
  const lint = await deno(["doc", "--lint", ...LIBRARY_ENTRIES]);
  assert.equal(lint.code, 0, lint.out);
  const examples = await deno([
    "test",
    "--doc",
    "--no-check=remote",
    "--allow-net=127.0.0.1",
    ...LIBRARY_ENTRIES,
  ]);
  assert.equal(examples.code, 0, examples.out);
  for (const file of LIBRARY_ENTRIES) {
    assert.match(
      examples.out,
      new RegExp(
        `${
          file.replace(/^\.\//, "").replace(".", "\\.")
        }#\\d+-\\d+\\.ts \\.\\.\\. .*ok`,
      ),
      `${file} has an example and it passed`,
    );
  }
});
