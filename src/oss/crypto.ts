/**
 * The hash primitives the signers need.
 *
 * HMAC runs on SHA-1 / SHA-256 written here, with the key's inner and outer
 * pad blocks compressed once per key ({@linkcode hmacKey}): a signature then
 * costs the compression of the message blocks plus one outer block, with no
 * per-call key setup and no allocation but the output string. A key also
 * remembers the inner state after the first 64 bytes of its last message,
 * which the strings to sign of one batch usually share (the V4 algorithm,
 * date and scope). For the short strings to sign of OSS this beats
 * node:crypto `createHmac`, whose per-call setup dominates, and pads kept
 * in node:crypto `hash.copy()` (both measured in bench/sign_bench.ts).
 * Plain SHA-256 of the longer V4 canonical request stays on node:crypto
 * `createHash` (1.2 µs against 4.3 µs here for the 590-byte canonical
 * requests of bench/_presign_links.ts).
 *
 * Kept because it wins end to end by more than 25%: presignUrl on 100,000
 * links with this code against the same presignUrl on node:crypto
 * `createHmac` and on @noble/hashes 2.4.0 (keys prepared once per
 * credentials object in each), medians of 25 interleaved rounds in one run
 * (`deno run -A bench/presign_crypto.ts`, load average 7.7–8.1 on 2 cores):
 * V1 11.9 µs a link against 19.9 µs (node, 1.67×) and 19.3 µs (noble,
 * 1.62×); V4 16.3 µs against 35.4 µs (node, 2.18×) and 36.0 µs (noble,
 * 2.21×). An earlier run at load 4.0–4.3 gave 1.97×/1.78× (V1) and
 * 1.93×/2.26× (V4).
 *
 * Not re-entrant: the working buffers are shared, and every function here
 * is synchronous.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** A key for HMAC: the UTF-8 bytes of a string, or raw bytes. */
export type HmacKeyMaterial = string | Uint8Array;

/** Prepared byte keys, by identity, with a copy of the bytes they had. */
const byteKeys = new WeakMap<Uint8Array, [Uint8Array, HmacKey]>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The compressed inner and outer pad blocks of one HMAC key. */
export interface HmacKey {
  /** `sha1` (20-byte digest) or `sha256` (32-byte digest). */
  readonly algorithm: "sha1" | "sha256";
  /** The hash state after the block `key XOR ipad`. */
  readonly inner: Int32Array;
  /** The hash state after the block `key XOR opad`. */
  readonly outer: Int32Array;
  /**
   * The first 64 message bytes of the last message longer than a block,
   * and the inner state after them: messages of a batch often share them
   * (the V4 algorithm, date and scope; the V1 verb, expiry and directory).
   */
  readonly firstBlock: Uint8Array;
  /** The inner state after `firstBlock`, valid when `firstBlockSet`. */
  readonly afterFirstBlock: Int32Array;
  /** Whether `firstBlock` holds a block yet. */
  firstBlockSet: boolean;
}

const SHA1_INIT = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
const SHA256_INIT = [
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
];
const K256 = new Int32Array([
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
]);

/** The message schedule, shared: the signers are synchronous. */
const W = new Int32Array(80);
/** Encodes the messages into {@linkcode buffer}. */
const UTF8 = new TextEncoder();
/** The working hash state of the current call. */
const STATE = new Int32Array(8);
/** The message being hashed, UTF-8 encoded and padded; grows as needed. */
let buffer = new Uint8Array(1024);

function sha1Blocks(
  state: Int32Array,
  bytes: Uint8Array,
  start: number,
  end: number,
): void {
  const w = W;
  let h0 = state[0]!;
  let h1 = state[1]!;
  let h2 = state[2]!;
  let h3 = state[3]!;
  let h4 = state[4]!;
  for (let offset = start; offset < end; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const j = offset + (i << 2);
      w[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) |
        bytes[j + 3]!;
    }
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    // One loop per round function: no branch per round.
    let i = 0;
    for (; i < 20; i++) {
      const t = (((a << 5) | (a >>> 27)) + (d ^ (b & (c ^ d))) + e +
        0x5a827999 + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (; i < 40; i++) {
      const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 +
        w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (; i < 60; i++) {
      const t = (((a << 5) | (a >>> 27)) + ((b & c) | (d & (b | c))) + e -
        0x70e44324 + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (; i < 80; i++) {
      const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a +
        w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  state[0] = h0;
  state[1] = h1;
  state[2] = h2;
  state[3] = h3;
  state[4] = h4;
}

function sha256Blocks(
  state: Int32Array,
  bytes: Uint8Array,
  start: number,
  end: number,
): void {
  const w = W;
  const k = K256;
  let h0 = state[0]!;
  let h1 = state[1]!;
  let h2 = state[2]!;
  let h3 = state[3]!;
  let h4 = state[4]!;
  let h5 = state[5]!;
  let h6 = state[6]!;
  let h7 = state[7]!;
  for (let offset = start; offset < end; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const j = offset + (i << 2);
      w[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) |
        bytes[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      w[i] = (w[i - 16]! +
        (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) +
        w[i - 7]! +
        (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) |
        0;
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let f = h5;
    let g = h6;
    let h = h7;
    for (let i = 0; i < 64; i++) {
      const t1 = (h +
        (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^
          ((e >>> 25) | (e << 7))) +
        (g ^ (e & (f ^ g))) + ((k[i]! + w[i]!) | 0)) | 0;
      const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^
        ((a >>> 22) | (a << 10))) + ((a & b) | (c & (a | b)))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  state[0] = h0;
  state[1] = h1;
  state[2] = h2;
  state[3] = h3;
  state[4] = h4;
  state[5] = h5;
  state[6] = h6;
  state[7] = h7;
}

/**
 * Writes the UTF-8 bytes of `text` into the shared buffer at `start`,
 * growing it so that the SHA padding (up to 72 bytes) fits after them.
 * Lone surrogates become U+FFFD, as `TextEncoder` does.
 *
 * @returns The end offset.
 */
function writeUtf8(text: string, start: number): number {
  const needed = start + text.length * 3 + 72;
  if (buffer.length < needed) buffer = new Uint8Array(needed * 2);
  // Native: about 9× the speed of a JS loop on 300-character strings.
  const out = start === 0 ? buffer : buffer.subarray(start);
  return start + UTF8.encodeInto(text, out).written;
}

/**
 * Appends the SHA padding after the message bytes that end at `end` in the
 * shared buffer (which starts at offset 0).
 *
 * @param end Where the message bytes end.
 * @param totalBytes The whole message length, with any block already
 * compressed into the state (the HMAC pad block).
 * @returns The padded end offset, a multiple of 64.
 */
function pad(end: number, totalBytes: number): number {
  const out = buffer;
  let p = end;
  out[p++] = 0x80;
  while ((p & 63) !== 56) out[p++] = 0;
  const high = Math.floor(totalBytes / 0x20000000);
  const low = (totalBytes * 8) >>> 0;
  out[p++] = high >>> 24;
  out[p++] = high >>> 16;
  out[p++] = high >>> 8;
  out[p++] = high;
  out[p++] = low >>> 24;
  out[p++] = low >>> 16;
  out[p++] = low >>> 8;
  out[p++] = low;
  return p;
}

function compress(
  algorithm: "sha1" | "sha256",
  state: Int32Array,
  start: number,
  end: number,
): void {
  if (algorithm === "sha1") sha1Blocks(state, buffer, start, end);
  else sha256Blocks(state, buffer, start, end);
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, "0"));
const BASE64 =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Prepares an HMAC key: the SHA state after `key XOR ipad` and after
 * `key XOR opad` (a key longer than the 64-byte block is hashed first).
 *
 * @param algorithm `sha1` or `sha256`.
 * @param key The key: a string (UTF-8) or bytes.
 * @returns The prepared key.
 */
export function hmacKey(
  algorithm: "sha1" | "sha256",
  key: HmacKeyMaterial,
): HmacKey {
  let bytes = typeof key === "string" ? new TextEncoder().encode(key) : key;
  if (bytes.length > 64) bytes = createHash(algorithm).update(bytes).digest();
  const init = algorithm === "sha1" ? SHA1_INIT : SHA256_INIT;
  const states = [0x36, 0x5c].map((fill) => {
    const block = new Uint8Array(64).fill(fill);
    for (let i = 0; i < bytes.length; i++) block[i] = bytes[i]! ^ fill;
    const state = new Int32Array(init);
    if (algorithm === "sha1") sha1Blocks(state, block, 0, 64);
    else sha256Blocks(state, block, 0, 64);
    return state;
  });
  return {
    algorithm,
    inner: states[0]!,
    outer: states[1]!,
    firstBlock: new Uint8Array(64),
    afterFirstBlock: new Int32Array(8),
    firstBlockSet: false,
  };
}

/**
 * The prepared HMAC key for a byte key (a derived V4 signing key), cached
 * by identity and checked against a copy of its bytes, so a caller that
 * reuses a buffer stays correct. Secrets are never cached here: presigning
 * caches by credentials object instead (`signer_crypto.ts`).
 *
 * @param algorithm `sha1` or `sha256`.
 * @param key The key.
 * @returns The prepared key.
 */
export function cachedHmacKey(
  algorithm: "sha1" | "sha256",
  key: Uint8Array,
): HmacKey {
  const cached = byteKeys.get(key);
  if (
    cached !== undefined && cached[1].algorithm === algorithm &&
    sameBytes(cached[0], key)
  ) {
    return cached[1];
  }
  const prepared = hmacKey(algorithm, key);
  byteKeys.set(key, [key.slice(), prepared]);
  return prepared;
}

/**
 * Writes the first `words` words of {@linkcode STATE} big-endian into `out`.
 *
 * @returns `out`.
 */
function digestBytes(words: number, out: Uint8Array): Uint8Array {
  for (let i = 0; i < words; i++) {
    const word = STATE[i]!;
    out[i * 4] = word >>> 24;
    out[i * 4 + 1] = word >>> 16;
    out[i * 4 + 2] = word >>> 8;
    out[i * 4 + 3] = word;
  }
  return out;
}

/**
 * Computes HMAC(key, data) into the first words of {@linkcode STATE}.
 *
 * @returns The digest length in words (5 or 8).
 */
function hmacInto(key: HmacKey, data: string): number {
  const algorithm = key.algorithm;
  const words = algorithm === "sha1" ? 5 : 8;
  // Inner: H(key ^ ipad || data), continuing from the prepared state.
  const end = writeUtf8(data, 0);
  const padded = pad(end, 64 + end);
  const out = buffer;
  if (end < 64) {
    STATE.set(key.inner);
    compress(algorithm, STATE, 0, padded);
  } else {
    const first = key.firstBlock;
    let same = key.firstBlockSet;
    for (let i = 0; same && i < 64; i++) same = first[i] === out[i];
    if (!same) {
      STATE.set(key.inner);
      compress(algorithm, STATE, 0, 64);
      first.set(out.subarray(0, 64));
      key.afterFirstBlock.set(STATE);
      key.firstBlockSet = true;
    } else {
      STATE.set(key.afterFirstBlock);
    }
    compress(algorithm, STATE, 64, padded);
  }
  // Outer: H(key ^ opad || inner digest).
  digestBytes(words, out);
  STATE.set(key.outer);
  compress(algorithm, STATE, 0, pad(words * 4, 64 + words * 4));
  return words;
}

/**
 * HMAC of `data` (UTF-8), base64-encoded: the V1 signature.
 *
 * @param key A key prepared by {@linkcode hmacKey}.
 * @param data The string to sign.
 * @returns The base64 digest.
 */
export function hmacBase64(key: HmacKey, data: string): string {
  const words = hmacInto(key, data);
  const bytes = digestBytes(words, buffer);
  const length = words * 4;
  let text = "";
  let i = 0;
  for (; i + 3 <= length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    text += BASE64[n >> 18]! + BASE64[(n >> 12) & 63]! +
      BASE64[(n >> 6) & 63]! + BASE64[n & 63]!;
  }
  if (length - i === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    text += BASE64[n >> 18]! + BASE64[(n >> 12) & 63]! +
      BASE64[(n >> 6) & 63]! + "=";
  } else if (length - i === 1) {
    const n = bytes[i]! << 16;
    text += BASE64[n >> 18]! + BASE64[(n >> 12) & 63]! + "==";
  }
  return text;
}

/**
 * HMAC of `data` (UTF-8), as lower-case hex: the V4 signature.
 *
 * @param key A key prepared by {@linkcode hmacKey}.
 * @param data The string to sign.
 * @returns The hex digest.
 */
export function hmacHex(key: HmacKey, data: string): string {
  const words = hmacInto(key, data);
  let text = "";
  for (let i = 0; i < words; i++) {
    const word = STATE[i]!;
    text += HEX[word >>> 24]! + HEX[(word >>> 16) & 255]! +
      HEX[(word >>> 8) & 255]! + HEX[word & 255]!;
  }
  return text;
}

/**
 * HMAC of `data` (UTF-8), as raw bytes: one step of the V4 key chain.
 *
 * @param key A key prepared by {@linkcode hmacKey}.
 * @param data The data of this step.
 * @returns The digest (20 or 32 bytes).
 */
export function hmacBytes(key: HmacKey, data: string): Uint8Array {
  const words = hmacInto(key, data);
  return digestBytes(words, new Uint8Array(words * 4));
}

/**
 * SHA-256 of the UTF-8 bytes of `data`, as lower-case hex.
 *
 * @param data The text to hash.
 * @returns The 64-character hex digest.
 */
export function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}
