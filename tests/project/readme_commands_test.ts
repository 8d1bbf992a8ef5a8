/**
 * The README's commands work as written: every `deno run -A cli.ts …` line of
 * its `sh` blocks runs, in order, with the `export`s before it, in a copy of
 * the repository (so `schema > links.schema.json` and `--out` files land in a
 * temporary folder). A line ending in `&` is a server: it is started, waited
 * for, and stopped at the end. Each port a server line names (`--port N`) is
 * replaced by a free one, in the lines and in the copied `examples/` files
 * that point at it. The set-up lines (`npx … task …`, `bash .ci/run`) are
 * what CI itself runs, so they are not repeated here. A `yaml` block whose
 * first line names a file of `examples/` (`# examples/…: …`) shows that file
 * exactly.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** The README's shell lines, in order, comments and set-up lines dropped. */
function readmeLines(readme: string): string[] {
  const lines: string[] = [];
  for (const [, block = ""] of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block.split("\n")) {
      const line = raw.replace(/\s+#\s.*$/, "").trim();
      if (line === "" || /^(npx |bash \.ci\/run)/.test(line)) continue;
      lines.push(line);
    }
  }
  return lines;
}

/** Copies the repository's tracked files to `dir`. */
async function copyRepo(dir: string): Promise<void> {
  const listed = await new Deno.Command("git", {
    args: ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    cwd: REPO,
  }).output();
  const files = new TextDecoder().decode(listed.stdout).split("\0")
    .filter(Boolean);
  for (const file of files) {
    await Deno.mkdir(join(dir, dirname(file)), { recursive: true });
    await Deno.copyFile(join(REPO, file), join(dir, file));
  }
}

/** Every file under `dir`, recursively. */
async function* walkFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* walkFiles(path);
    else if (entry.isFile) yield path;
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Starts a server line and resolves once it says it is listening. */
async function startServer(
  line: string,
  cwd: string,
  env: Record<string, string>,
): Promise<Deno.ChildProcess> {
  const child = new Deno.Command("sh", {
    args: ["-c", `exec ${line}`],
    cwd,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // The banner goes to stderr; a server that never prints it is killed
  // after 30 s, which ends the read loop.
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  try {
    while (!/listening on/.test(seen)) {
      const { value, done } = await reader.read();
      assert.ok(!done, `no banner from: ${line}\n${seen}`);
      seen += value;
    }
  } finally {
    clearTimeout(timer);
  }
  reader.releaseLock();
  child.stdout.cancel().catch(() => {});
  child.stderr.cancel().catch(() => {});
  return child;
}

Deno.test("every command in the README runs as written, in order", async (t) => {
  const readme = await Deno.readTextFile(join(REPO, "README.md"));
  const lines = readmeLines(readme);
  assert.ok(
    lines.length >= 8,
    `the README shows its commands (${lines.length})`,
  );
  const dir = await Deno.makeTempDir({ prefix: "osslinks-readme-" });
  const servers: Deno.ChildProcess[] = [];
  try {
    await copyRepo(dir);
    const ports = new Map<string, string>();
    for (const line of lines) {
      for (const [, port = ""] of line.matchAll(/--port (\d+)/g)) {
        ports.set(port, String(freePort()));
      }
    }
    const withFreePorts = (text: string) =>
      text.replace(/\b\d{4,5}\b/g, (port) => ports.get(port) ?? port);
    for await (const file of walkFiles(join(dir, "examples"))) {
      await Deno.writeTextFile(
        file,
        withFreePorts(await Deno.readTextFile(file)),
      );
    }
    const env: Record<string, string> = {
      NO_COLOR: "1",
      DENO_NO_UPDATE_CHECK: "1",
      PATH: `${dirname(Deno.execPath())}:${Deno.env.get("PATH") ?? ""}`,
      HOME: Deno.env.get("HOME") ?? dir,
    };
    for (const written of lines) {
      const line = withFreePorts(written);
      await t.step(written, async () => {
        const exported = /^export\s+(.*)$/.exec(line);
        if (exported) {
          for (
            const [, name = "", value = ""] of exported[1]!.matchAll(
              /(\w+)=(\S+)/g,
            )
          ) {
            env[name] = value;
          }
          return;
        }
        assert.match(line, /^deno run -A cli\.ts /, "a command of this tool");
        if (line.endsWith("&")) {
          servers.push(await startServer(line.slice(0, -1).trim(), dir, env));
          return;
        }
        const output = await new Deno.Command("sh", {
          args: ["-c", line],
          cwd: dir,
          env,
          stdin: "null",
        }).output();
        const stderr = new TextDecoder().decode(output.stderr);
        assert.equal(output.code, 0, `${line}\n${stderr}`);
        assert.doesNotMatch(stderr, /\b[1-9]\d* (errors?|warnings?)\b/, line);
      });
    }
  } finally {
    for (const server of servers) {
      server.kill("SIGTERM");
      await server.status;
    }
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the README's example files are shown as they are", async () => {
  const readme = await Deno.readTextFile(join(REPO, "README.md"));
  const shown = [
    ...readme.matchAll(/```yaml\n(# (examples\/[^:\s]+):[\s\S]*?)```/g),
  ];
  assert.ok(shown.length >= 2, "the walkthrough shows its files");
  for (const [, text = "", path = ""] of shown) {
    assert.equal(text, await Deno.readTextFile(join(REPO, path)), path);
  }
});
