/**
 * End-to-end signing of a generated 100 000-entry manifest: planLinks, then
 * signBatch and formatJson, as `osslinks sign` runs them, with the native
 * signer and with ali-oss 6.23 (`--engine ali-oss`) side by side, for V4
 * and V1. A last group runs the whole command through main() (YAML,
 * validation, signing, JSON) on the same manifest as YAML.
 *
 * ```sh
 * deno task bench bench/sign_command_bench.ts
 * ```
 *
 * @module
 */
import { main } from "../src/cli/main.ts";
import type { Manifest, ObjectEntry } from "../src/manifest/types.ts";
import { formatJson } from "../src/output/json.ts";
import { createAliOssEngine } from "../src/sign/ali_oss_engine.ts";
import { planLinks } from "../src/sign/plan.ts";
import { type Presigner, signBatch } from "../src/sign/sign_links.ts";
import { fakeIo } from "../tests/_fake_io.ts";

const ENTRIES = 100_000;
const NOW = new Date("2026-11-28T09:00:00Z");
const CREDENTIALS = {
  accessKeyId: "LTAI5tDemoAccessKeyId",
  accessKeySecret: "DemoAccessKeySecretNeverPrinted",
};

/** A mix of the example's entry shapes, every key unique. */
function entry(index: number): ObjectEntry {
  switch (index % 4) {
    case 0:
      return {
        key: `photos/2026/${index}.jpg`,
        disposition: "inline",
        style: "thumb",
      };
    case 1:
      return { key: `docs/report ${index}.pdf`, filename: `报告 ${index}.pdf` };
    case 2:
      return {
        key: `reports/2026/Q${index % 4} 报告 ${index}.pdf`,
        expires: "2h",
        response: {
          "content-type": "application/pdf",
          "cache-control": "no-store",
        },
      };
    default:
      return {
        key: `video/${index}.mp4`,
        disposition: "inline",
        process: "image/resize,w_800/quality,q_90",
        trafficLimit: 8388608,
      };
  }
}

function manifest(signature: "v1" | "v4"): Manifest {
  return {
    version: 1,
    bucket: {
      name: "examplebucket",
      region: "cn-hangzhou",
      domain: "static.example.com",
      signature,
    },
    styles: ["thumb"],
    defaults: { expires: "30m", disposition: "attachment" },
    objects: Array.from({ length: ENTRIES }, (_, index) => entry(index)),
  };
}

async function signAll(
  source: Manifest,
  presign: Presigner | undefined,
): Promise<number> {
  const { plans } = planLinks(source, { now: NOW });
  const batch = await signBatch(plans, {
    bucket: source.bucket,
    credentials: CREDENTIALS,
    signedAt: NOW,
    ...(presign ? { presign } : {}),
  });
  return formatJson(batch).length;
}

const aliOss = await createAliOssEngine();
for (const signature of ["v4", "v1"] as const) {
  const source = manifest(signature);
  const group =
    `planLinks + signBatch + formatJson, ${ENTRIES} links, ${signature.toUpperCase()}`;
  Deno.bench({
    name: `native ${signature}`,
    group,
    baseline: true,
    n: 5,
    warmup: 1,
    async fn() {
      await signAll(source, undefined);
    },
  });
  Deno.bench({
    name: `ali-oss ${signature}`,
    group,
    n: 3,
    warmup: 1,
    async fn() {
      await signAll(source, aliOss);
    },
  });
}

function yamlOf(source: Manifest): string {
  const lines = [
    "version: 1",
    "bucket: {name: examplebucket, region: cn-hangzhou, domain: static.example.com}",
    "styles: [thumb]",
    "defaults: {expires: 30m, disposition: attachment}",
    "objects:",
  ];
  for (const object of source.objects) {
    lines.push(`  - ${JSON.stringify(object)}`);
  }
  return `${lines.join("\n")}\n`;
}

const yaml = yamlOf(manifest("v4"));
for (const engine of ["native", "ali-oss"]) {
  Deno.bench({
    name: `main() sign --engine ${engine}`,
    group: `osslinks sign, ${ENTRIES}-entry YAML manifest, V4, fake IO`,
    baseline: engine === "native",
    n: 3,
    warmup: 1,
    async fn() {
      const fake = fakeIo({
        files: { "links.yaml": yaml },
        env: {
          OSS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
          OSS_ACCESS_KEY_SECRET: CREDENTIALS.accessKeySecret,
        },
      });
      const args = ["sign", "links.yaml", "--now", NOW.toISOString()];
      const code = await main([...args, "--engine", engine], fake.io);
      if (code !== 0) throw new Error(`Exit code ${code}: ${fake.stderr()}`);
    },
  });
}
