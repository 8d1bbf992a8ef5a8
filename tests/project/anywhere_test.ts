/**
 * The package as a user outside this repository meets it: a script in a
 * temporary folder with no `deno.json` imports `mod.ts` by path, by
 * `file:` URL and by `http:` URL (served on loopback), type-checks and runs;
 * the README's install line installs a command that runs from any folder.
 * Each run is a child `deno` whose working directory is outside the repo, so
 * this repository's import map cannot help it.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type PresignRequest, presignUrl } from "../../mod.ts";
import { realClockEnv } from "../_subprocess.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const MOD_URL = new URL("../../mod.ts", import.meta.url);
const DENO_BIN_DIR = dirname(Deno.execPath());

/** The request the user's script signs, signed here too for comparison. */
const REQUEST: PresignRequest = {
  signature: "v4",
  method: "GET",
  bucket: "examplebucket",
  key: "a.txt",
  region: "cn-hangzhou",
  credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
  signedAt: new Date("2026-11-28T09:00:00Z"),
  expires: 1800,
};

const USER_SCRIPT = (specifier: string) =>
  `import { presignUrl, validateManifest } from ${JSON.stringify(specifier)};

const text = "version: 1\\nbucket: {name: examplebucket, region: cn-hangzhou}\\nobjects: [{key: a.txt}]\\n";
const result = validateManifest(new TextEncoder().encode(text), {
  now: new Date("2026-11-28T09:00:00Z"),
});
const url: string = presignUrl({
  signature: "v4",
  method: "GET",
  bucket: "examplebucket",
  key: "a.txt",
  region: "cn-hangzhou",
  credentials: { accessKeyId: "AKID", accessKeySecret: "secret" },
  signedAt: new Date(${JSON.stringify(REQUEST.signedAt.toISOString())}),
  expires: 1800,
});
console.log(JSON.stringify({ findings: result.diagnostics.length, url }));
`;

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(
  command: string,
  args: string[],
  cwd: string,
): Promise<Ran> {
  const output = await new Deno.Command(command, {
    args,
    cwd,
    // No clock is read here: a type check under libfaketime can crash.
    clearEnv: true,
    env: {
      ...realClockEnv(),
      DENO_NO_UPDATE_CHECK: "1",
      PATH: `${DENO_BIN_DIR}:${Deno.env.get("PATH") ?? ""}`,
    },
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** A temporary folder outside the repository, with no `deno.json` above it. */
async function outsideFolder(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "osslinks-user-" });
  assert.ok(!dir.startsWith(REPO), `${dir} is inside the repository`);
  return dir;
}

async function assertScriptWorks(
  dir: string,
  specifier: string,
  flags: string[] = [],
): Promise<void> {
  await Deno.writeTextFile(join(dir, "use.ts"), USER_SCRIPT(specifier));
  const checked = await run(
    Deno.execPath(),
    ["check", ...flags, "use.ts"],
    dir,
  );
  assert.equal(checked.code, 0, checked.stderr);
  const ran = await run(Deno.execPath(), ["run", ...flags, "use.ts"], dir);
  assert.equal(ran.code, 0, ran.stderr);
  const printed = JSON.parse(ran.stdout) as { findings: number; url: string };
  assert.equal(printed.findings, 0);
  assert.equal(printed.url, presignUrl(REQUEST));
}

Deno.test("mod.ts imports from a folder without deno.json", async (t) => {
  const dir = await outsideFolder();
  try {
    await t.step("by absolute path", async () => {
      await assertScriptWorks(dir, fileURLToPath(MOD_URL));
    });
    await t.step("by relative path", async () => {
      const up = dir.split("/").filter(Boolean).map(() => "..").join("/");
      await assertScriptWorks(dir, `${up}${fileURLToPath(MOD_URL)}`);
    });
    await t.step("by file: URL", async () => {
      await assertScriptWorks(dir, MOD_URL.href);
    });
    await t.step("by http: URL, served from this checkout", async () => {
      await using server = Deno.serve(
        { hostname: "127.0.0.1", port: 0, onListen() {} },
        async (request) => {
          const path = decodeURIComponent(new URL(request.url).pathname);
          if (path.includes("..")) return new Response(null, { status: 404 });
          try {
            return new Response(await Deno.readFile(join(REPO, path)), {
              headers: { "content-type": "application/typescript" },
            });
          } catch {
            return new Response(null, { status: 404 });
          }
        },
      );
      const host = `127.0.0.1:${server.addr.port}`;
      await assertScriptWorks(dir, `http://${host}/mod.ts`, [
        `--allow-import=${host}`,
      ]);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the README's install line gives a command that runs from any folder", async () => {
  const readme = await Deno.readTextFile(join(REPO, "README.md"));
  const line = /`(deno install -g -A --v8-flags=\S+ -n osslinks cli\.ts)`/
    .exec(readme)?.[1];
  assert.ok(line, "the README names the install line");
  const dir = await outsideFolder();
  try {
    const root = join(dir, "root");
    const [, ...args] = line.split(" ");
    const installed = await run(
      Deno.execPath(),
      [...args.slice(0, -1), "--root", root, args.at(-1)!],
      REPO,
    );
    assert.equal(installed.code, 0, installed.stderr);
    // The shim keeps the install line's V8 flag (memory at scale).
    const flag = /--v8-flags=\S+/.exec(line)![0];
    const shim = await Deno.readTextFile(join(root, "bin", "osslinks"));
    assert.ok(shim.includes(flag), shim);

    const work = join(dir, "work");
    await Deno.mkdir(work);
    await Deno.copyFile(
      join(REPO, "links.example.yaml"),
      join(work, "links.yaml"),
    );
    // validate reads the list: file the example names, next to it.
    await Deno.copyFile(
      join(REPO, "keys.example.txt"),
      join(work, "keys.example.txt"),
    );
    const validated = await run(
      join(root, "bin", "osslinks"),
      ["validate", "links.yaml"],
      work,
    );
    assert.equal(validated.code, 0, validated.stderr);
    assert.match(validated.stderr, /links\.yaml: 0 errors, 0 warnings/);

    const schema = await run(join(root, "bin", "osslinks"), ["schema"], work);
    assert.equal(schema.code, 0, schema.stderr);
    assert.equal(
      JSON.parse(schema.stdout).$schema,
      "https://json-schema.org/draft/2020-12/schema",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("every import is a path, node: or a pinned npm: specifier, one version per package", async () => {
  const listed = await new Deno.Command("git", {
    args: ["ls-files", "*.ts"],
    cwd: REPO,
  }).output();
  const files = new TextDecoder().decode(listed.stdout).split("\n")
    .filter(Boolean);
  const versions = new Map<string, Set<string>>();
  const specifier =
    /^[ \t*]*(?:import|export)\b[^;"]*?\bfrom\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm;
  for (const file of files) {
    const text = await Deno.readTextFile(join(REPO, file));
    for (const [, staticName, dynamicName] of text.matchAll(specifier)) {
      const name = staticName ?? dynamicName;
      if (name === undefined) continue;
      if (/^\.{1,2}\//.test(name) || name.startsWith("node:")) continue;
      // The package's own name, used by the doc examples (resolved by deno.json's "name").
      if (
        name === "@osslinks/osslinks" || name.startsWith("@osslinks/osslinks/")
      ) continue;
      const npm = /^npm:((?:@[^/@]+\/)?[^/@]+)@(\d[^/]*)(?:\/.*)?$/.exec(name);
      assert.ok(
        npm,
        `${file}: "${name}" is neither relative, node: nor npm:<name>@<version>`,
      );
      const [, pkg = "", version = ""] = npm;
      versions.set(pkg, (versions.get(pkg) ?? new Set()).add(version));
    }
  }
  for (const [pkg, seen] of versions) {
    assert.equal(
      seen.size,
      1,
      `${pkg} is pinned at ${[...seen].join(" and ")}`,
    );
  }
  assert.ok(versions.has("zod") && versions.has("js-yaml"));
});

Deno.test("the license deno.json declares is in the package", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(REPO, "deno.json")));
  assert.equal(config.license, "MIT");
  const license = await Deno.readTextFile(join(REPO, "LICENSE"));
  assert.match(license, /^MIT License\n/);
  assert.match(license, /THE SOFTWARE IS PROVIDED "AS IS"/);
});
