/**
 * `osslinks inspect` on one URL: decoding, verifying a valid URL, and
 * verifying a tampered one (which also tries every repair). Read the ratios,
 * not the absolute times. Run: `deno task bench bench/inspect_bench.ts`.
 */
import { decodeSignedUrl } from "../src/inspect/decode.ts";
import { verifySignedUrl } from "../src/inspect/verify.ts";
import { presignUrl } from "../src/sign/presign.ts";

const NOW = new Date("2026-11-28T09:00:00Z");
const credentials = {
  accessKeyId: "STS.BenchKey",
  accessKeySecret: "bench-secret",
  securityToken: "bench-token",
};
const url = presignUrl({
  signature: "v4",
  method: "GET",
  bucket: "examplebucket",
  key: "reports/2026/Q3 报告.pdf",
  region: "cn-hangzhou",
  credentials,
  signedAt: NOW,
  expires: 1800,
  query: {
    "response-content-disposition": `attachment; filename*=UTF-8''${
      encodeURIComponent("报告.pdf")
    }`,
    "x-oss-process": "style/thumb",
  },
});
const valid = decodeSignedUrl(url, { now: NOW });
const tampered = decodeSignedUrl(url.replace("Q3", "Q4"), { now: NOW });

Deno.bench("decodeSignedUrl", { baseline: true }, () => {
  decodeSignedUrl(url, { now: NOW });
});

Deno.bench("verifySignedUrl, valid", () => {
  verifySignedUrl(valid, credentials);
});

Deno.bench("verifySignedUrl, tampered key (tries every repair)", () => {
  verifySignedUrl(tampered, credentials);
});
