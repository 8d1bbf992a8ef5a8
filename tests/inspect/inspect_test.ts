import assert from "node:assert/strict";
import { decodeSignedUrl } from "../../src/inspect/decode.ts";
import {
  formatInspectJson,
  formatInspectText,
  inspectReport,
} from "../../src/inspect/report.ts";
import type {
  DecodedSignedUrl,
  Verification,
} from "../../src/inspect/types.ts";
import { notVerified, verifySignedUrl } from "../../src/inspect/verify.ts";
import {
  type Credentials,
  type PresignRequest,
  presignUrl,
} from "../../src/sign/presign.ts";
import { runCli } from "../_fake_io.ts";
import { assertGolden } from "../_golden.ts";
import {
  bucketData,
  KEY as EMULATOR_KEY,
  seededRandom,
  send,
  startTestEmulator,
  STS as EMULATOR_STS,
  testConfig,
  xmlValue,
} from "../_emulator.ts";

const NOW = new Date("2026-11-28T09:00:00Z");

const KEY: Credentials = {
  accessKeyId: "LTAI5tInspectKey",
  accessKeySecret: "inspect-SECRET-0f1e2d3c4b5a",
};

const STS: Credentials = {
  accessKeyId: "STS.InspectTemporary",
  accessKeySecret: "sts-SECRET-9a8b7c6d5e4f",
  securityToken: "CAIS+TOKEN/with=base64+chars0123456789abcdef",
};

const CJK_KEY = "reports/2026/Q3 报告.pdf";

function sign(overrides: Partial<PresignRequest> = {}): string {
  return presignUrl({
    signature: "v4",
    method: "GET",
    bucket: "examplebucket",
    key: CJK_KEY,
    region: "cn-hangzhou",
    credentials: KEY,
    signedAt: NOW,
    expires: 1800,
    ...overrides,
  });
}

interface InspectOptions {
  readonly bucket?: string;
  readonly region?: string;
  readonly now?: Date;
  readonly method?: string;
  readonly headers?: Record<string, string>;
}

function inspect(
  url: string,
  credentials?: Credentials,
  options: InspectOptions = {},
): { decoded: DecodedSignedUrl; verification: Verification } {
  const decoded = decodeSignedUrl(url, {
    bucket: options.bucket,
    region: options.region,
    now: options.now ?? NOW,
  });
  const verification = credentials === undefined
    ? notVerified(decoded, "no credentials", options)
    : verifySignedUrl(decoded, credentials, options);
  return { decoded, verification };
}

function codes(decoded: DecodedSignedUrl): string[] {
  return decoded.findings.map((finding) => finding.code);
}

function errorCodes(decoded: DecodedSignedUrl): string[] {
  return decoded.findings.filter((f) => f.severity === "error").map((f) =>
    f.code
  );
}

/** Replaces the value of a query parameter, as written, keeping the rest. */
function setParam(url: string, name: string, rawValue: string): string {
  const [base, search = ""] = url.split("?");
  return `${base}?${
    search.split("&").map((pair) =>
      pair.split("=")[0] === name ? `${name}=${rawValue}` : pair
    ).join("&")
  }`;
}

function param(url: string, name: string): string {
  const search = url.split("?")[1] ?? "";
  const pair = search.split("&").find((p) => p.split("=")[0] === name);
  assert.ok(pair !== undefined, `no parameter "${name}" in ${url}`);
  return pair.slice(name.length + 1);
}

/** Changes one character of a string to another of the same class. */
function changeChar(text: string, at = 3): string {
  const char = text[at]!;
  const other = /[0-9]/.test(char)
    ? (char === "0" ? "1" : "0")
    : (char === "a" ? "b" : "a");
  return text.slice(0, at) + other + text.slice(at + 1);
}

function assertGenericMismatch(verification: Verification): void {
  assert.equal(verification.status, "invalid");
  assert.equal(verification.error?.code, "SignatureDoesNotMatch");
  assert.equal(verification.signatureMatches, false);
  assert.match(verification.causes[0] ?? "", /secret is not the one/);
  assert.ok(
    verification.causes.some((cause) => /changed after signing/.test(cause)),
  );
  assert.ok(verification.ruledOut.includes("another HTTP method"));
}

Deno.test("decodeSignedUrl() reads URLs from presignUrl", async (t) => {
  await t.step(
    "V4 on the default domain: CJK key, scope, times, overrides",
    () => {
      const url = sign({
        query: {
          "response-content-disposition": `attachment; filename="Q3.pdf"`,
          versionId: "CAEQNhiBgMDJgZCA0BYiIDc4",
          "x-oss-process": "image/resize,w_200",
          "x-oss-traffic-limit": "819200",
        },
      });
      const decoded = decodeSignedUrl(url, {
        now: new Date("2026-11-28T09:10:00Z"),
      });
      assert.equal(decoded.scheme, "https");
      assert.equal(decoded.addressing, "default-domain");
      assert.equal(decoded.host, "examplebucket.oss-cn-hangzhou.aliyuncs.com");
      assert.equal(decoded.hostRegion, "cn-hangzhou");
      assert.equal(decoded.bucket, "examplebucket");
      assert.equal(decoded.bucketSource, "host");
      assert.equal(decoded.key, CJK_KEY);
      assert.equal(decoded.signature, "v4");
      assert.equal(decoded.accessKeyId, KEY.accessKeyId);
      assert.deepEqual(decoded.securityToken, { present: false, length: 0 });
      assert.deepEqual(decoded.v4, {
        date: "20261128",
        region: "cn-hangzhou",
        product: "oss",
        scope: "20261128/cn-hangzhou/oss/aliyun_v4_request",
        dateTime: "20261128T090000Z",
        expiresSeconds: 1800,
        additionalHeaders: [],
      });
      assert.equal(decoded.signedAt?.toISOString(), NOW.toISOString());
      assert.equal(
        decoded.expiresAt?.toISOString(),
        "2026-11-28T09:30:00.000Z",
      );
      assert.equal(decoded.lifetimeSeconds, 1800);
      assert.equal(decoded.secondsLeft, 1200);
      assert.equal(decoded.expired, false);
      assert.deepEqual(
        decoded.parameters.map((p) => [p.name, p.value, p.kind, p.signed]),
        [
          [
            "response-content-disposition",
            `attachment; filename="Q3.pdf"`,
            "response-override",
            true,
          ],
          ["versionId", "CAEQNhiBgMDJgZCA0BYiIDc4", "version", true],
          ["x-oss-process", "image/resize,w_200", "process", true],
          ["x-oss-traffic-limit", "819200", "traffic-limit", true],
        ],
      );
      assert.deepEqual(codes(decoded), ["v4-all-params-signed"]);
    },
  );

  await t.step("V1: absolute Expires, parameters V1 does not sign", () => {
    const url = sign({
      signature: "v1",
      query: { "response-content-type": "application/pdf", t: "123" },
    });
    const decoded = decodeSignedUrl(url, { now: NOW });
    assert.equal(decoded.signature, "v1");
    assert.equal(decoded.accessKeyId, KEY.accessKeyId);
    assert.equal(decoded.v4, undefined);
    assert.equal(decoded.signedAt, undefined);
    assert.equal(decoded.expiresAt?.toISOString(), "2026-11-28T09:30:00.000Z");
    assert.equal(decoded.lifetimeSeconds, undefined);
    assert.equal(decoded.secondsLeft, 1800);
    assert.deepEqual(
      decoded.parameters.map((p) => [p.name, p.kind, p.signed]),
      [["response-content-type", "response-override", true], [
        "t",
        "other",
        false,
      ]],
    );
    assert.deepEqual(codes(decoded), ["v1-deprecated", "v1-unsigned-params"]);
    assert.match(decoded.findings[1]!.message, /does not sign "t"/);
  });

  await t.step("custom domain: the bucket from --bucket, else unknown", () => {
    const url = sign({ host: "static.example.com" });
    const unknown = decodeSignedUrl(url, { now: NOW });
    assert.equal(unknown.addressing, "custom-domain");
    assert.equal(unknown.bucket, undefined);
    assert.deepEqual(codes(unknown), [
      "bucket-unknown",
      "region-unchecked",
      "v4-all-params-signed",
    ]);
    const known = decodeSignedUrl(url, { now: NOW, bucket: "examplebucket" });
    assert.equal(known.bucket, "examplebucket");
    assert.equal(known.bucketSource, "flag");
    assert.equal(known.key, CJK_KEY);
    const checked = decodeSignedUrl(url, {
      now: NOW,
      bucket: "examplebucket",
      region: "oss-cn-hangzhou",
    });
    assert.equal(checked.region, "cn-hangzhou");
    assert.deepEqual(codes(checked), ["v4-all-params-signed"]);
  });

  await t.step("path style, emulator, internal and other OSS hosts", () => {
    const cases: [Partial<PresignRequest>, string, string | undefined][] = [
      [{ host: "127.0.0.1:8080", pathStyle: true }, "path-style", undefined],
      [{ host: "localhost:8080", pathStyle: true }, "path-style", undefined],
      [
        { host: "examplebucket.oss-cn-hangzhou.localhost:9000" },
        "emulator-domain",
        "cn-hangzhou",
      ],
      [
        { host: "examplebucket.oss-cn-hangzhou-internal.aliyuncs.com" },
        "internal-domain",
        "cn-hangzhou",
      ],
      [
        { host: "examplebucket.oss-accelerate.aliyuncs.com" },
        "accelerate-domain",
        undefined,
      ],
      [
        { host: "examplebucket.cn-hangzhou.oss.aliyuncs.com" },
        "dual-stack-domain",
        "cn-hangzhou",
      ],
    ];
    for (const [overrides, addressing, region] of cases) {
      const decoded = decodeSignedUrl(sign(overrides), { now: NOW });
      assert.equal(decoded.addressing, addressing, overrides.host);
      assert.equal(decoded.bucket, "examplebucket", overrides.host);
      assert.equal(decoded.key, CJK_KEY, overrides.host);
      assert.equal(decoded.hostRegion, region, overrides.host);
      assert.deepEqual(errorCodes(decoded), [], overrides.host);
    }
    const forbidden = decodeSignedUrl(
      sign({ host: "oss-cn-hangzhou.aliyuncs.com", pathStyle: true }),
      { now: NOW },
    );
    assert.equal(forbidden.bucket, "examplebucket");
    assert.deepEqual(errorCodes(forbidden), ["path-style-forbidden"]);
    const internal = decodeSignedUrl(
      sign({ host: "examplebucket.oss-cn-hangzhou-internal.aliyuncs.com" }),
      { now: NOW },
    );
    assert.ok(codes(internal).includes("internal-domain"));
  });

  await t.step("STS: the token's presence and length, never its value", () => {
    for (const signature of ["v1", "v4"] as const) {
      const url = sign({ signature, credentials: STS });
      const { decoded, verification } = inspect(url, STS);
      assert.deepEqual(decoded.securityToken, {
        present: true,
        length: STS.securityToken!.length,
      });
      assert.equal(decoded.accessKeyId, STS.accessKeyId);
      const report = inspectReport(decoded, verification);
      for (
        const text of [formatInspectJson(report), formatInspectText(report)]
      ) {
        assert.ok(!text.includes(STS.securityToken!), signature);
        assert.ok(
          !text.includes(encodeURIComponent(STS.securityToken!)),
          signature,
        );
        assert.match(text, /44 characters/);
      }
    }
  });
});

Deno.test("verifySignedUrl() accepts untouched URLs on every host form", () => {
  const hosts: [Partial<PresignRequest>, string | undefined][] = [
    [{}, undefined],
    [{ host: "static.example.com" }, "examplebucket"],
    [{ host: "127.0.0.1:8080", pathStyle: true, https: false }, undefined],
    [{ host: "examplebucket.oss-cn-hangzhou.localhost:9000" }, undefined],
  ];
  for (const signature of ["v1", "v4"] as const) {
    for (const credentials of [KEY, STS]) {
      for (const [host, bucket] of hosts) {
        const url = sign({
          signature,
          credentials,
          ...host,
          query: {
            "response-content-disposition":
              `attachment; filename="Q3.pdf"; filename*=UTF-8''${
                encodeURIComponent("报告.pdf")
              }`,
            "x-oss-process": "style/thumb",
          },
        });
        const { verification } = inspect(
          url,
          credentials,
          bucket === undefined ? {} : { bucket },
        );
        assert.equal(verification.status, "valid", url);
        assert.equal(verification.signatureMatches, true);
        assert.equal(verification.error, undefined);
        assert.deepEqual(verification.causes, []);
      }
    }
  }
});

Deno.test("verifySignedUrl() explains each single tamper", async (t) => {
  for (const signature of ["v1", "v4"] as const) {
    const signatureName = signature === "v1" ? "Signature" : "x-oss-signature";
    const url = sign({
      signature,
      query: { "response-content-type": "application/pdf" },
    });

    await t.step(`${signature}: one character of the signature`, () => {
      const value = decodeURIComponent(param(url, signatureName));
      const tampered = setParam(
        url,
        signatureName,
        encodeURIComponent(changeChar(value)),
      );
      assertGenericMismatch(inspect(tampered, KEY).verification);
    });

    await t.step(`${signature}: one character of the key`, () => {
      const { verification, decoded } = inspect(
        url.replace("Q3", "Q4"),
        KEY,
      );
      assert.equal(decoded.key, "reports/2026/Q4 报告.pdf");
      assertGenericMismatch(verification);
    });

    await t.step(`${signature}: a signed parameter's value`, () => {
      const { verification } = inspect(
        setParam(url, "response-content-type", "text%2Fhtml"),
        KEY,
      );
      assertGenericMismatch(verification);
    });

    await t.step(`${signature}: the wrong secret`, () => {
      const { verification } = inspect(url, {
        ...KEY,
        accessKeySecret: "another-secret",
      });
      assertGenericMismatch(verification);
      assert.ok(verification.causes[0]!.includes(KEY.accessKeyId));
    });

    await t.step(`${signature}: a parameter appended after signing`, () => {
      const { verification, decoded } = inspect(`${url}&t=1764320000`, KEY);
      if (signature === "v1") {
        assert.equal(verification.status, "valid");
        assert.ok(codes(decoded).includes("v1-unsigned-params"));
      } else {
        assert.equal(verification.status, "invalid");
        assert.equal(verification.error?.code, "SignatureDoesNotMatch");
        assert.deepEqual(verification.causes, [
          'Parameter "t" was added after signing: V4 signs every parameter; drop it, or sign the URL with it',
        ]);
      }
    });

    await t.step(`${signature}: a GET URL used for HEAD`, () => {
      const { verification } = inspect(url, KEY, { method: "HEAD" });
      assert.equal(verification.status, "invalid");
      assert.equal(verification.method, "HEAD");
      assert.equal(verification.error?.code, "SignatureDoesNotMatch");
      assert.match(
        verification.causes[0]!,
        /^The URL was signed for GET, not HEAD/,
      );
      assert.equal(verification.causes.length, 1);
    });

    await t.step(`${signature}: the key encoded twice by a proxy`, () => {
      const { verification, decoded } = inspect(
        url.replace("Q3%20", "Q3%2520"),
        KEY,
      );
      assert.ok(codes(decoded).includes("key-double-encoded"));
      assert.match(verification.causes[0]!, /percent-encoded twice/);
    });

    await t.step(`${signature}: a key in another Unicode form`, () => {
      const nfc = sign({ signature, key: "caf\u00e9.txt" });
      const nfd = nfc.replace("caf%C3%A9", "cafe%CC%81");
      const { verification } = inspect(nfd, KEY);
      assert.match(verification.causes[0]!, /Unicode-normalized/);
    });

    await t.step(`${signature}: "+" where %2B was meant`, () => {
      const sts = sign({ signature, credentials: STS });
      const tokenName = signature === "v1"
        ? "security-token"
        : "x-oss-security-token";
      const broken = setParam(
        sts,
        tokenName,
        param(sts, tokenName).replaceAll("%2B", "+"),
      );
      const { verification, decoded } = inspect(broken, STS);
      assert.ok(errorCodes(decoded).includes("plus-in-query"));
      assert.equal(
        verification.error?.code,
        "AccessKeyIdAndSecurityTokenNotMatch",
      );
      assert.ok(
        verification.causes.some((cause) =>
          cause.startsWith('The URL has a literal "+" where "%2B" was meant')
        ),
      );
    });

    await t.step(`${signature}: another AccessKey`, () => {
      const { verification } = inspect(url, {
        accessKeyId: "LTAI5tSomeoneElse",
        accessKeySecret: KEY.accessKeySecret,
      });
      assert.equal(verification.error?.code, "InvalidAccessKeyId");
      assert.equal(verification.signatureMatches, undefined);
      assert.match(
        verification.causes[0]!,
        /signed with AccessKey ID "LTAI5tInspectKey", the credentials are for "LTAI5tSomeoneElse"/,
      );
    });

    await t.step(`${signature}: STS token of another session`, () => {
      const sts = sign({ signature, credentials: STS });
      const { verification } = inspect(sts, {
        ...STS,
        securityToken: "another-token",
      });
      assert.equal(
        verification.error?.code,
        "AccessKeyIdAndSecurityTokenNotMatch",
      );
      assert.equal(verification.signatureMatches, true);
      const unchecked = inspect(sts, { ...STS, securityToken: undefined });
      assert.equal(unchecked.verification.status, "valid");
      assert.match(unchecked.verification.notes[0]!, /token was not compared/);
    });
  }
});

Deno.test("verifySignedUrl() tells an expired URL from a broken one", async (t) => {
  for (const signature of ["v1", "v4"] as const) {
    await t.step(signature, () => {
      const url = sign({ signature });
      const later = new Date("2026-11-28T10:00:00Z");
      const { decoded, verification } = inspect(url, KEY, { now: later });
      assert.equal(decoded.expired, true);
      assert.equal(decoded.secondsLeft, -1800);
      assert.deepEqual(errorCodes(decoded), ["expired"]);
      assert.equal(verification.status, "expired");
      assert.equal(verification.error?.code, "AccessDenied");
      assert.equal(verification.error?.ec, "0002-00000069");
      assert.equal(verification.signatureMatches, true);
      assert.match(verification.causes[0]!, /expired at 2026-11-28T09:30:00/);
      const broken = inspect(url, { ...KEY, accessKeySecret: "x" }, {
        now: later,
      });
      assert.equal(broken.verification.status, "invalid");
      assert.equal(broken.verification.signatureMatches, false);
    });
  }
});

Deno.test("decodeSignedUrl() and verifySignedUrl() catch V4 scope problems", async (t) => {
  await t.step("scope region differs from the host's", () => {
    const url = sign({
      region: "cn-shanghai",
      host: "examplebucket.oss-cn-hangzhou.aliyuncs.com",
    });
    const { decoded, verification } = inspect(url, KEY);
    assert.deepEqual(errorCodes(decoded), ["region-mismatch"]);
    assert.match(decoded.findings[0]!.message, /0002-00000226/);
    assert.equal(verification.error?.code, "InvalidArgument");
    assert.equal(verification.error?.ec, "0002-00000226");
    assert.equal(verification.signatureMatches, true);
    assert.match(verification.causes[0]!, /not the host's region/);
  });

  await t.step("scope region differs from --region on a custom domain", () => {
    const url = sign({ region: "cn-shanghai", host: "static.example.com" });
    const { decoded, verification } = inspect(url, KEY, {
      bucket: "examplebucket",
      region: "cn-hangzhou",
    });
    assert.deepEqual(errorCodes(decoded), ["region-mismatch"]);
    assert.equal(verification.error?.ec, "0002-00000228");
  });

  await t.step('the "oss-" prefix in the scope', () => {
    const url = sign();
    const credential = param(url, "x-oss-credential").replace(
      "cn-hangzhou",
      "oss-cn-hangzhou",
    );
    const { decoded, verification } = inspect(
      setParam(url, "x-oss-credential", credential),
      KEY,
    );
    assert.deepEqual(errorCodes(decoded), ["scope-region-prefix"]);
    assert.equal(verification.error?.ec, "0002-00000226");
  });

  await t.step("signed in the future: the signer's clock is ahead", () => {
    const { decoded, verification } = inspect(sign(), KEY, {
      now: new Date("2026-11-28T08:00:00Z"),
    });
    assert.deepEqual(codes(decoded), [
      "signed-in-future",
      "v4-all-params-signed",
    ]);
    assert.equal(verification.error?.code, "RequestTimeTooSkewed");
    assert.equal(verification.signatureMatches, true);
    assert.match(verification.causes[0]!, /signer's clock is ahead/);
  });

  await t.step("a signed Host header", () => {
    const host = "examplebucket.oss-cn-hangzhou.aliyuncs.com";
    const url = sign({ headers: { host }, additionalHeaders: ["host"] });
    const { decoded, verification } = inspect(url, KEY);
    assert.deepEqual(decoded.v4?.additionalHeaders, ["host"]);
    assert.ok(codes(decoded).includes("signed-headers"));
    assert.equal(verification.status, "valid");
    const moved = inspect(url.replace(host, "static.example.com"), KEY, {
      bucket: "examplebucket",
    });
    assert.equal(moved.verification.status, "invalid");
    assert.match(
      moved.verification.causes[0]!,
      /signs the Host header and was signed for "examplebucket\.oss-cn-hangzhou\.aliyuncs\.com"/,
    );
  });

  await t.step("x-oss-expires beyond 7 days", () => {
    const url = setParam(sign(), "x-oss-expires", "700000");
    const { decoded, verification } = inspect(url, KEY);
    assert.deepEqual(errorCodes(decoded), ["expires-too-long"]);
    assert.equal(
      decoded.findings.find((f) => f.code === "expires-too-long")?.message,
      '"x-oss-expires" is 700000 (8d2h26m40s): V4 URLs live from 1s to 7d (604800 seconds)',
    );
    assert.equal(verification.error?.ec, "0002-00000232");
  });
});

Deno.test("signedStrings() are the verifier's, with the STS token redacted", () => {
  for (const signature of ["v1", "v4"] as const) {
    const url = sign({ signature, credentials: STS });
    const { verification } = inspect(url, { ...STS, accessKeySecret: "x" });
    const details = new Map(verification.error?.details);
    assert.equal(verification.stringToSign, details.get("StringToSign"));
    if (signature === "v4") {
      assert.equal(
        verification.canonicalRequest,
        details.get("CanonicalRequest"),
      );
    }
    const all = JSON.stringify(verification);
    assert.ok(!all.includes(STS.securityToken!));
    assert.ok(!all.includes(encodeURIComponent(STS.securityToken!)));
    assert.match(all, /security-token=\[redacted: 44 characters\]/);
  }
});

Deno.test("verifySignedUrl() agrees with the emulator over HTTP on tampered links", async () => {
  const random = seededRandom(20261129);
  const keys = ["hello.txt", "dir/a b+c.txt", "报告/Q3 (final).pdf"];
  const config = await testConfig([{
    ...bucketData(),
    objects: keys.map((key) => ({ key, content: key })),
  }]);
  await using emulator = await startTestEmulator(config);
  const outcomes = new Set<string>();
  for (let i = 0; i < 40; i++) {
    const key = keys[Math.floor(random() * keys.length)]!;
    const credentials = random() < 0.5 ? EMULATOR_KEY : EMULATOR_STS;
    const pathStyle = random() < 0.5;
    const url = presignUrl({
      signature: random() < 0.5 ? "v1" : "v4",
      method: "GET",
      bucket: "examplebucket",
      key,
      region: "cn-hangzhou",
      host: pathStyle
        ? `127.0.0.1:${emulator.port}`
        : emulator.bucketHost("examplebucket"),
      pathStyle,
      https: false,
      credentials,
      signedAt: NOW,
      expires: 600,
      query: { "response-content-type": "text/plain" },
    });
    const mutations = [
      (u: string) => u,
      (u: string) => `${u}&extra=1`,
      (u: string) => setParam(u, "response-content-type", "text%2Fhtml"),
      (u: string) => u.replace(/(Signature|x-oss-signature)=([^&])/, "$1=Z"),
      (u: string) => u.replace(/\/([^/?]+)\?/, "/x$1?"),
    ];
    const tampered = mutations[Math.floor(random() * mutations.length)]!(url);
    const response = await send(tampered, { via: emulator });
    const { verification } = inspect(tampered, credentials);
    const code = xmlValue(response.text, "Code");
    outcomes.add(code ?? String(response.status));
    if (response.status === 200 || code === "NoSuchKey") {
      assert.equal(verification.status, "valid", `${tampered}\n${code}`);
    } else {
      assert.equal(verification.error?.code, code, tampered);
    }
  }
  assert.deepEqual([...outcomes].sort(), ["200", "SignatureDoesNotMatch"]);
});

// ---------------------------------------------------------------------------
// The command line, through main() with an in-memory IO.

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function runMain(
  args: readonly string[],
  env: Record<string, string> = {},
  stdin = "",
): Promise<Run> {
  const run = await runCli(args, {
    env,
    stdin,
    now: NOW,
    failWrite: () => new Error("No files in this test"),
  });
  assert.equal(run.fake.written.size, 0, "inspect wrote a file");
  return run;
}

function run(
  args: readonly string[],
  env: Record<string, string> = {},
  stdin = "",
): Promise<Run> {
  return runMain(["inspect", ...args], env, stdin);
}

function envOf(credentials: Credentials): Record<string, string> {
  return {
    OSS_ACCESS_KEY_ID: credentials.accessKeyId,
    OSS_ACCESS_KEY_SECRET: credentials.accessKeySecret,
    ...(credentials.securityToken
      ? { OSS_SESSION_TOKEN: credentials.securityToken }
      : {}),
  };
}

function assertNoStack(result: Run): void {
  const all = result.stdout + result.stderr;
  assert.doesNotMatch(all, /\n\s+at /);
  assert.doesNotMatch(all, /internal error/i);
}

const GOLDEN_V4 = sign({
  credentials: STS,
  query: {
    "response-content-disposition":
      `attachment; filename="Q3.pdf"; filename*=UTF-8''${
        encodeURIComponent("第三季度报告.pdf")
      }`,
    "x-oss-process": "style/thumb",
  },
});

Deno.test("main() inspect prints a report and exits by the verdict", async (t) => {
  await t.step("help", async () => {
    const help = await run(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: osslinks inspect <url\|->/);
    const top = await runMain(["--help"]);
    assert.equal(top.code, 0);
    assert.match(top.stdout, /\n {2}inspect <url\|-> +Decode a signed URL/);
  });

  await t.step("no credentials is not an error", async () => {
    const result = await run([GOLDEN_V4]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Result: +not verified: no credentials/);
    assert.equal(result.stderr, "");
  });

  await t.step("JSON golden: a valid STS link at a fixed clock", async () => {
    const result = await run(
      [GOLDEN_V4, "--format", "json", "--now", "2026-11-28T09:10:00Z"],
      envOf(STS),
    );
    assert.equal(result.code, 0, result.stdout);
    await assertGolden(result.stdout, "../inspect/v4_sts_valid.json");
    const parsed = JSON.parse(result.stdout);
    assert.equal(parsed.verification.status, "valid");
  });

  await t.step("text golden: a V1 GET link used for HEAD", async () => {
    const url = sign({
      signature: "v1",
      key: "docs/a+b.txt",
      query: { "response-content-type": "text/plain", t: "1" },
    });
    const result = await run(
      [url, "--method", "head", "--now", "2026-11-28T09:10:00Z"],
      envOf(KEY),
    );
    assert.equal(result.code, 1);
    await assertGolden(result.stdout, "../inspect/v1_head.txt");
  });

  await t.step(
    "text golden: an expired V4 link with an appended parameter",
    async () => {
      const result = await run(
        [`${GOLDEN_V4}&utm_source=mail`, "--now", "2026-11-28T12:00:00Z"],
        envOf(STS),
      );
      assert.equal(result.code, 1);
      await assertGolden(result.stdout, "../inspect/v4_expired_appended.txt");
    },
  );

  await t.step("the URL from standard input", async () => {
    const result = await run(["-"], envOf(KEY), `  ${sign()}\n`);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Verdict: Valid: the signature matches/);
  });

  await t.step("expired by --now", async () => {
    const result = await run([sign(), "--now", "2026-11-29T00:00:00Z"]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /\[expired\]/);
    assert.match(result.stdout, /Expired: +14h30m ago/);
  });

  await t.step("custom domain with --bucket and --region", async () => {
    const url = sign({ host: "static.example.com" });
    const unknown = await run([url], envOf(KEY));
    assert.equal(unknown.code, 0);
    assert.match(unknown.stdout, /not verified: the bucket is unknown/);
    const known = await run(
      [url, "--bucket", "examplebucket", "--region", "cn-hangzhou"],
      envOf(KEY),
    );
    assert.equal(known.code, 0, known.stdout);
    assert.match(
      known.stdout,
      /Bucket: +examplebucket \(from the --bucket flag\)/,
    );
  });

  await t.step("signed headers given with --header", async () => {
    const url = sign({
      signature: "v1",
      method: "PUT",
      headers: { "Content-Type": "application/pdf" },
    });
    const without = await run([url, "--method", "PUT"], envOf(KEY));
    assert.equal(without.code, 1);
    assert.match(without.stdout, /pass them with --header/);
    const withHeader = await run(
      [url, "--method", "PUT", "--header", "Content-Type: application/pdf"],
      envOf(KEY),
    );
    assert.equal(withHeader.code, 0, withHeader.stdout);
  });
});

Deno.test("main() inspect handles malformed input without a stack trace", async (t) => {
  const cases: [string, readonly string[], number, RegExp][] = [
    ["not a URL", ["not a url"], 2, /Cannot parse the URL/],
    ["an ftp URL", ["ftp://example.com/a.txt"], 2, /"ftp:" URL/],
    ["an empty argument", [""], 2, /Cannot parse the URL/],
    ["no argument", [], 2, /Missing URL argument/],
    ["two arguments", ["https://a.example/x", "y"], 2, /Too many arguments/],
    [
      "a bad method",
      [GOLDEN_V4, "--method", "PATCH"],
      2,
      /--method "PATCH": expected one of "GET", "HEAD", "PUT", "POST", "DELETE"/,
    ],
    [
      "a bad format",
      [GOLDEN_V4, "--format", "xml"],
      2,
      /--format "xml": expected one of "text", "json"/,
    ],
    ["a bad header", [GOLDEN_V4, "--header", "nocolon"], 2, /--header/],
    ["a bad time", [GOLDEN_V4, "--now", "tomorrow"], 2, /--now "tomorrow"/],
    ["an unknown flag", [GOLDEN_V4, "--bucke", "b"], 2, /did you mean/],
    [
      "an unsigned URL",
      ["https://examplebucket.oss-cn-hangzhou.aliyuncs.com/a.txt"],
      1,
      /Unsigned URL/,
    ],
    [
      "a V4 URL cut at the first &",
      [GOLDEN_V4.slice(0, GOLDEN_V4.indexOf("&"))],
      1,
      /Truncated URL: .*\[url-truncated\]/,
    ],
    [
      "a V4 URL cut before its signature",
      [GOLDEN_V4.slice(0, GOLDEN_V4.indexOf("&x-oss-signature="))],
      1,
      /needs .*"x-oss-signature": missing/,
    ],
    [
      "a V1 URL missing Expires",
      [
        sign({ signature: "v1" }).replace(/Expires=\d+&/, ""),
      ],
      1,
      /needs "Expires": missing/,
    ],
    [
      "a duplicated parameter",
      [`${GOLDEN_V4}&x-oss-date=20261128T100000Z`],
      1,
      /Parameter "x-oss-date" appears 2 times/,
    ],
    [
      "V1 and V4 parameters together",
      [`${GOLDEN_V4}&Signature=abc`],
      1,
      /both V1 and V4/,
    ],
    [
      "a malformed percent-escape",
      [`${GOLDEN_V4}&x=%E6%2`],
      1,
      /malformed percent-escape/,
    ],
    [
      "a malformed key",
      [GOLDEN_V4.replace("Q3%20", "Q3%2")],
      1,
      /\[key-malformed\]/,
    ],
  ];
  for (const [name, args, code, pattern] of cases) {
    await t.step(name, async () => {
      for (const env of [{}, envOf(STS)]) {
        const result = await run(args, env);
        assert.equal(result.code, code, result.stdout + result.stderr);
        assert.match(result.stdout + result.stderr, pattern);
        assertNoStack(result);
      }
    });
  }
});

Deno.test("inspect output never contains the secret or the STS token", async () => {
  const secrets = [
    STS.accessKeySecret,
    STS.securityToken!,
    encodeURIComponent(STS.securityToken!),
    "[redacted]",
  ];
  const urls: string[] = [];
  for (const signature of ["v1", "v4"] as const) {
    const url = sign({
      signature,
      credentials: STS,
      query: { "response-content-type": "text/plain" },
    });
    const tokenName = signature === "v1"
      ? "security-token"
      : "x-oss-security-token";
    urls.push(
      url,
      `${url}&v=1`,
      url.replace("Q3", "Q4"),
      setParam(url, tokenName, param(url, tokenName).replaceAll("%2B", "+")),
      `${url}&${
        signature === "v1" ? "x-oss-security-token" : "security-token"
      }=${encodeURIComponent(STS.securityToken!)}`,
      `${url}&${tokenName}=${encodeURIComponent(STS.securityToken!)}`,
      `${url}&Signature=abc&x-oss-signature=def`,
    );
  }
  const envs = [
    envOf(STS),
    envOf({ ...STS, securityToken: "other-session-token" }),
    // Not "wrong-secret": the output names the cause "cause-wrong-secret",
    // which the CLI's secret redaction would then rewrite.
    envOf({ ...STS, accessKeySecret: "Mistyped-Secret-42" }),
    {},
  ];
  for (const url of urls) {
    for (const env of envs) {
      for (const flags of [[], ["--format", "json"], ["--method", "HEAD"]]) {
        const result = await run([url, ...flags], env);
        for (const secret of secrets) {
          assert.ok(
            !result.stdout.includes(secret) && !result.stderr.includes(secret),
            `"${secret}" printed for ${url} ${flags.join(" ")}`,
          );
        }
      }
    }
  }
});

Deno.test("formatInspectText() escapes control characters of hostile keys", () => {
  const url = sign({ key: "a\u001b[31mred\u202Eevil.txt" });
  const { decoded, verification } = inspect(url, KEY);
  const text = formatInspectText(inspectReport(decoded, verification));
  assert.ok(!text.includes("\u001b"));
  assert.ok(!text.includes("\u202E"));
  assert.match(text, /Key: +a\\u\{001b\}\[31mred\\u\{202e\}evil\.txt/);
});

Deno.test("decodeSignedUrl() spots damage from copying a URL", async (t) => {
  await t.step('a V1 signature with "+" where %2B was meant', () => {
    let url = "";
    for (let i = 0; i < 200 && !url.includes("%2B"); i++) {
      url = sign({ signature: "v1", key: `k${i}.txt` });
    }
    assert.ok(param(url, "Signature").includes("%2B"), url);
    const broken = setParam(
      url,
      "Signature",
      param(url, "Signature").replaceAll("%2B", "+"),
    );
    const { decoded, verification } = inspect(broken, KEY);
    assert.deepEqual(errorCodes(decoded), ["plus-in-query"]);
    assert.match(
      decoded.findings[0]!.message,
      /"Signature" has a literal "\+"/,
    );
    assert.equal(verification.error?.code, "SignatureDoesNotMatch");
    assert.match(verification.causes[0]!, /^The URL has a literal "\+"/);
  });

  await t.step(
    "a URL wrapped over two lines still parses, with a warning",
    () => {
      const url = sign();
      const wrapped = `${url.slice(0, 80)}\n${url.slice(80)}`;
      const { decoded, verification } = inspect(wrapped, KEY);
      assert.deepEqual(codes(decoded), [
        "url-whitespace",
        "v4-all-params-signed",
      ]);
      assert.equal(verification.status, "valid");
    },
  );

  await t.step("a space in the signature", () => {
    const url = sign();
    const at = url.indexOf("x-oss-signature=") + 20;
    const { decoded, verification } = inspect(
      `${url.slice(0, at)} ${url.slice(at)}`,
      KEY,
    );
    assert.ok(codes(decoded).includes("url-whitespace"));
    assert.ok(errorCodes(decoded).includes("signature-malformed"));
    assert.equal(verification.error?.code, "SignatureDoesNotMatch");
    const [first] = verification.rankedCauses;
    assert.equal(first?.code, "cause-truncated-url");
    assert.match(first.evidence[0]!.text, /contains whitespace/);
  });

  await t.step("quotes or angle brackets around the URL", () => {
    for (const wrapper of ['"X"', "'X'", "<X>", "`X`"]) {
      const { decoded, verification } = inspect(
        wrapper.replace("X", sign()),
        KEY,
      );
      assert.deepEqual(codes(decoded), ["v4-all-params-signed"], wrapper);
      assert.equal(verification.status, "valid", wrapper);
    }
  });

  await t.step("a #fragment and dot segments", () => {
    const fragment = inspect(`${sign({ key: "a.txt" })}#page=2`, KEY);
    assert.ok(codes(fragment.decoded).includes("url-fragment"));
    // presignUrl escapes the slashes of a key with dot segments; a naive
    // signer does not, and URL parsers then resolve the "..".
    const naive = sign({ key: "a/../b.txt" }).replace(
      "a%2F..%2Fb.txt",
      "a/../b.txt",
    );
    const dots = inspect(naive, KEY);
    assert.ok(codes(dots.decoded).includes("path-normalized"));
    assert.equal(dots.decoded.key, "b.txt");
    assert.equal(dots.verification.status, "invalid");
  });

  await t.step("http, unknown overrides, traffic limit, inline on OSS", () => {
    const url = sign({
      https: false,
      query: {
        "response-content-dispostion": "inline",
        "response-content-disposition": "inline; filename:a.png",
        "x-oss-traffic-limit": "100",
      },
    });
    const found = codes(decodeSignedUrl(url, { now: NOW }));
    for (
      const code of [
        "http-scheme",
        "unknown-override",
        "traffic-limit-range",
        "disposition-syntax",
        "inline-on-default-domain",
      ]
    ) {
      assert.ok(found.includes(code), code);
    }
    const message = decodeSignedUrl(url, { now: NOW }).findings.find((f) =>
      f.code === "unknown-override"
    )?.message;
    assert.match(message ?? "", /did you mean "response-content-disposition"/);
  });
});

Deno.test("inspect reads a V1 Expires later than any date without crashing", async (t) => {
  // 8640000000001 s is one second past the last instant a JS Date holds.
  const url = sign({ signature: "v1" }).replace(
    /Expires=\d+/,
    "Expires=8640000000001",
  );
  await t.step("decodeSignedUrl() and formatInspectJson()", () => {
    const { decoded, verification } = inspect(url, KEY);
    assert.equal(decoded.expiresAt, undefined);
    assert.ok(codes(decoded).includes("expires-out-of-range"));
    assert.equal(verification.error?.code, "SignatureDoesNotMatch");
    const text = formatInspectJson(inspectReport(decoded, verification));
    assert.match(text, /"expiresAt": null/);
  });
  await t.step("main()", async () => {
    for (const env of [{}, envOf(KEY)]) {
      const result = await run([url], env);
      assert.match(result.stdout, /\[expires-out-of-range\]/);
      assertNoStack(result);
    }
  });
});

Deno.test("decodeSignedUrl() refuses an x-oss-date that is no real time", async (t) => {
  // Date.UTC rolls these over (30 Feb → 2 Mar, hour 24 → next day) or maps
  // years 0–99 to 1900–1999; the URL says none of those times.
  for (const date8 of ["20260230", "20261128", "00991128"]) {
    for (
      const time of date8 === "20261128"
        ? ["T240000Z", "T086000Z"]
        : ["T090000Z"]
    ) {
      const dateTime = `${date8}${time}`;
      await t.step(dateTime, () => {
        const url = setParam(
          setParam(sign(), "x-oss-date", dateTime),
          "x-oss-credential",
          param(sign(), "x-oss-credential").replace("20261128", date8),
        );
        const { decoded } = inspect(url);
        assert.equal(decoded.signedAt, undefined);
        assert.ok(
          decoded.findings.some((finding) =>
            finding.code === "malformed-param" &&
            finding.message.includes(`"x-oss-date" is "${dateTime}"`)
          ),
          JSON.stringify(decoded.findings),
        );
      });
    }
  }
});
