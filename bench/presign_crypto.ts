/**
 * presignUrl end to end on three HMAC implementations and against ali-oss,
 * in one run, on the same V1 and V4 links: the hand-written SHA-1/SHA-256
 * of `src/sign/_crypto.ts` (what presignUrl uses), node:crypto
 * (`createHmac`, `createHash`) and @noble/hashes 2.4.0, each through
 * `presignUrlWith` with its keys prepared once per credentials object;
 * ali-oss 6.23 `signatureUrl` (V1) and `signatureUrlV4` (V4).
 *
 * The variants run in interleaved rounds (a slice of the links each, in a
 * shuffled order per round) so that a loaded machine slows them alike; the
 * figures are medians of the rounds' per-link times. Every library's URLs
 * are first checked to be the hand-written ones, byte for byte.
 *
 *   deno run -A bench/presign_crypto.ts [--rounds 25] [--slice 2000]
 *     [--variants hand,node,noble,ali-oss]
 *
 * Run `--variants hand,ali-oss` for the ratio to ali-oss: with the other
 * signers loaded, presignUrl's call sites see three implementations and
 * slow down (in `sign` they see one).
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { createHash, createHmac } from "node:crypto";
import { parseArgs } from "node:util";
import { hmac } from "npm:@noble/hashes@2.4.0/hmac.js";
import { sha256 } from "npm:@noble/hashes@2.4.0/sha2.js";
import { sha1 } from "npm:@noble/hashes@2.4.0/legacy.js";
import { bytesToHex } from "npm:@noble/hashes@2.4.0/utils.js";
import {
  type PresignRequest,
  presignUrl,
  presignUrlWith,
} from "../src/sign/presign.ts";
import {
  cachingSignerCrypto,
  type SignerCrypto,
} from "../src/sign/signer_crypto.ts";
import { benchLinks } from "./_presign_links.ts";
import { aliOssClient, aliV1Options } from "./_ali_oss.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    rounds: { type: "string", default: "25" },
    slice: { type: "string", default: "2000" },
    variants: { type: "string", default: "hand,node,noble,ali-oss" },
  },
});
const WANTED = new Set(values.variants.split(","));
const ROUNDS = Number(values.rounds);
const SLICE = Number(values.slice);

const encoder = new TextEncoder();

/** node:crypto: createHmac per signature (the key as given), createHash. */
const NODE_CRYPTO: SignerCrypto = cachingSignerCrypto<string | Uint8Array>(
  { v1: (secret) => secret, v4: (signingKey) => signingKey },
  {
    v1: (key, data) =>
      createHmac("sha1", key).update(data, "utf8").digest("base64"),
    v4: (key, data) =>
      createHmac("sha256", key).update(data, "utf8").digest("hex"),
  },
  (data) => createHash("sha256").update(data, "utf8").digest("hex"),
);

type NobleHmac = ReturnType<typeof hmac.create>;

/** @noble/hashes: HMAC prepared once per key (pads), cloned per signature. */
const NOBLE_CRYPTO: SignerCrypto = cachingSignerCrypto<NobleHmac>(
  {
    v1: (secret) => hmac.create(sha1, encoder.encode(secret)),
    v4: (signingKey) => hmac.create(sha256, signingKey),
  },
  {
    v1: (key, data) =>
      Buffer.from(key.clone().update(encoder.encode(data)).digest()).toString(
        "base64",
      ),
    v4: (key, data) =>
      bytesToHex(key.clone().update(encoder.encode(data)).digest()),
  },
  (data) => bytesToHex(sha256(encoder.encode(data))),
);

const client = await aliOssClient();

const links = benchLinks();
const v1Links: PresignRequest[] = links.map((r) => ({ ...r, signature: "v1" }));
const v4Links: PresignRequest[] = links.map((r) => ({ ...r, signature: "v4" }));
const aliOptions = aliV1Options(links);

// Byte-identical URLs first: a faster wrong signer is no alternative.
for (
  const [name, crypto] of [["node", NODE_CRYPTO], [
    "noble",
    NOBLE_CRYPTO,
  ]] as const
) {
  for (const set of [v1Links, v4Links]) {
    for (let i = 0; i < 2000; i++) {
      if (presignUrlWith(set[i]!, crypto) !== presignUrl(set[i]!)) {
        throw new Error(`${name} signs link ${i} differently`);
      }
    }
  }
}

let sink = 0;
type Variant = {
  readonly id: string;
  readonly name: string;
  readonly run: (from: number, to: number) => Promise<void> | void;
};
const VARIANTS: Record<"v1" | "v4", Variant[]> = {
  v1: [
    {
      id: "hand",
      name: "hand-written (_crypto.ts)",
      run: (from, to) => {
        for (let i = from; i < to; i++) sink += presignUrl(v1Links[i]!).length;
      },
    },
    {
      id: "node",
      name: "node:crypto createHmac",
      run: (from, to) => {
        for (let i = from; i < to; i++) {
          sink += presignUrlWith(v1Links[i]!, NODE_CRYPTO).length;
        }
      },
    },
    {
      id: "noble",
      name: "@noble/hashes 2.4.0",
      run: (from, to) => {
        for (let i = from; i < to; i++) {
          sink += presignUrlWith(v1Links[i]!, NOBLE_CRYPTO).length;
        }
      },
    },
    {
      id: "ali-oss",
      name: "ali-oss signatureUrl",
      run: (from, to) => {
        for (let i = from; i < to; i++) {
          sink +=
            client.signatureUrl(links[i]!.key, { ...aliOptions[i]! }, false)
              .length;
        }
      },
    },
  ],
  v4: [
    {
      id: "hand",
      name: "hand-written (_crypto.ts)",
      run: (from, to) => {
        for (let i = from; i < to; i++) sink += presignUrl(v4Links[i]!).length;
      },
    },
    {
      id: "node",
      name: "node:crypto createHmac",
      run: (from, to) => {
        for (let i = from; i < to; i++) {
          sink += presignUrlWith(v4Links[i]!, NODE_CRYPTO).length;
        }
      },
    },
    {
      id: "noble",
      name: "@noble/hashes 2.4.0",
      run: (from, to) => {
        for (let i = from; i < to; i++) {
          sink += presignUrlWith(v4Links[i]!, NOBLE_CRYPTO).length;
        }
      },
    },
    {
      id: "ali-oss",
      name: "ali-oss signatureUrlV4",
      run: async (from, to) => {
        for (let i = from; i < to; i++) {
          const r = links[i]!;
          sink += (await client.signatureUrlV4(r.method, r.expires, {
            headers: {},
            queries: { ...r.query },
          }, r.key)).length;
        }
      },
    },
  ],
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

let seed = 0x5eed;
function random(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
}

for (const version of ["v1", "v4"] as const) {
  const variants = VARIANTS[version].filter((v) => WANTED.has(v.id));
  const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  // One warm-up round, not counted.
  for (const variant of variants) await variant.run(0, SLICE);
  for (let round = 0; round < ROUNDS; round++) {
    const from = (round * SLICE) % (links.length - SLICE);
    const order = [...variants].sort(() => random() - 0.5);
    for (const variant of order) {
      const started = performance.now();
      await variant.run(from, from + SLICE);
      times.get(variant.name)!.push(
        ((performance.now() - started) * 1000) / SLICE,
      );
    }
  }
  const own = median(times.get(variants[0]!.name)!);
  console.log(
    `${version.toUpperCase()}: median µs per link over ${ROUNDS} rounds of ${SLICE} links`,
  );
  for (const variant of variants) {
    const time = median(times.get(variant.name)!);
    console.log(
      `  ${variant.name.padEnd(28)} ${time.toFixed(2).padStart(7)} µs  ${
        (time / own).toFixed(2)
      }× the hand-written time`,
    );
  }
}
if (sink === 0) console.log("unreachable");
