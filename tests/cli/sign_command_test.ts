import assert from "node:assert/strict";
import { main } from "../../src/cli/main.ts";
import { assertGolden } from "../_golden.ts";
import { fakeIo, type FakeIoOptions } from "../_fake_io.ts";

const SIGN_DIR = new URL("../fixtures/sign/", import.meta.url);
const MANIFEST = await Deno.readTextFile(
  new URL("../../links.example.yaml", import.meta.url),
);
const KEYS = await Deno.readTextFile(
  new URL("../../keys.example.txt", import.meta.url),
);
const NOW = ["--now", "2026-11-28T09:00:00Z"];
const DEMO = {
  OSS_ACCESS_KEY_ID: "LTAI5tDemoAccessKeyId",
  OSS_ACCESS_KEY_SECRET: "DemoAccessKeySecretNeverPrinted",
};
/** An STS token with every character that needs encoding in a query. */
const TOKEN = "CAIS+Demo/Security=Token+/==";
const STS = {
  OSS_ACCESS_KEY_ID: "STS.NTDemoTemporaryKeyId",
  OSS_ACCESS_KEY_SECRET: "DemoTemporarySecret+/=",
  OSS_SESSION_TOKEN: TOKEN,
};
const V1_MANIFEST = MANIFEST.replace(
  "  domain: static.example.com",
  "  signature: v1\n  domain: static.example.com",
);
const FORMATS = ["json", "ndjson", "csv", "html"] as const;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly fake: ReturnType<typeof fakeIo>;
}

async function run(
  args: readonly string[],
  options: FakeIoOptions = {},
): Promise<Run> {
  const fake = fakeIo({
    env: DEMO,
    ...options,
    files: {
      "links.example.yaml": MANIFEST,
      "keys.example.txt": KEYS,
      ...options.files,
    },
  });
  const code = await main(args, fake.io);
  assert.equal(fake.pending(), 0, "an atomic writer was left open");
  return { code, stdout: fake.stdout(), stderr: fake.stderr(), fake };
}

async function sign(
  args: readonly string[],
  options: FakeIoOptions = {},
): Promise<Run> {
  return await run(["sign", "links.example.yaml", ...NOW, ...args], options);
}

function queryOf(url: string): Map<string, string> {
  return new Map(new URL(url).searchParams);
}

function linksOf(json: string): { id: string; url: string }[] {
  return JSON.parse(json).links;
}

Deno.test("sign signs links.example.yaml byte for byte as the golden files", async (t) => {
  const variants = [
    { name: "example", env: DEMO, manifest: MANIFEST },
    { name: "example.sts", env: STS, manifest: MANIFEST },
    { name: "example.v1", env: DEMO, manifest: V1_MANIFEST },
  ];
  for (const variant of variants) {
    // The page's URLs are the JSON's: one HTML golden is enough.
    const formats = variant.name === "example"
      ? FORMATS
      : FORMATS.filter((format) => format !== "html");
    for (const format of formats) {
      await t.step(`${variant.name}.${format}`, async () => {
        const options = {
          env: variant.env,
          files: { "links.example.yaml": variant.manifest },
        };
        const first = await sign(["--format", format], options);
        assert.equal(first.code, 0, first.stderr);
        await assertGolden(first.stdout, `${variant.name}.${format}`, {
          dir: SIGN_DIR,
        });
        const second = await sign(["--format", format], options);
        assert.equal(second.stdout, first.stdout);
        assert.equal(second.stderr, first.stderr);
      });
    }
  }
  await t.step("json is the default format", async () => {
    const json = await sign([]);
    assert.equal(json.stdout, (await sign(["--format", "json"])).stdout);
  });
});

Deno.test("sign prints only the summary on stderr for a clean manifest", async () => {
  const result = await sign([]);
  assert.equal(
    result.stderr,
    "Signing 7 links from links.example.yaml: 0 errors, 0 warnings\n",
  );
});

Deno.test("sign puts the STS token in every URL, encoded, and never on stderr", async (t) => {
  for (
    const [signature, manifest, name] of [
      ["v4", MANIFEST, "x-oss-security-token"],
      ["v1", V1_MANIFEST, "security-token"],
    ] as const
  ) {
    await t.step(signature, async () => {
      const result = await sign([], {
        env: STS,
        files: { "links.example.yaml": manifest },
      });
      assert.equal(result.code, 0, result.stderr);
      const links = linksOf(result.stdout);
      assert.equal(links.length, 7);
      for (const link of links) {
        assert.equal(queryOf(link.url).get(name), TOKEN);
        assert.ok(!link.url.includes(TOKEN), "the token is not encoded");
        assert.ok(link.url.includes(encodeURIComponent(TOKEN)));
      }
      assert.ok(!result.stderr.includes(TOKEN));
      assert.ok(!result.stderr.includes(encodeURIComponent(TOKEN)));
    });
  }
});

Deno.test("sign with bucket.signature v1 signs absolute Expires and warns", async () => {
  const result = await sign([], {
    files: { "links.example.yaml": V1_MANIFEST },
  });
  assert.equal(result.code, 0);
  assert.match(result.stderr, /\[signature-v1\]/);
  assert.match(result.stderr, /0 errors, 1 warning\n$/);
  const signedAt = Date.parse("2026-11-28T09:00:00Z") / 1000;
  for (const link of JSON.parse(result.stdout).links) {
    const query = queryOf(link.url);
    assert.equal(query.get("OSSAccessKeyId"), DEMO.OSS_ACCESS_KEY_ID);
    assert.equal(
      Number(query.get("Expires")),
      Date.parse(link.expiresAt) / 1000,
    );
    assert.ok(Number(query.get("Expires")) > signedAt);
    assert.match(query.get("Signature")!, /^[A-Za-z0-9+/]{27}=$/);
    assert.equal(query.has("x-oss-signature"), false);
  }
});

Deno.test("sign without credentials exits 2, names the variables and prints nothing", async (t) => {
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      "none",
      {},
      /OSS_ACCESS_KEY_ID \(or ALIBABA_CLOUD_ACCESS_KEY_ID\) and OSS_ACCESS_KEY_SECRET \(or ALIBABA_CLOUD_ACCESS_KEY_SECRET\)/,
    ],
    [
      "no secret",
      { OSS_ACCESS_KEY_ID: DEMO.OSS_ACCESS_KEY_ID },
      /set OSS_ACCESS_KEY_SECRET \(or ALIBABA_CLOUD_ACCESS_KEY_SECRET\)\n/,
    ],
    [
      "no id",
      { OSS_ACCESS_KEY_SECRET: DEMO.OSS_ACCESS_KEY_SECRET },
      /set OSS_ACCESS_KEY_ID \(or ALIBABA_CLOUD_ACCESS_KEY_ID\)\n/,
    ],
    [
      "empty values",
      { OSS_ACCESS_KEY_ID: "", OSS_ACCESS_KEY_SECRET: "" },
      /Missing credentials/,
    ],
  ];
  for (const [name, env, message] of cases) {
    await t.step(name, async () => {
      const result = await sign(["--out", "links.json"], { env });
      assert.equal(result.code, 2);
      assert.equal(result.stdout, "");
      assert.match(result.stderr, /^osslinks sign: Missing credentials: /);
      assert.match(result.stderr, message);
      assert.equal(result.fake.text("links.json"), undefined);
    });
  }
});

Deno.test("sign falls back to the ALIBABA_CLOUD_* variables", async (t) => {
  const golden = (await sign([])).stdout;
  await t.step("ID and secret", async () => {
    const result = await sign([], {
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO.OSS_ACCESS_KEY_ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO.OSS_ACCESS_KEY_SECRET,
      },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, golden);
  });
  await t.step("and the security token", async () => {
    const result = await sign([], {
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: STS.OSS_ACCESS_KEY_ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: STS.OSS_ACCESS_KEY_SECRET,
        ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
      },
    });
    assert.equal(result.stdout, (await sign([], { env: STS })).stdout);
  });
  await t.step(
    "OSS_* wins over ALIBABA_CLOUD_*; an empty OSS_* is unset",
    async () => {
      const result = await sign([], {
        env: {
          ...DEMO,
          OSS_SESSION_TOKEN: "",
          ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI5tOtherKeyId",
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: "OtherSecret",
        },
      });
      assert.equal(result.stdout, golden);
    },
  );
});

Deno.test("sign exits 1 and writes nothing when the manifest has errors", async (t) => {
  const broken = {
    "an unknown style": MANIFEST.replace("style: thumb", "style: thumbs"),
    "a YAML syntax error": "version: 1\nbucket: [\n",
    "a missing bucket": "version: 1\nobjects: [{key: a.txt}]\n",
    "an expiry over 7 days": MANIFEST.replace("expires: 2h", "expires: 8d"),
  };
  for (const [name, text] of Object.entries(broken)) {
    await t.step(name, async () => {
      for (const out of [[], ["--out", "links.json"]]) {
        const result = await sign(out, {
          files: { "links.example.yaml": text },
        });
        assert.equal(result.code, 1, result.stderr);
        assert.equal(result.stdout, "");
        assert.match(result.stderr, /^links\.example\.yaml:\d+:\d+: /);
        assert.match(result.stderr, /Not signed links\.example\.yaml: [1-9]/);
        assert.equal(result.fake.text("links.json"), undefined);
      }
    });
  }
});

Deno.test("sign --fail-on warning stops at a warning and writes nothing", async () => {
  const files = { "links.example.yaml": V1_MANIFEST, "links.json": "old\n" };
  const result = await sign(["--fail-on", "warning", "--out", "links.json"], {
    files,
  });
  assert.equal(result.code, 1);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /\[signature-v1\]/);
  assert.match(result.stderr, /Not signed links\.example\.yaml/);
  assert.equal(result.fake.text("links.json"), "old\n");
  const toStdout = await sign(["--fail-on", "warning"], { files });
  assert.equal(toStdout.code, 1);
  assert.equal(toStdout.stdout, "");
});

Deno.test("sign --out writes the file only on success", async (t) => {
  await t.step("success: the file, nothing on stdout", async () => {
    for (const format of FORMATS) {
      const result = await sign(["--format", format, "--out", "out/l.txt"], {
        files: { "out/l.txt": "previous\n" },
      });
      assert.equal(result.code, 0);
      assert.equal(result.stdout, "");
      assert.equal(
        result.fake.text("out/l.txt"),
        (await sign(["--format", format])).stdout,
      );
    }
  });
  await t.step("a write failure keeps the previous file", async () => {
    for (const format of FORMATS) {
      const result = await sign(["--format", format, "--out", "links.json"], {
        files: { "links.json": "previous\n" },
        failWrite: () => new Error("No space left on device"),
      });
      assert.equal(result.code, 3, result.stderr);
      assert.equal(result.stdout, "");
      assert.match(
        result.stderr,
        /osslinks sign: Cannot write "links\.json": No space left on device\n$/,
      );
      assert.equal(result.fake.text("links.json"), "previous\n");
    }
  });
  await t.step(
    "a failure in the middle of NDJSON keeps the previous file",
    async () => {
      // More than one 64 KiB chunk: the first write succeeds, a later one fails.
      const keys = Array.from({ length: 2000 }, (_, i) => `k/${i}.txt`);
      let writes = 0;
      const result = await sign(
        ["--format", "ndjson", "--out", "links.ndjson"],
        {
          files: {
            "keys.example.txt": keys.join("\n"),
            "links.ndjson": "previous\n",
          },
          failWrite: () =>
            ++writes === 2 ? new Error("Disk quota exceeded") : undefined,
        },
      );
      assert.equal(result.code, 3);
      assert.equal(writes, 2);
      assert.equal(result.fake.text("links.ndjson"), "previous\n");
    },
  );
});

Deno.test("sign --out on the real file system is atomic", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "osslinks-sign-" });
  const manifest = `${dir}/links.yaml`;
  await Deno.writeTextFile(manifest, MANIFEST);
  await Deno.writeTextFile(`${dir}/keys.example.txt`, KEYS);
  const real = async (args: string[], env: Record<string, string> = DEMO) => {
    const fake = fakeIo({ env, disk: true });
    const code = await main(["sign", manifest, ...NOW, ...args], fake.io);
    assert.equal(fake.pending(), 0, "an atomic writer was left open");
    return { code, stdout: fake.stdout(), stderr: fake.stderr() };
  };
  const listing = async (path: string) => {
    const names = [];
    for await (const entry of Deno.readDir(path)) names.push(entry.name);
    return names.sort();
  };
  try {
    const expected = (await sign([])).stdout;
    await t.step("success replaces the previous file", async () => {
      await Deno.writeTextFile(`${dir}/links.json`, "previous\n");
      const result = await real(["--out", `${dir}/links.json`]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(await Deno.readTextFile(`${dir}/links.json`), expected);
      assert.deepEqual(await listing(dir), [
        "keys.example.txt",
        "links.json",
        "links.yaml",
      ]);
    });
    await t.step("a missing directory: exit 2, nothing written", async () => {
      const result = await real(["--out", `${dir}/missing/links.json`]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /Cannot write ".*\/missing\/links\.json"/);
      assert.deepEqual(await listing(dir), [
        "keys.example.txt",
        "links.json",
        "links.yaml",
      ]);
    });
    await t.step(
      "a directory in the way: exit 2, no temporary file left",
      async () => {
        await Deno.mkdir(`${dir}/taken`);
        await Deno.writeTextFile(`${dir}/taken/keep.txt`, "keep\n");
        const result = await real(["--out", `${dir}/taken`]);
        assert.equal(result.code, 2, result.stderr);
        assert.match(
          result.stderr,
          /Cannot write ".*\/taken": it is a directory/,
        );
        assert.doesNotMatch(result.stderr, /internal error/);
        assert.deepEqual(await listing(dir), [
          "keys.example.txt",
          "links.json",
          "links.yaml",
          "taken",
        ]);
        assert.deepEqual(await listing(`${dir}/taken`), ["keep.txt"]);
      },
    );
    await t.step(
      "a signing error keeps the previous file and leaves no temporary file",
      async () => {
        // ali-oss refuses V1 URLs on an IP endpoint, after the file is opened.
        await Deno.writeTextFile(
          manifest,
          MANIFEST.replace(
            "  domain: static.example.com",
            "  signature: v1\n  endpoint: 127.0.0.1:9000",
          ).replace(/ +disposition: inline.*\n/g, ""),
        );
        const result = await real([
          "--engine",
          "ali-oss",
          "--out",
          `${dir}/links.json`,
        ]);
        assert.equal(result.code, 3, result.stderr);
        assert.match(result.stderr, /can not get the object URL/);
        assert.equal(await Deno.readTextFile(`${dir}/links.json`), expected);
        assert.deepEqual(await listing(dir), [
          "keys.example.txt",
          "links.json",
          "links.yaml",
          "taken",
        ]);
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** The example manifest with its objects replaced by `objects`. */
function withObjects(objects: string): string {
  return MANIFEST.slice(0, MANIFEST.indexOf("objects:")) + objects;
}

Deno.test("sign expands list: files", async (t) => {
  const signList = async (list: string, name = "keys.txt") => {
    const result = await sign([], {
      files: {
        "links.example.yaml": withObjects(`objects:\n  - list: ${name}\n`),
        [name]: list,
      },
    });
    return {
      ...result,
      links: result.code === 0 ? linksOf(result.stdout) : [],
    };
  };
  await t.step("plain keys, blank lines and CRLF", async () => {
    const result = await signList(
      "\r\na.txt\r\n\r\n  \ndir/b c.pdf\r\n报告.pdf\n\n",
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      result.links.map((link) => link.id),
      ["a.txt", "dir/b c.pdf", "报告.pdf"],
    );
  });
  await t.step("an empty list file signs no links", async () => {
    const result = await signList("\n\r\n");
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.links, []);
  });
  await t.step(
    "a UTF-8 byte order mark is not part of the first key",
    async () => {
      const result = await signList("\uFEFFa.txt\nb.txt\n");
      assert.deepEqual(result.links.map((link) => link.id), ["a.txt", "b.txt"]);
    },
  );
  await t.step("NDJSON entries with id, filename and disposition", async () => {
    const result = await signList(
      [
        '{"key": "a.txt"}',
        "",
        '{"key": "b.pdf", "id": "bee", "filename": "报告 \\"b\\".pdf"}\r',
        '{"key": "c.png", "disposition": "inline"}',
      ].join("\n"),
      "entries.ndjson",
    );
    assert.equal(result.code, 0, result.stderr);
    const [a, b, c] = result.links as {
      id: string;
      key: string;
      url: string;
      filename: string | null;
      disposition: string;
    }[];
    assert.deepEqual(
      [a!.id, a!.key, a!.filename, a!.disposition],
      ["a.txt", "a.txt", "a.txt", "attachment"],
    );
    assert.deepEqual(
      [b!.id, b!.key, b!.filename, b!.disposition],
      ["bee", "b.pdf", '报告 "b".pdf', "attachment"],
    );
    assert.equal(
      queryOf(b!.url).get("response-content-disposition"),
      'attachment; filename="__ \\"b\\".pdf"; filename*=UTF-8\'\'%E6%8A%A5%E5%91%8A%20%22b%22.pdf',
    );
    assert.deepEqual([c!.id, c!.disposition], ["c.png", "inline"]);
    assert.equal(queryOf(c!.url).get("response-content-disposition"), "inline");
  });
  await t.step(
    "a bad line: the list file's line and column, exit 1",
    async () => {
      const cases: [string, RegExp][] = [
        [
          '{"key": "a.txt"}\n{"key": 1}\n',
          /Invalid list entry: "key" must be a string/,
        ],
        [
          '{"key": "a.txt"}\r\n{"key": "b", "size": 3}\r\n',
          /unknown field "size"/,
        ],
        ['{"key": "a.txt"}\nnot json\n', /Invalid NDJSON line/],
        ['{"key": "a.txt"}\n{"key": "/b.txt"}\n', /Invalid object key/],
        [
          '{"key": "a.txt"}\n{"key": "b", "filename": "x\\ny"}\n',
          /Unsafe filename/,
        ],
        [
          '{"key": "a.txt"}\n{"key": "b", "filename": "\\ud800.txt"}\n',
          /Unsafe filename/,
        ],
        ["a.txt\n/b.txt\n", /Invalid object key: the key starts with "\/"/],
      ];
      for (const [list, message] of cases) {
        const result = await signList(list);
        assert.equal(result.code, 1, result.stderr);
        assert.equal(result.stdout, "");
        assert.match(result.stderr, /^keys\.txt:2:1: /m);
        assert.match(result.stderr, message);
        assert.doesNotMatch(result.stderr, /internal error/);
      }
    },
  );
  await t.step("a list file relative to the manifest's folder", async () => {
    const result = await run(["sign", "sub/links.yaml", ...NOW], {
      files: {
        "sub/links.yaml": withObjects("objects:\n  - list: keys.txt\n"),
        "sub/keys.txt": "a.txt\n",
      },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(linksOf(result.stdout).map((link) => link.id), ["a.txt"]);
  });
  await t.step(
    "a missing list file: list-unreadable at the list: line, once",
    async () => {
      const manifest = withObjects(
        "objects:\n  - key: a.txt\n  - list: missing.txt\n",
      );
      const line = manifest.split("\n").indexOf("  - list: missing.txt") + 1;
      const result = await sign([], {
        files: { "links.example.yaml": manifest },
      });
      assert.equal(result.code, 1);
      assert.equal(result.stdout, "");
      const reports = result.stderr.match(/\[list-unreadable\]/g) ?? [];
      assert.equal(reports.length, 1, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(
          `^links\\.example\\.yaml:${line}:11: Cannot read list file "missing\\.txt": file not found \\[list-unreadable\\]`,
          "m",
        ),
      );
    },
  );
  await t.step("a list file that is not UTF-8: list-unreadable", async () => {
    const result = await sign([], {
      files: {
        "links.example.yaml": withObjects("objects:\n  - list: keys.txt\n"),
        "keys.txt": new Uint8Array([0x61, 0xff, 0x0a]),
      },
    });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /Cannot read list file "keys\.txt": line 1 is not UTF-8 \[list-unreadable\]/,
    );
  });
  await t.step("duplicate ids across list files", async () => {
    const result = await sign([], {
      files: {
        "links.example.yaml": withObjects(
          "objects:\n  - list: one.txt\n  - list: two.txt\n",
        ),
        "one.txt": "a.txt\nb.txt\n",
        "two.txt": "c.txt\na.txt\n",
      },
    });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /links\.example\.yaml:\d+:\d+: Duplicate link id "a\.txt": objects\[0\] has it too \[duplicate-id\]/,
    );
  });
});

Deno.test("sign reports prefix: entries it cannot list", async () => {
  const manifest = withObjects(
    "objects:\n  - key: a.txt\n  - prefix: photos/2026/\n",
  );
  const line = manifest.split("\n").indexOf("  - prefix: photos/2026/") + 1;
  const result = await sign(["--out", "links.json"], {
    files: { "links.example.yaml": manifest },
  });
  assert.equal(result.code, 1);
  assert.equal(result.stdout, "");
  assert.equal(result.fake.text("links.json"), undefined);
  assert.match(
    result.stderr,
    new RegExp(
      `^links\\.example\\.yaml:${line}:13: Prefix "photos/2026/" needs a bucket listing to expand \\[prefix-needs-listing\\]`,
      "m",
    ),
  );
});

Deno.test("sign reads the manifest from stdin, list files from the working folder", async () => {
  const result = await run(["sign", "-", ...NOW], { stdin: MANIFEST });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, (await sign([])).stdout);
  assert.match(result.stderr, /from <stdin>/);
});

Deno.test("sign --engine ali-oss signs the example as the native engine does", async (t) => {
  const variants = [
    ["v4", MANIFEST, DEMO],
    ["v4 with STS", MANIFEST, STS],
    ["v1", V1_MANIFEST, DEMO],
    ["v1 with STS", V1_MANIFEST, STS],
  ] as const;
  for (const [name, manifest, env] of variants) {
    await t.step(name, async () => {
      const options = { env, files: { "links.example.yaml": manifest } };
      const native = await sign([], options);
      const reference = await sign(["--engine", "ali-oss"], options);
      assert.equal(reference.code, 0, reference.stderr);
      const nativeLinks = linksOf(native.stdout);
      const referenceLinks = linksOf(reference.stdout);
      assert.equal(referenceLinks.length, 7);
      nativeLinks.forEach((link, index) => {
        const other = referenceLinks[index]!;
        const a = new URL(link.url);
        const b = new URL(other.url);
        assert.equal(b.origin, a.origin);
        assert.equal(
          decodeURIComponent(b.pathname),
          decodeURIComponent(a.pathname),
        );
        assert.deepEqual(
          [...b.searchParams].sort(),
          [...a.searchParams].sort(),
          link.id,
        );
        assert.deepEqual({ ...other, url: "" }, { ...link, url: "" });
      });
    });
  }
});

Deno.test("sign refuses bad flags with exit 2 before reading anything", async (t) => {
  const cases: [string[], RegExp][] = [
    [
      ["--format", "xml"],
      /Invalid --format "xml": expected one of "json", "ndjson", "csv", "html"/,
    ],
    [["--format", "JSON"], /Invalid --format "JSON"/],
    [
      ["--engine", "aws"],
      /Invalid --engine "aws": expected "native" or "ali-oss"/,
    ],
    [["--now", "yesterday"], /Invalid --now "yesterday"/],
    [["--report", "xml"], /Invalid --report "xml"/],
    [["--fail-on", "info"], /Invalid --fail-on "info"/],
    [
      ["--formats", "csv"],
      /Unknown flag "--formats": did you mean "--format"\?/,
    ],
    [["--out"], /--out/],
    [["extra.yaml"], /Too many arguments/],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const result = await sign(args, { env: {} });
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, "");
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Run "osslinks sign --help" for usage\.\n$/);
    });
  }
  await t.step("a missing manifest", async () => {
    const result = await run(["sign", "nope.yaml"]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /Cannot read manifest "nope\.yaml": file not found/,
    );
  });
});

Deno.test("sign refuses links that outlive the STS token", async (t) => {
  for (
    const [name, args, env] of [
      ["OSS_SESSION_TOKEN_EXPIRATION", [], {
        ...STS,
        OSS_SESSION_TOKEN_EXPIRATION: "2026-11-28T10:00:00Z",
      }],
      ["--token-expires", ["--token-expires", "2026-11-28T10:00:00Z"], STS],
    ] as const
  ) {
    await t.step(name, async () => {
      const result = await sign([...args, "--out", "links.json"], { env });
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stdout, "");
      assert.equal(result.fake.text("links.json"), undefined);
      // The 2h report and the 1d list entries; the 30m links are fine.
      const findings = result.stderr.match(/\[expires-after-token\]/g) ?? [];
      assert.equal(findings.length, 2, result.stderr);
    });
  }
  await t.step(
    "OSS_SESSION_TOKEN_EXPIRATION is ignored without an STS token",
    async () => {
      const result = await sign([], {
        env: { ...DEMO, OSS_SESSION_TOKEN_EXPIRATION: "2026-11-28T10:00:00Z" },
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, (await sign([])).stdout);
    },
  );
  await t.step("a token expiry after every link signs", async () => {
    const result = await sign(["--token-expires", "2026-11-30T00:00:00Z"], {
      env: STS,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, (await sign([], { env: STS })).stdout);
  });
});

Deno.test("sign treats a manifest over --max-bytes as unreadable: exit 2", async () => {
  const result = await sign(["--max-bytes", "100"]);
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stdout, "");
  assert.match(
    result.stderr,
    /more than the limit of 100 bytes \[input-too-large\]/,
  );
});

Deno.test("sign --format csv neutralises cells a spreadsheet would run; --csv-raw writes them exactly", async (t) => {
  const manifest = `version: 1
bucket: {name: examplebucket, region: cn-hangzhou, domain: static.example.com}
objects:
  - list: outside.ndjson
`;
  const outside = [
    { key: "-1.txt" },
    { key: "@user.txt", id: "@user" },
    { key: "report.pdf", id: "=1+2", filename: "+cmd.pdf" },
    { key: "plain/a b.txt", filename: "a b.txt" },
  ].map((entry) => JSON.stringify(entry)).join("\n") + "\n";
  const files = { "m.yaml": manifest, "outside.ndjson": outside };
  const csv = async (extra: string[]) => {
    const result = await run(
      ["sign", "m.yaml", ...NOW, "--format", "csv", ...extra],
      { files },
    );
    assert.equal(result.code, 0, result.stderr);
    return result.stdout.split("\r\n").slice(1, -1);
  };
  await t.step("by default: a leading ' and quotes, OWASP's way", async () => {
    const rows = await csv([]);
    assert.match(rows[0]!, /^"'-1\.txt","'-1\.txt",GET,https:/);
    assert.match(rows[1]!, /^"'@user","'@user\.txt",GET,/);
    assert.match(
      rows[2]!,
      /^"'=1\+2",report\.pdf,GET,.*,attachment,"'\+cmd\.pdf",$/,
    );
    assert.match(
      rows[3]!,
      /^plain\/a b\.txt,plain\/a b\.txt,GET,.*,a b\.txt,$/,
    );
  });
  await t.step("--csv-raw: the exact values", async () => {
    const rows = await csv(["--csv-raw"]);
    assert.match(rows[0]!, /^-1\.txt,-1\.txt,GET,https:/);
    assert.match(rows[1]!, /^@user,@user\.txt,GET,/);
    assert.match(rows[2]!, /^=1\+2,report\.pdf,GET,.*,attachment,\+cmd\.pdf,$/);
  });
  await t.step("the URLs are the same either way", async () => {
    const urls = (rows: string[]) =>
      rows.map((row) => /,GET,([^,]+),/.exec(row)?.[1]);
    assert.deepEqual(urls(await csv([])), urls(await csv(["--csv-raw"])));
  });
});

Deno.test("sign refuses a list: file entry whose filename is over 255 UTF-8 bytes, naming its line", async () => {
  const manifest = `version: 1
bucket: {name: examplebucket, region: cn-hangzhou}
objects:
  - list: outside.ndjson
`;
  const outside = `{"key": "ok.pdf", "filename": "${"报".repeat(85)}"}\n` +
    `{"key": "long.pdf", "filename": "${"报".repeat(86)}"}\n`;
  const result = await run(["sign", "m.yaml", ...NOW], {
    files: { "m.yaml": manifest, "outside.ndjson": outside },
  });
  assert.equal(result.code, 1);
  assert.equal(result.stdout, "");
  assert.match(
    result.stderr,
    /outside\.ndjson:2:.*258 UTF-8 bytes, more than the 255 a file name may have/,
  );
  assert.doesNotMatch(result.stderr, /outside\.ndjson:1:/);
});
