import assert from "node:assert/strict";
import { INSPECT_CODES } from "../../src/inspect/codes.ts";
import { decodeSignedUrl } from "../../src/inspect/decode.ts";
import type {
  EvidenceStrength,
  InspectCause,
  Verification,
} from "../../src/inspect/types.ts";
import { notVerified, verifySignedUrl } from "../../src/inspect/verify.ts";
import {
  type Credentials,
  type PresignRequest,
  presignUrl,
} from "../../src/sign/presign.ts";
import { RULE_CATALOGUE } from "../../src/catalogue/catalogue.ts";
import { runCli } from "../_fake_io.ts";

// The injected clock: every URL is signed at NOW and checked relative to it.
const NOW = new Date("2026-11-28T09:00:00Z");
const MINUTE = 60_000;

const KEY: Credentials = {
  accessKeyId: "LTAI5tCausesKey",
  accessKeySecret: "causes-SECRET-1a2b3c4d5e6f",
};

const HOST = "examplebucket.oss-cn-hangzhou.aliyuncs.com";

function sign(overrides: Partial<PresignRequest> = {}): string {
  return presignUrl({
    signature: "v4",
    method: "GET",
    bucket: "examplebucket",
    key: "reports/2026/Q3 报告.pdf",
    region: "cn-hangzhou",
    credentials: KEY,
    signedAt: NOW,
    expires: 1800,
    query: { "response-content-type": "application/pdf" },
    ...overrides,
  });
}

/** Decodes at `now` and verifies with `credentials` (none: not verified). */
function inspect(
  url: string,
  credentials: Credentials | undefined = KEY,
  now: Date = NOW,
): Verification {
  const decoded = decodeSignedUrl(url, { now });
  return credentials === undefined
    ? notVerified(decoded, "no credentials")
    : verifySignedUrl(decoded, credentials);
}

/** Asserts the first cause's code and that some evidence matches. */
function assertFirst(
  verification: Verification,
  code: InspectCause["code"],
  strength: EvidenceStrength,
  text: RegExp,
): InspectCause {
  const [first] = verification.rankedCauses;
  assert.ok(first !== undefined, "no cause");
  assert.equal(
    first.code,
    code,
    JSON.stringify(verification.rankedCauses, null, 2),
  );
  assert.ok(
    first.evidence.some((e) => e.strength === strength && text.test(e.text)),
    `no ${strength} evidence matching ${text}: ${
      JSON.stringify(first.evidence, null, 2)
    }`,
  );
  assert.equal(verification.causes[0], first.summary);
  return first;
}

function setParam(url: string, name: string, rawValue: string): string {
  const [base, search = ""] = url.split("?");
  return `${base}?${
    search.split("&").map((pair) =>
      pair.split("=")[0] === name ? `${name}=${rawValue}` : pair
    ).join("&")
  }`;
}

function param(url: string, name: string): string {
  const pair = (url.split("?")[1] ?? "").split("&").find((p) =>
    p.split("=")[0] === name
  );
  assert.ok(pair !== undefined, `no ${name} in ${url}`);
  return pair.slice(name.length + 1);
}

Deno.test("inspect ranks a truncated URL first", async (t) => {
  await t.step("V4 cut at the first &: truncated, not unsigned", () => {
    const url = sign();
    const cut = url.slice(0, url.indexOf("&"));
    for (const credentials of [undefined, KEY]) {
      const decoded = decodeSignedUrl(cut, { now: NOW });
      assert.deepEqual(
        decoded.findings.filter((f) => f.severity === "error").map((f) =>
          f.code
        ),
        ["url-truncated"],
      );
      assertFirst(
        inspect(cut, credentials),
        "cause-truncated-url",
        "strong",
        /"response-content-type", which only signed URLs carry/,
      );
    }
  });

  await t.step("V1 cut at the first &: missing signature parts", () => {
    const url = sign({ signature: "v1" });
    const cut = url.slice(0, url.indexOf("&"));
    assertFirst(
      inspect(cut),
      "cause-truncated-url",
      "strong",
      /needs "OSSAccessKeyId", "Signature"/,
    );
  });

  await t.step("cut inside the signature: verified with the secret", () => {
    const url = sign();
    const signature = param(url, "x-oss-signature");
    const cut = setParam(url, "x-oss-signature", signature.slice(0, 40));
    assertFirst(
      inspect(cut, undefined),
      "cause-truncated-url",
      "strong",
      /signature has 40 of the 64 characters/,
    );
    const verified = assertFirst(
      inspect(cut),
      "cause-truncated-url",
      "verified",
      /first 40 of the 64 characters the given secret makes/,
    );
    assert.equal(verified.evidence[0]!.strength, "verified");
    // The right signature is never printed.
    assert.ok(!JSON.stringify(inspect(cut)).includes(signature));
  });

  await t.step('cut at a "#" the key was not encoded for', () => {
    const url = sign({ key: "notes/a#b.txt" });
    const broken = url.replace("%23", "#");
    assertFirst(
      inspect(broken),
      "cause-truncated-url",
      "strong",
      /come after a "#"/,
    );
  });
});

Deno.test("inspect ranks clock skew first for a URL signed in the future", () => {
  const verification = inspect(
    sign(),
    KEY,
    new Date(NOW.getTime() - 60 * MINUTE),
  );
  assert.equal(verification.error?.code, "RequestTimeTooSkewed");
  const first = assertFirst(
    verification,
    "cause-clock-skew",
    "verified",
    /signature verifies with the given secret at a time the URL was valid/,
  );
  assert.ok(
    first.evidence.some((e) => /1h after 2026-11-28T08:00:00/.test(e.text)),
  );
});

Deno.test("inspect ranks expiry first for an expired URL", () => {
  const later = new Date(NOW.getTime() + 60 * MINUTE);
  const verification = inspect(sign(), KEY, later);
  assert.equal(verification.status, "expired");
  assertFirst(
    verification,
    "cause-expired",
    "verified",
    /signature verifies with the given secret/,
  );
  assertFirst(
    inspect(sign(), undefined, later),
    "cause-expired",
    "strong",
    /expired at 2026-11-28T09:30:00.000Z, 30m before/,
  );
});

Deno.test("inspect ranks a wrong AccessKey ID first", async (t) => {
  await t.step("the secret of the URL's key under another ID: verified", () => {
    assertFirst(
      inspect(sign(), { ...KEY, accessKeyId: "LTAI5tSomeoneElse" }),
      "cause-wrong-access-key-id",
      "verified",
      /verifies with the given secret under AccessKey ID "LTAI5tCausesKey"/,
    );
  });
  await t.step("another key altogether: the IDs differ", () => {
    assertFirst(
      inspect(sign(), {
        accessKeyId: "LTAI5tSomeoneElse",
        accessKeySecret: "other",
      }),
      "cause-wrong-access-key-id",
      "strong",
      /URL names AccessKey ID "LTAI5tCausesKey", the credentials "LTAI5tSomeoneElse"/,
    );
  });
});

Deno.test("inspect ranks a wrong secret first when the URL shows no damage", () => {
  for (const signature of ["v1", "v4"] as const) {
    const verification = inspect(sign({ signature }), {
      ...KEY,
      accessKeySecret: "another-secret",
    });
    assert.equal(verification.error?.code, "SignatureDoesNotMatch");
    assertFirst(
      verification,
      "cause-wrong-secret",
      "weak",
      /No repair makes the signature verify \(tried: .*another HTTP method/,
    );
  }
});

Deno.test("inspect ranks a modified URL first", async (t) => {
  await t.step("a signature of the wrong alphabet", () => {
    const url = sign();
    const signature = param(url, "x-oss-signature");
    const broken = setParam(url, "x-oss-signature", `z${signature.slice(1)}`);
    for (const credentials of [undefined, KEY]) {
      assertFirst(
        inspect(broken, credentials),
        "cause-modified-url",
        "strong",
        /x-oss-signature has 64 characters: a V4 signature is 64 lower-case hex digits/,
      );
    }
  });

  await t.step("a key re-encoded by a proxy: verified re-encoded path", () => {
    const broken = sign().replace("Q3%20", "Q3%2520");
    assertFirst(
      inspect(broken),
      "cause-modified-url",
      "verified",
      /when the path is re-encoded as \/reports\/2026\/Q3%20%E6%8A%A5%E5%91%8A\.pdf$/,
    );
    // Without the secret the doubled escape still outranks a wrong secret.
    assertFirst(
      inspect(broken, undefined),
      "cause-modified-url",
      "strong",
      /still contains "%20" after decoding/,
    );
    assertFirst(
      inspect(broken, { ...KEY, accessKeySecret: "another-secret" }),
      "cause-modified-url",
      "strong",
      /still contains "%20" after decoding/,
    );
  });

  await t.step("a parameter added after signing", () => {
    assertFirst(
      inspect(`${sign()}&utm_source=mail`),
      "cause-modified-url",
      "verified",
      /when "utm_source" is dropped/,
    );
  });

  await t.step("a response override renamed in another case", () => {
    const broken = sign().replace(
      "response-content-type=",
      "Response-Content-Type=",
    );
    assertFirst(
      inspect(broken),
      "cause-modified-url",
      "verified",
      /response-\* and x-oss-\* names are in lower case/,
    );
  });

  await t.step("a V1 parameter encoded twice", () => {
    const url = sign({ signature: "v1" });
    const broken = setParam(
      url,
      "response-content-type",
      "application%252Fpdf",
    );
    assertFirst(
      inspect(broken),
      "cause-modified-url",
      "verified",
      /"response-content-type" is decoded once more, to "application\/pdf"/,
    );
  });
});

Deno.test("inspect ranks a wrong host, bucket or region first", async (t) => {
  await t.step("a host of another region: scope against host", () => {
    const moved = sign().replace(
      HOST,
      "examplebucket.oss-cn-shanghai.aliyuncs.com",
    );
    const first = assertFirst(
      inspect(moved),
      "cause-wrong-host",
      "verified",
      /signature verifies with the given secret/,
    );
    assert.ok(
      first.evidence.some((e) =>
        e.text ===
          "The credential scope says cn-hangzhou, the host says cn-shanghai"
      ),
    );
    assertFirst(
      inspect(moved, undefined),
      "cause-wrong-host",
      "strong",
      /^The credential scope says cn-hangzhou, the host says cn-shanghai$/,
    );
  });

  await t.step("the scope's region edited after signing", () => {
    const url = sign();
    const edited = setParam(
      url,
      "x-oss-credential",
      param(url, "x-oss-credential").replace("cn-hangzhou", "cn-shanghai"),
    );
    const verification = inspect(edited);
    assert.equal(verification.error?.ec, "0002-00000226");
    assert.equal(verification.signatureMatches, false);
    const first = assertFirst(
      verification,
      "cause-wrong-host",
      "strong",
      /^The credential scope says cn-shanghai, the host says cn-hangzhou$/,
    );
    // The signature matches nowhere else: no other host is suggested.
    assert.doesNotMatch(first.summary, /use the URL on a host/);
    const edit = verification.rankedCauses.find((c) =>
      c.code === "cause-modified-url"
    );
    assert.match(edit?.summary ?? "", /credential scope was edited/);
    assert.match(
      edit!.evidence[0]!.text,
      /verifies with the given secret when the credential scope says cn-hangzhou/,
    );
  });

  await t.step("the bucket moved into the path of the endpoint", () => {
    const moved = sign().replace(
      `${HOST}/`,
      "oss-cn-hangzhou.aliyuncs.com/examplebucket/",
    );
    for (const credentials of [undefined, KEY]) {
      assertFirst(
        inspect(moved, credentials),
        "cause-wrong-host",
        "strong",
        /Path-style URL on the OSS endpoint/,
      );
    }
  });

  await t.step("the path repeats the host's bucket", () => {
    const doubled = sign().replace(`${HOST}/`, `${HOST}/examplebucket/`);
    assertFirst(
      inspect(doubled),
      "cause-wrong-host",
      "verified",
      /when the bucket is "examplebucket" and the key "reports\/2026\/Q3 报告\.pdf"/,
    );
  });

  await t.step("another bucket's host, the signed one in the path", () => {
    const moved = sign().replace(
      `${HOST}/`,
      "otherbucket.oss-cn-hangzhou.aliyuncs.com/examplebucket/",
    );
    assertFirst(
      inspect(moved),
      "cause-wrong-host",
      "verified",
      /when the bucket is "examplebucket"/,
    );
  });
});

Deno.test("inspect ranks a wrong signature version first", async (t) => {
  await t.step("a V1 Expires written as a duration", () => {
    // The signer wrote Expires=1800 (V4's relative expiry) into a V1 URL.
    const url = sign({ signature: "v1", signedAt: new Date(0) });
    assert.equal(param(url, "Expires"), "1800");
    const first = assertFirst(
      inspect(url),
      "cause-wrong-signature-version",
      "verified",
      /signature verifies with the given secret/,
    );
    assert.ok(
      first.evidence.some((e) =>
        /"Expires" is 1800, .* a duration/.test(e.text)
      ),
    );
  });

  await t.step("a V1 signature in a V4 URL", () => {
    const v1 = decodeURIComponent(
      param(sign({ signature: "v1" }), "Signature"),
    );
    const broken = setParam(sign(), "x-oss-signature", encodeURIComponent(v1));
    for (const credentials of [undefined, KEY]) {
      assertFirst(
        inspect(broken, credentials),
        "cause-wrong-signature-version",
        "strong",
        /28 base64 characters, the form of a V1/,
      );
    }
  });

  await t.step("V1 and V4 parameters together", () => {
    const v1 = sign({ signature: "v1" });
    const mixed = `${sign()}&OSSAccessKeyId=${KEY.accessKeyId}&Signature=${
      param(v1, "Signature")
    }`;
    assertFirst(
      inspect(mixed),
      "cause-wrong-signature-version",
      "verified",
      /OSS's check fails/,
    );
  });
});

Deno.test("inspect ranks a wrong method first, verified", () => {
  const decoded = decodeSignedUrl(sign(), { now: NOW });
  assertFirst(
    verifySignedUrl(decoded, KEY, { method: "HEAD" }),
    "cause-wrong-method",
    "verified",
    /when it is used with GET/,
  );
});

Deno.test("a valid URL has no causes", () => {
  for (const signature of ["v1", "v4"] as const) {
    const verification = inspect(sign({ signature }));
    assert.equal(verification.status, "valid");
    assert.deepEqual(verification.rankedCauses, []);
    assert.deepEqual(
      inspect(sign({ signature }), undefined).rankedCauses,
      [],
    );
  }
});

Deno.test("main() inspect prints the ranked causes with their evidence", async () => {
  const env = {
    OSS_ACCESS_KEY_ID: KEY.accessKeyId,
    OSS_ACCESS_KEY_SECRET: KEY.accessKeySecret,
  };
  const now = ["--now", "2026-11-28T09:10:00Z"];
  const broken = sign().replace("Q3%20", "Q3%2520");
  const text = await runCli(["inspect", broken, ...now], { env });
  assert.equal(text.code, 1);
  assert.match(
    text.stdout,
    /\n {2}Likely causes:\n {4}- The key was percent-encoded twice: .* \[cause-modified-url\]\n {8}verified: The signature verifies with the given secret when the path is re-encoded as \/reports\/2026\/Q3%20%E6%8A%A5%E5%91%8A\.pdf\n {8}strong: The key still contains "%20"/,
  );
  assert.ok(!text.stdout.includes(KEY.accessKeySecret));
  const json = await runCli(["inspect", broken, ...now, "--format", "json"], {
    env,
  });
  const report = JSON.parse(json.stdout);
  assert.equal(report.verification.rankedCauses[0].code, "cause-modified-url");
  assert.equal(
    report.verification.rankedCauses[0].evidence[0].strength,
    "verified",
  );
  assert.deepEqual(
    report.verification.causes,
    report.verification.rankedCauses.map((c: InspectCause) => c.summary),
  );
  const cut = sign().slice(0, sign().indexOf("&"));
  const unverified = await runCli(["inspect", cut, ...now]);
  assert.equal(unverified.code, 1);
  assert.match(unverified.stdout, /^Verdict: Error: Truncated URL/);
  assert.match(
    unverified.stdout,
    /- The URL was cut: .* \[cause-truncated-url\]\n {8}strong: Truncated URL/,
  );
});

Deno.test("every code inspect can emit is a catalogue rule reported by inspect", () => {
  const byId = new Map(RULE_CATALOGUE.map((rule) => [rule.id, rule]));
  for (const code of INSPECT_CODES) {
    const rule = byId.get(code);
    assert.ok(rule !== undefined, `${code} is not in the rule catalogue`);
    assert.ok(rule.commands?.includes("inspect"), `${code}: commands`);
    assert.ok((rule.why ?? "").length > 20, `${code}: why`);
    assert.ok((rule.fix ?? "").length > 10, `${code}: fix`);
  }
  const claimed = RULE_CATALOGUE.filter((rule) =>
    rule.commands?.includes("inspect")
  ).map((rule) => rule.id);
  assert.deepEqual(
    [...claimed].sort(),
    [...INSPECT_CODES].sort(),
    "the catalogue names inspect for codes inspect never emits",
  );
  assert.equal(new Set(INSPECT_CODES).size, INSPECT_CODES.length);
});
