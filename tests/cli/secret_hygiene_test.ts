import assert from "node:assert/strict";
import { main } from "../../src/cli/main.ts";
import { redactingIo } from "../../src/cli/redact.ts";
import { fakeIo, type FakeIoOptions } from "../_fake_io.ts";

/** The AccessKey secret in the environment, with characters that encode. */
const SECRET = "Hyg1eneS3cret+Never/Printed=Anywhere";
/** The STS token: allowed in URLs, never on stderr. */
const TOKEN = "CAIS+Hygiene/Token=Value+/==";
/** A secret-looking value written in a manifest (not the env secret). */
const LOOKS_LIKE_ID = "LTAI5tManifestLeakedKeyId";

const MANIFEST = await Deno.readTextFile(
  new URL("../../links.example.yaml", import.meta.url),
);
const KEYS = await Deno.readTextFile(
  new URL("../../keys.example.txt", import.meta.url),
);
const NOW = ["--now", "2026-11-28T09:00:00Z"];

const ENV = {
  OSS_ACCESS_KEY_ID: "LTAI5tHygieneKeyId",
  OSS_ACCESS_KEY_SECRET: SECRET,
};
const STS_ENV = { ...ENV, OSS_SESSION_TOKEN: TOKEN };

/** Every form of a string that would give it away. */
function forms(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    btoa(value),
    JSON.stringify(value).slice(1, -1),
  ];
}

/** Removes the places where the STS token must be: its URL parameters. */
function withoutTokenParams(text: string): string {
  const encoded = encodeURIComponent(TOKEN);
  return text.replaceAll(`x-oss-security-token=${encoded}`, "")
    .replaceAll(`security-token=${encoded}`, "");
}

const MANIFESTS: Record<string, string> = {
  "links.example.yaml": MANIFEST,
  "v1.yaml": MANIFEST.replace(
    "  domain: static.example.com",
    "  signature: v1\n  domain: static.example.com",
  ),
  "dirty.yaml": [
    "version: 1",
    "bucket: {name: Example_Bucket, region: oss-mars-1, https: false}",
    "styles: [thumb]",
    "defaults: {expires: 9d, disposition: inline}",
    "objects:",
    "  - key: /leading.txt",
    "    style: nope",
    "  - key: a.txt",
    "    filename: ''",
    "    trafficLimit: 1",
    "  - key: a.txt",
    "  - prefix: p/",
    "    version: v",
    "",
  ].join("\n"),
  "secret-field.yaml": MANIFEST.replace(
    "  domain: static.example.com",
    `  domain: static.example.com\n  accessKeySecret: ${SECRET}`,
  ),
  "secret-flow.yaml": [
    "version: 1",
    `bucket: {name: examplebucket, region: cn-hangzhou, password: ${SECRET}, https: maybe}`,
    "objects: [{key: a.txt}]",
    "",
  ].join("\n"),
  "secret-values.yaml": [
    "version: 1",
    "bucket:",
    "  name: examplebucket",
    `  region: ${LOOKS_LIKE_ID}`,
    "  endpoint: oss-cn-shanghai.aliyuncs.com",
    "objects:",
    `  - key: ${LOOKS_LIKE_ID}`,
    `    style: ${LOOKS_LIKE_ID}`,
    `  - {key: b.txt, filename: ${LOOKS_LIKE_ID}, process: "bad process"}`,
    `  - {key: c.txt, id: ${LOOKS_LIKE_ID}}`,
    `  - {key: d.txt, id: ${LOOKS_LIKE_ID}}`,
    "",
  ].join("\n"),
  "yaml-error.yaml": `version: 1\nbucket: {name: b, secret: ${SECRET}\n`,
  "list.yaml": MANIFEST.replace("keys.example.txt", "bad-list.ndjson"),
};

/** Emulator configs holding the secret as an emulated AccessKey's. */
const EMULATOR_CONFIGS: Record<string, string> = {
  "emu.yaml": [
    "buckets:",
    "  - name: examplebucket",
    "    region: cn-hangzhou",
    "    credentials:",
    "      - accessKeyId: LTAI5tHygieneKeyId",
    `        accessKeySecret: ${SECRET}`,
    "      - accessKeyId: STS.HygieneTemporaryKey",
    `        accessKeySecret: ${SECRET}x`,
    `        securityToken: ${TOKEN}`,
    "    objects:",
    "      - {key: a.txt, content: hello}",
    "",
  ].join("\n"),
  "emu-bad.yaml": [
    "buckets:",
    "  - name: examplebucket",
    "    region: cn-hangzhou",
    "    credentials:",
    "      - accessKeyId: LTAI5tHygieneKeyId",
    `        accessKeySecret: ${SECRET}`,
    `        securityToken: ${TOKEN}`,
    "        expiration: someday",
    "        extra: 1",
    "    acl: secret",
    "",
  ].join("\n"),
  "emu-yaml-error.yaml": `buckets:\n  - {name: b, accessKeySecret: ${SECRET}\n`,
};

/** Inputs whose own text holds the secret on a line a syntax error quotes. */
const SECRET_IN_SYNTAX_ERROR = new Set([
  "yaml-error.yaml",
  "emu-yaml-error.yaml",
]);

const FILES: Record<string, string | Uint8Array> = {
  ...MANIFESTS,
  ...EMULATOR_CONFIGS,
  "keys.example.txt": KEYS,
  "bad-list.ndjson": `{"key": "a.txt", "secret": "${SECRET}"}\n{"key": 1}\n`,
  "binary.yaml": new Uint8Array([0x76, 0xff, 0xfe, 0x0a]),
};

const REPORTS = ["pretty", "json", "github", "sarif"];

/** Every command line worth running, with the environment it runs in. */
function invocations(): [string[], FakeIoOptions][] {
  const runs: [string[], FakeIoOptions][] = [];
  const both = (args: string[], env: Record<string, string> = ENV) => {
    runs.push([args, { env }], [args, {
      env: { ...env, GITHUB_ACTIONS: "true" },
    }]);
  };
  for (const file of Object.keys(MANIFESTS)) {
    for (const report of REPORTS) {
      both(["validate", file, "--report", report, ...NOW]);
      both(["sign", file, "--report", report, ...NOW], STS_ENV);
      both(["validate", file, "--report", report, "--fail-on", "warning"]);
    }
    both(["validate", file]);
    both(["validate", "-"]);
    for (const format of ["json", "ndjson", "csv", "html"]) {
      for (const env of [ENV, STS_ENV]) {
        both(["sign", file, "--format", format, ...NOW], env);
        both(["sign", file, "--format", format, "--out", "o.txt"], env);
        both(["sign", file, "--format", format, "--engine", "ali-oss"], env);
      }
    }
    both(["sign", file, "--fail-on", "warning", "--out", "w.json"], STS_ENV);
    both(["sign", file, "--format", "html", "--live-countdown"], STS_ENV);
  }
  for (const file of [...Object.keys(EMULATOR_CONFIGS), "missing.yaml"]) {
    both(["emulator", "--config", file], STS_ENV);
  }
  for (const flags of [["--port", "x"], ["extra"], ["--help"], ["--bogus"]]) {
    both(["emulator", ...flags], STS_ENV);
  }
  const missingId = { OSS_ACCESS_KEY_SECRET: SECRET, OSS_SESSION_TOKEN: TOKEN };
  both(["sign", "links.example.yaml"], missingId);
  both(["sign", "links.example.yaml"], {
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
    ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
  });
  for (
    const flags of [
      ["--format", "xml"],
      ["--engine", "nope"],
      ["--now", "yesterday"],
      ["--token-expires", "soon"],
      ["--max-bytes", "-1"],
      ["--report", "tap"],
      ["--bogus"],
      ["--out"],
      ["extra"],
    ]
  ) {
    both(["sign", "links.example.yaml", ...flags], STS_ENV);
    both(["validate", "links.example.yaml", ...flags], STS_ENV);
  }
  for (const file of ["missing.yaml", "binary.yaml", "-"]) {
    both(["sign", file, ...NOW], STS_ENV);
    both(["validate", file], STS_ENV);
  }
  both(["sign", "links.example.yaml", "--max-bytes", "10"], STS_ENV);
  both(["sign", "links.example.yaml", "--out", "missing/dir.json"], STS_ENV);
  both(["sign", "links.example.yaml"], {
    ...STS_ENV,
    OSS_SESSION_TOKEN_EXPIRATION: "2026-11-28T09:10:00Z",
  });
  both(["sign", "links.example.yaml"], {
    ...STS_ENV,
    OSS_SESSION_TOKEN_EXPIRATION: "tomorrow",
  });
  for (
    const args of [
      [],
      ["--help"],
      ["-h"],
      ["help"],
      ["--version"],
      ["nope"],
      ["schema"],
      ["schema", "--help"],
      ["schema", "extra"],
      ["sign", "--help"],
      ["validate", "--help"],
    ]
  ) {
    both(args, STS_ENV);
  }
  return runs;
}

Deno.test("no command or failure path writes the AccessKey secret, and the STS token only in URLs", async () => {
  const runs = invocations();
  const seen = new Set<number>();
  // Anything printed around CliIo (a dependency's console) counts too.
  const consoleText: string[] = [];
  const methods = ["log", "info", "warn", "error", "debug"] as const;
  const saved = methods.map((name) => console[name]);
  for (const name of methods) {
    console[name] = (...data: unknown[]) => consoleText.push(data.join(" "));
  }
  try {
    await checkRuns(runs, seen);
  } finally {
    methods.forEach((name, index) => console[name] = saved[index]!);
  }
  for (const text of consoleText) {
    for (const form of [...forms(SECRET), ...forms(TOKEN)]) {
      assert.ok(!text.includes(form), `console: ${text}`);
    }
  }
  // The runs reach every exit code.
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3]);
});

async function checkRuns(
  runs: [string[], FakeIoOptions][],
  seen: Set<number>,
): Promise<void> {
  for (const [args, options] of runs) {
    const fake = fakeIo({
      ...options,
      files: FILES,
      stdin: MANIFEST,
      failWrite: (path) =>
        path === "w.json" ? new Error("No space left on device") : undefined,
    });
    const code = await main(args, fake.io);
    seen.add(code);
    const label = `osslinks ${args.join(" ")} (exit ${code})`;
    const outputs: [string, string][] = [
      ["stdout", fake.stdout()],
      ["stderr", fake.stderr()],
    ];
    for (const [path, data] of fake.files) {
      if (!(path in FILES)) {
        outputs.push([path, new TextDecoder().decode(data)]);
      }
    }
    for (const [where, text] of outputs) {
      // The last line of defence in main() replaces the secret with
      // "[redacted]": nothing should even try to print it, except the code
      // frame of a YAML syntax error on a line that holds it.
      if (!args.some((arg) => SECRET_IN_SYNTAX_ERROR.has(arg))) {
        assert.ok(!text.includes("[redacted]"), `${label}: ${where} redacted`);
      }
      for (const form of forms(SECRET)) {
        assert.ok(!text.includes(form), `${label}: secret in ${where}`);
      }
      const rest = where === "stderr" ? text : withoutTokenParams(text);
      for (const form of forms(TOKEN)) {
        assert.ok(!rest.includes(form), `${label}: token in ${where}`);
      }
    }
  }
}

Deno.test("a secret-in-manifest finding never shows the secret-looking value", async (t) => {
  for (const report of REPORTS) {
    await t.step(report, async () => {
      const fake = fakeIo({ env: ENV, files: FILES });
      const code = await main(
        ["validate", "secret-values.yaml", "--report", report],
        fake.io,
      );
      assert.equal(code, 1);
      const stderr = fake.stderr();
      assert.match(stderr, /secret-in-manifest/);
      assert.ok(!stderr.includes(LOOKS_LIKE_ID), stderr);
      assert.ok(!stderr.includes("LTAI5t"), stderr);
    });
  }
  await t.step(
    "the pretty report hides the line, keeps the other findings",
    async () => {
      const fake = fakeIo({ env: ENV, files: FILES });
      await main(["validate", "secret-values.yaml"], fake.io);
      const stderr = fake.stderr();
      assert.match(stderr, /\(line hidden: it may hold a secret\)/);
      assert.match(stderr, /\[process-malformed\]/);
      assert.match(stderr, /\[region-endpoint-mismatch\]/);
    },
  );
  await t.step(
    "a credential field on a line with another finding",
    async () => {
      const fake = fakeIo({ env: ENV, files: FILES });
      await main(["validate", "secret-flow.yaml"], fake.io);
      const stderr = fake.stderr();
      assert.match(stderr, /Field "password" looks like a credential/);
      assert.ok(!stderr.includes(SECRET), stderr);
      assert.ok(!stderr.includes("[redacted]"), stderr);
    },
  );
});

Deno.test("sign with STS credentials sends the token in every link", async () => {
  const fake = fakeIo({ env: STS_ENV, files: FILES });
  assert.equal(await main(["sign", "links.example.yaml", ...NOW], fake.io), 0);
  const links = JSON.parse(fake.stdout()).links as { url: string }[];
  assert.equal(links.length, 7);
  for (const link of links) {
    assert.equal(
      new URL(link.url).searchParams.get("x-oss-security-token"),
      TOKEN,
    );
  }
});

Deno.test("a YAML syntax error on a credential line never quotes the line", async (t) => {
  const cases: Record<string, string> = {
    "a credential field":
      "version: 1\nbucket:\n  name: abc\n  accessKeySecret: hunter2secretXYZ: x\nobjects: [{key: a}]\n",
    "a credential-looking value":
      `version: 1\nbucket:\n  name: abc\n  region: ${LOOKS_LIKE_ID}: x\nobjects: [{key: a}]\n`,
  };
  for (const [name, text] of Object.entries(cases)) {
    await t.step(name, async () => {
      const fake = fakeIo({ env: ENV, files: { "broken.yaml": text } });
      const code = await main(["validate", "broken.yaml"], fake.io);
      assert.equal(code, 1);
      const stderr = fake.stderr();
      assert.match(stderr, /\[yaml-syntax\]/);
      assert.match(stderr, /\(line hidden: it may hold a secret\)/);
      assert.ok(!stderr.includes("hunter2secretXYZ"), stderr);
      assert.ok(!stderr.includes(LOOKS_LIKE_ID), stderr);
    });
  }
  await t.step("another line is still quoted", async () => {
    const text = "version: 1\nbucket:\n  name: abc: x\nobjects: [{key: a}]\n";
    const fake = fakeIo({ env: ENV, files: { "broken.yaml": text } });
    await main(["validate", "broken.yaml"], fake.io);
    const stderr = fake.stderr();
    assert.ok(stderr.includes("3 |   name: abc: x"), stderr);
  });
});

Deno.test("redactingIo() hides the secret and the token, the token except in a signed link", async (t) => {
  const link =
    `https://b.oss-cn-hangzhou.aliyuncs.com/a.txt?x-oss-credential=X&x-oss-security-token=${
      encodeURIComponent(TOKEN)
    }&x-oss-signature=abc`;
  const v1 = `http://b/a.txt?OSSAccessKeyId=X&security-token=${
    encodeURIComponent(TOKEN)
  }&Signature=s`;
  const html = `<a href="${link.replaceAll("&", "&amp;")}">a</a>`;
  const leaks = [...forms(SECRET), ...forms(TOKEN)]
    .map((form) => `leak: ${form}\n`).join("");
  const setup = (tokenInLinks: boolean) => {
    const fake = fakeIo({ env: STS_ENV });
    return { fake, io: redactingIo(fake.io, { tokenInLinks }) };
  };
  await t.step("stderr: every form of both, links or not", async () => {
    const { fake, io } = setup(true);
    await io.writeStderr(leaks + link);
    const stderr = fake.stderr();
    for (const form of [...forms(SECRET), ...forms(TOKEN)]) {
      assert.ok(!stderr.includes(form), stderr);
    }
    assert.ok(
      stderr.endsWith("x-oss-security-token=[redacted]&x-oss-signature=abc"),
    );
  });
  await t.step("sign output: the token stays in its links only", async () => {
    const { fake, io } = setup(true);
    const data = `${link}\n${v1}\n${html}\n${leaks}`;
    await io.writeStdout(data);
    await io.writeFileAtomic("out.json", data);
    const writer = await io.openAtomic("out.html");
    await writer.write(data);
    await writer.commit();
    for (
      const text of [
        fake.stdout(),
        fake.written.get("out.json")!,
        fake.written.get("out.html")!,
      ]
    ) {
      assert.ok(text.startsWith(`${link}\n${v1}\n${html}\n`), text);
      const rest = withoutTokenParams(text);
      for (const form of [...forms(SECRET), ...forms(TOKEN)]) {
        assert.ok(!rest.includes(form), `${form} in ${text}`);
      }
    }
  });
  await t.step(
    "pages: whole or in pieces, the token in its links only",
    async () => {
      const { fake, io } = setup(true);
      const folder = await io.openAtomicFolder("pages/", () => true);
      await folder.writeFile("page-0001.html", `${html}\n${leaks}`);
      // As pages come: pieces that end at line ends.
      const pieces = [`${html}\n`, ...leaks.split(/(?<=\n)/)];
      await folder.writeFile("page-0002.html", pieces);
      await folder.commit();
      for (const name of ["page-0001.html", "page-0002.html"]) {
        const text = fake.written.get(`pages/${name}`)!;
        assert.ok(text.startsWith(`${html}\n`), text);
        const rest = withoutTokenParams(text);
        for (const form of [...forms(SECRET), ...forms(TOKEN)]) {
          assert.ok(!rest.includes(form), `${form} in ${name}`);
        }
      }
    },
  );
  await t.step("other commands: not even in a link", async () => {
    const { fake, io } = setup(false);
    await io.writeStdout(link);
    assert.ok(!fake.stdout().includes(encodeURIComponent(TOKEN)));
    assert.match(fake.stdout(), /x-oss-security-token=\[redacted\]/);
  });
  await t.step(
    "UTF-8 bytes: as they came when clean, else as the text would be",
    async () => {
      const encoder = new TextEncoder();
      const decoder = new TextDecoder();
      const samples = [
        `${link}\n${v1}\n${html}\n`,
        leaks,
        `é ${link} ${leaks}`,
      ];
      for (const tokenInLinks of [true, false]) {
        for (const sample of samples) {
          const seen: (string | Uint8Array)[] = [];
          const { fake } = setup(tokenInLinks);
          const io = redactingIo({
            ...fake.io,
            writeStdout: (data) => {
              seen.push(data);
              return Promise.resolve();
            },
          }, { tokenInLinks });
          const bytes = encoder.encode(sample);
          await io.writeStdout(bytes);
          await io.writeStdout(sample);
          const [fromBytes, fromText] = seen;
          assert.ok(fromBytes instanceof Uint8Array);
          assert.equal(decoder.decode(fromBytes), fromText);
          assert.equal(
            fromBytes === bytes,
            fromText === sample,
            "untouched exactly when nothing was hidden",
          );
        }
      }
      const clean = encoder.encode(samples[0]);
      const { fake } = setup(true);
      const writer = await redactingIo(fake.io, { tokenInLinks: true })
        .openAtomic("out.ndjson");
      await writer.write(clean);
      await writer.write(encoder.encode(leaks));
      await writer.commit();
      const text = fake.written.get("out.ndjson")!;
      assert.ok(text.startsWith(samples[0]!));
      for (const form of [...forms(SECRET), ...forms(TOKEN)]) {
        assert.ok(!withoutTokenParams(text).includes(form), form);
      }
    },
  );
  await t.step("nothing to hide: the IO as it was", () => {
    const fake = fakeIo({
      env: { OSS_SESSION_TOKEN: "abc", OSS_ACCESS_KEY_SECRET: "" },
    });
    assert.equal(redactingIo(fake.io, { tokenInLinks: false }), fake.io);
  });
});
