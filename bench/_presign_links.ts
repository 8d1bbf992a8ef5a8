/**
 * The links the presign benchmarks sign: 100,000 distinct links of one
 * batch (one bucket, one STS credential set, one signing time, as `sign`
 * does), drawn with a seed: downloads with filenames, styled previews,
 * versions.
 *
 * @module
 */
import type { PresignRequest } from "../src/sign/presign.ts";
import { contentDisposition } from "../src/sign/content_disposition.ts";
import { CLOCK, Gen } from "../tests/_random_requests.ts";

const BASE64 = [
  ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=",
];

/** How many links. */
export const LINKS = 100_000;
/** The batch every link belongs to. */
export const BATCH = {
  bucket: "examplebucket",
  region: "cn-hangzhou",
  credentials: {
    accessKeyId: "STS.NUgYrLnoC37mZZCNnAbez2BN",
    accessKeySecret: "3dZn2gZKm3Dn8Gr7cuxrQ9ENmtEyTTYd9ZWrPqMDmKzB",
    securityToken:
      "CAIS1AJ1q6Ft5B2yfSjIr5fYKM/Y3Yta5rGYb0fHq0U5S9x8v/Pz1zz2IHhMf3NpBOkZsPw+mGpT7fsdlrBpTJtIfkHfdsp36MyQ6g2dA5XdT+lQZ7v/mNDpM0oXeXCyfHmQnPGUf4nWA2Ri5+3/vfEYPpSnX0nk0Nw==",
  },
  signedAt: new Date(CLOCK),
  https: true,
} as const;

/** Links as a manifest declares them: downloads with filenames, styled previews. */
function manifestLink(g: Gen, n: number): Omit<PresignRequest, "signature"> {
  const dir = g.pick([
    "reports/2026",
    "photos/2026/11",
    "media/video",
    "客户/交付",
    "docs",
  ]);
  const stem = g.pick([
    () => `IMG_${n}`,
    () => `Q${g.int(1, 4)} 报告 ${n}`,
    () => `invoice-${n}`,
    () =>
      `${g.pick(["Annual", "Board", "Team"])} ${
        g.pick(["review", "photo", "plan"])
      } ${n}`,
    () => `Résumé (${n})`,
  ])();
  const ext = g.pick(["pdf", "jpg", "png", "mp4", "xlsx"]);
  const query: Record<string, string> = {};
  if (ext === "jpg" || ext === "png") {
    if (g.chance(0.6)) {
      query["x-oss-process"] = g.pick(["style/thumb", "image/resize,w_200"]);
    }
  } else {
    query["response-content-disposition"] = contentDisposition(
      "attachment",
      `${stem} ${g.pick(["最终版", "final", "v2"])}.${ext}`,
    );
  }
  if (g.chance(0.1)) query["versionId"] = g.text(BASE64, 32, 64);
  if (g.chance(0.1)) query["response-cache-control"] = "no-store";
  return {
    ...BATCH,
    key: `${dir}/${stem}.${ext}`,
    method: "GET",
    query,
    expires: g.pick([1800, 3600, 86400, 604800]),
  };
}

/**
 * The benchmark's links, without their signature version.
 *
 * @returns {@linkcode LINKS} requests, the same on every run.
 */
export function benchLinks(): Omit<PresignRequest, "signature">[] {
  const g = new Gen(0xbe7c4);
  const links: Omit<PresignRequest, "signature">[] = [];
  for (let i = 0; i < LINKS; i++) links.push(manifestLink(g, i));
  return links;
}
