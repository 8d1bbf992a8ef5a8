/**
 * The layering of ARCHITECTURE.md, checked on the real import graph: the
 * graph comes from `deno info --json` on the entry files, the allowed
 * folder-to-folder imports from the document's table.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);
const ENTRY_FILES = [
  "cli.ts",
  "mod.ts",
  "sign.ts",
  "check.ts",
  "inspect.ts",
  "output.ts",
  "report.ts",
  "emulator.ts",
];
/** The layer of the entry files at the repository root. */
const ENTRY = "entry files";
/** The layer of the files directly in `src/`. */
const SRC_FILES = "src/*.ts";

/** One import between two files of the repository, paths from its root. */
interface Edge {
  readonly from: string;
  readonly to: string;
}

interface ModuleInfo {
  readonly specifier: string;
  readonly dependencies?: readonly {
    readonly code?: { readonly specifier?: string };
    readonly type?: { readonly specifier?: string };
  }[];
}

/** Every import between repository files reachable from the entry files. */
async function importEdges(): Promise<Edge[]> {
  const edges = new Map<string, Edge>();
  for (const entry of ENTRY_FILES) {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", entry],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    const info = JSON.parse(new TextDecoder().decode(stdout)) as {
      modules: ModuleInfo[];
    };
    for (const module of info.modules) {
      if (!module.specifier.startsWith(ROOT.href)) continue;
      const from = module.specifier.slice(ROOT.href.length);
      for (const dependency of module.dependencies ?? []) {
        for (const target of [dependency.code, dependency.type]) {
          const to = target?.specifier;
          if (to === undefined || !to.startsWith(ROOT.href)) continue;
          const edge = { from, to: to.slice(ROOT.href.length) };
          edges.set(`${edge.from} ${edge.to}`, edge);
        }
      }
    }
  }
  return [...edges.values()];
}

/** The layer a file belongs to: its folder under `src/`, or its place. */
function layerOf(path: string): string {
  const parts = path.split("/");
  if (parts.length === 1) return ENTRY;
  if (parts[0] !== "src") throw new Error(`an entry file imports ${path}`);
  return parts.length === 2 ? SRC_FILES : parts[1]!;
}

function directoryOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/") + 1);
}

/** The "may import" table of ARCHITECTURE.md, by layer. */
function allowedImports(markdown: string): Map<string, Set<string>> {
  const rows = markdown.split("\n").filter((line) => line.startsWith("|"))
    .map((line) => line.slice(1, -1).split("|").map((cell) => cell.trim()));
  assert.deepEqual(rows[0], ["folder", "holds", "may import"]);
  const names = (cell: string) =>
    [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
  const table = new Map<string, Set<string>>();
  for (const [folder, , mayImport] of rows.slice(2)) {
    assert.ok(folder !== undefined && mayImport !== undefined);
    const layer = folder === ENTRY ? ENTRY : names(folder)[0];
    assert.ok(layer !== undefined, `a row names no folder: ${folder}`);
    table.set(layer, new Set(names(mayImport)));
  }
  const every = table.get(ENTRY);
  assert.ok(every !== undefined, `the table has no "${ENTRY}" row`);
  for (const layer of table.keys()) if (layer !== ENTRY) every.add(layer);
  return table;
}

/** The cycles of a graph: its strongly connected parts of two or more nodes. */
function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const part: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      part.push(member);
    } while (member !== node);
    if (part.length > 1) found.push(part.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

function graphOf(
  pairs: Iterable<readonly [string, string]>,
): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [from, to] of pairs) {
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
  }
  return graph;
}

const edges = await importEdges();
const table = allowedImports(
  await Deno.readTextFile(new URL("ARCHITECTURE.md", ROOT)),
);
const crossing = edges.filter((edge) =>
  layerOf(edge.from) !== layerOf(edge.to)
);

Deno.test("the import graph is read: every entry file and src/oss are in it", () => {
  const files = new Set(edges.flatMap((edge) => [edge.from, edge.to]));
  for (const entry of ENTRY_FILES) assert.ok(files.has(entry), entry);
  assert.ok(files.has("src/oss/auth.ts"));
  assert.ok(crossing.length > 100, `only ${crossing.length} imports`);
});

Deno.test("ARCHITECTURE.md's table names every layer and allows no cycle", () => {
  const layers = new Set(
    edges.flatMap((edge) => [edge.from, edge.to]).map(
      layerOf,
    ),
  );
  assert.deepEqual(
    [...layers].filter((layer) => !table.has(layer)),
    [],
    "layers missing from the table",
  );
  for (const [layer, allowed] of table) {
    for (const target of allowed) {
      assert.ok(table.has(target), `${layer} may import unknown ${target}`);
    }
  }
  assert.deepEqual(cycles(table), []);
});

Deno.test("every import between folders is one ARCHITECTURE.md allows", () => {
  const denied = crossing.filter((edge) =>
    !table.get(layerOf(edge.from))?.has(layerOf(edge.to))
  ).map((edge) => `${edge.from} -> ${edge.to}`);
  assert.deepEqual(denied, []);
});

Deno.test("folders import each other in no cycle", () => {
  assert.deepEqual(
    cycles(graphOf(crossing.map((edge) => [
      layerOf(edge.from),
      layerOf(edge.to),
    ]))),
    [],
  );
});

Deno.test("files import each other in no cycle", () => {
  assert.deepEqual(
    cycles(graphOf(edges.map((edge) => [edge.from, edge.to]))),
    [],
  );
});

Deno.test("a file named _* is imported only from its own directory", () => {
  const leaks = edges.filter((edge) =>
    edge.to.split("/").at(-1)!.startsWith("_") &&
    directoryOf(edge.from) !== directoryOf(edge.to)
  ).map((edge) => `${edge.from} -> ${edge.to}`);
  assert.deepEqual(leaks, []);
});

Deno.test("only the emulator command and the ./emulator export import src/emulator", () => {
  const importers = new Set(
    crossing.filter((edge) => layerOf(edge.to) === "emulator").map((edge) =>
      edge.from
    ),
  );
  const allowed = (path: string) =>
    path === "emulator.ts" || path === "src/cli/commands/emulator.ts" ||
    /^src\/cli\/emulator_[a-z_]+\.ts$/.test(path);
  assert.deepEqual([...importers].filter((path) => !allowed(path)), []);
  assert.ok(importers.has("src/cli/commands/emulator.ts"));
});

Deno.test("the checks catch what they are for", () => {
  assert.deepEqual(
    cycles(graphOf([["a", "b"], ["b", "c"], ["c", "a"], ["c", "d"]])),
    [["a", "b", "c"]],
  );
  const sample = allowedImports(
    [
      "| folder | holds | may import |",
      "| --- | --- | --- |",
      "| `low` | x | |",
      "| `high` | y | `low` |",
      "| entry files | z | every folder |",
    ].join("\n"),
  );
  assert.deepEqual([...sample.get("high")!], ["low"]);
  assert.deepEqual([...sample.get("low")!], []);
  assert.deepEqual([...sample.get(ENTRY)!].sort(), ["high", "low"]);
  assert.equal(layerOf("src/oss/v4.ts"), "oss");
  assert.equal(layerOf("src/check/rules/_cors.ts"), "check");
  assert.equal(layerOf("src/diagnostic.ts"), SRC_FILES);
  assert.equal(layerOf("mod.ts"), ENTRY);
});
