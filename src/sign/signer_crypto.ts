/**
 * `SignerCrypto`: the hash work of presigning behind one small interface,
 * with the HMAC keys of a credential prepared once and kept for as long as
 * the credentials object lives.
 *
 * Keys are cached by the identity of the credentials object (a `WeakMap`),
 * never by the secret: no raw secret is ever a map key, and a batch's keys
 * go when its credentials object does. The secret the keys were made from
 * is kept beside them (the object holds it anyway), so a credentials object
 * whose secret is replaced gets new keys.
 *
 * The signers are the hand-written SHA-1/SHA-256 HMAC of `_crypto.ts`
 * ({@linkcode HAND_WRITTEN_CRYPTO}); `bench/presign_crypto.ts` runs the same
 * presigning end to end on node:crypto `createHmac` and on
 * `@noble/hashes` through this interface, in one run.
 *
 * @module
 */
import { hmacBase64, hmacHex, type HmacKey, hmacKey } from "../oss/crypto.ts";
import { sha256Hex } from "../oss/crypto.ts";
import { v4SigningKey } from "../oss/v4.ts";

/** The part of the credentials the signature needs. */
export interface SecretHolder {
  /** The AccessKey secret. */
  readonly accessKeySecret: string;
}

/** The V4 scope a signing key is derived for. */
export interface V4KeyScope {
  /** The `yyyymmdd` date. */
  readonly date8: string;
  /** The region without `oss-`. */
  readonly region: string;
  /** The product, `oss` unless CloudBox. */
  readonly product: string;
}

/** The hash work of presigning. */
export interface SignerCrypto {
  /**
   * The V1 signature: base64(HMAC-SHA1(secret, stringToSign)).
   *
   * @param credentials The credentials (their keys are cached by identity).
   * @param stringToSign The V1 string to sign.
   */
  v1Signature(credentials: SecretHolder, stringToSign: string): string;
  /**
   * The V4 signature: hex(HMAC-SHA256(signing key, stringToSign)), the key
   * derived for `scope`.
   *
   * @param credentials The credentials (their keys are cached by identity).
   * @param scope The date, region and product of the key.
   * @param stringToSign The V4 string to sign.
   */
  v4Signature(
    credentials: SecretHolder,
    scope: V4KeyScope,
    stringToSign: string,
  ): string;
  /**
   * SHA-256 of the UTF-8 bytes, lower-case hex (the V4 canonical request's
   * hash).
   *
   * @param data The text.
   */
  sha256Hex(data: string): string;
}

/** The prepared keys of one credentials object. */
interface CredentialKeys<K> {
  /** The secret the keys were prepared from. */
  secret: string;
  v1: K | undefined;
  /** The scope `v4` was derived for. */
  v4Scope: V4KeyScope | undefined;
  v4: K | undefined;
}

/**
 * Builds a {@linkcode SignerCrypto} that prepares each credential's keys
 * once (per V4 scope) and caches them by the credentials object's identity.
 *
 * @param prepare Prepares an HMAC key from the secret (V1, SHA-1) or the
 * derived V4 signing key (SHA-256).
 * @param sign Signs with a prepared key: base64 for V1, hex for V4.
 * @param hash SHA-256 hex.
 * @returns The signer crypto.
 */
export function cachingSignerCrypto<K>(
  prepare: {
    readonly v1: (secret: string) => K;
    readonly v4: (signingKey: Uint8Array) => K;
  },
  sign: {
    readonly v1: (key: K, data: string) => string;
    readonly v4: (key: K, data: string) => string;
  },
  hash: (data: string) => string,
): SignerCrypto {
  const cache = new WeakMap<SecretHolder, CredentialKeys<K>>();
  const keysOf = (credentials: SecretHolder): CredentialKeys<K> => {
    const secret = credentials.accessKeySecret;
    let keys = cache.get(credentials);
    if (keys === undefined || keys.secret !== secret) {
      keys = { secret, v1: undefined, v4Scope: undefined, v4: undefined };
      cache.set(credentials, keys);
    }
    return keys;
  };
  return {
    v1Signature(credentials, stringToSign) {
      const keys = keysOf(credentials);
      keys.v1 ??= prepare.v1(keys.secret);
      return sign.v1(keys.v1, stringToSign);
    },
    v4Signature(credentials, scope, stringToSign) {
      const keys = keysOf(credentials);
      const last = keys.v4Scope;
      if (
        keys.v4 === undefined || last === undefined ||
        last.date8 !== scope.date8 || last.region !== scope.region ||
        last.product !== scope.product
      ) {
        keys.v4 = prepare.v4(
          v4SigningKey(keys.secret, scope.date8, scope.region, scope.product),
        );
        keys.v4Scope = { ...scope };
      }
      return sign.v4(keys.v4, stringToSign);
    },
    sha256Hex: hash,
  };
}

/**
 * The signers `presignUrl` uses: the hand-written HMAC of `_crypto.ts`,
 * whose prepared keys hold the compressed pad blocks.
 */
export const HAND_WRITTEN_CRYPTO: SignerCrypto = cachingSignerCrypto<HmacKey>(
  {
    v1: (secret) => hmacKey("sha1", secret),
    v4: (signingKey) => hmacKey("sha256", signingKey),
  },
  { v1: hmacBase64, v4: hmacHex },
  sha256Hex,
);
