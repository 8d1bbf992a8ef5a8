/**
 * The emulator's in-memory model of buckets, as {@linkcode loadEmulatorConfig}
 * builds it from a config file and {@linkcode startEmulator} serves it.
 *
 * @module
 */
import type { AccessKeyCredential } from "../oss/credentials.ts";
import type { BucketAcl } from "../oss/acl.ts";
import type { CorsConfiguration } from "../oss/cors.ts";
import type { RefererConfiguration } from "../oss/referer.ts";
import type { FaultRule } from "./faults.ts";

export type { BucketAcl };

/** One stored version of an object, with its metadata. */
export interface ObjectVersion {
  /** The version id, or `null` for an object without versions. */
  readonly versionId: string | null;
  /** The object's bytes. */
  readonly body: Uint8Array;
  /** The quoted upper-case hex MD5 of the body, as OSS sends it. */
  readonly etag: string;
  /** When the version was written. */
  readonly lastModified: Date;
  /** The stored `Content-Type`. */
  readonly contentType: string;
  /** The stored `Content-Disposition`, if any. */
  readonly contentDisposition?: string | undefined;
  /** The stored `Cache-Control`, if any. */
  readonly cacheControl?: string | undefined;
  /** The stored `Content-Encoding`, if any. */
  readonly contentEncoding?: string | undefined;
  /** The stored `Content-Language`, if any. */
  readonly contentLanguage?: string | undefined;
  /** The stored `Expires` header, if any. */
  readonly expires?: string | undefined;
  /** User metadata, sent as `x-oss-meta-<name>` headers. */
  readonly meta: Readonly<Record<string, string>>;
  /**
   * How the object was written: `Normal` (PutObject, CopyObject, the
   * config), `Appendable` (AppendObject) or `Multipart`.
   *
   * @default {"Normal"}
   */
  readonly objectType?: "Normal" | "Appendable" | "Multipart" | undefined;
}

/** An object and its versions. */
export interface EmulatorObject {
  /** The object key. */
  readonly key: string;
  /** Every version, the current one first. */
  readonly versions: readonly [ObjectVersion, ...ObjectVersion[]];
}

/** The HTTPS certificate of a bound domain, as ListCname reports it. */
export interface DomainCertificate {
  /** `CAS` (Certificate Management Service) or `Upload`. */
  readonly type: "CAS" | "Upload";
  /** The certificate id. */
  readonly certId: string;
  /** Whether the certificate is in use. */
  readonly status: "Enabled" | "Disabled";
  /** When the certificate was bound. */
  readonly creationDate: Date;
  /** The certificate's fingerprint. */
  readonly fingerprint: string;
  /** The start of the certificate's validity. */
  readonly validStartDate: Date;
  /** The end of the certificate's validity. */
  readonly validEndDate: Date;
}

/** A custom domain bound to a bucket (CNAME). */
export interface BoundDomain {
  /** The domain name, lower case. */
  readonly domain: string;
  /** Whether the binding is active; a disabled domain does not serve. */
  readonly status: "Enabled" | "Disabled";
  /** When the binding last changed. */
  readonly lastModified: Date;
  /** The HTTPS certificate, if one is bound. */
  readonly certificate?: DomainCertificate | undefined;
}

/** An image style (`x-oss-process=style/<name>`). */
export interface ImageStyle {
  /** The style name. */
  readonly name: string;
  /** The processing it stands for, for example `image/resize,w_200`. */
  readonly content: string;
  /** When the style was created. */
  readonly createTime: Date;
  /** When the style last changed. */
  readonly lastModifyTime: Date;
}

/** One emulated bucket. */
export interface EmulatorBucket {
  /** The bucket name. */
  readonly name: string;
  /** The region id without `oss-`, for example `cn-hangzhou`. */
  readonly region: string;
  /** The bucket ACL; anonymous reads need `public-read` or more. */
  readonly acl: BucketAcl;
  /** When the bucket was created (drives the forced-download rule). */
  readonly creationDate: Date;
  /** Source-image protection: images only through styles. */
  readonly stylesOnly: boolean;
  /** The owner id reported by the bucket APIs. */
  readonly owner: string;
  /** The AccessKey pairs allowed on this bucket. */
  readonly credentials: readonly AccessKeyCredential[];
  /** The objects, sorted by key in UTF-8 byte order. */
  readonly objects: readonly EmulatorObject[];
  /** The CORS configuration, or `null` for none. */
  readonly cors: CorsConfiguration | null;
  /** The bound custom domains. */
  readonly domains: readonly BoundDomain[];
  /** The image styles. */
  readonly styles: readonly ImageStyle[];
  /** The hotlink protection, or `null` for none. */
  readonly referer: RefererConfiguration | null;
}

/** Everything the emulator serves. */
export interface EmulatorConfig {
  /** The buckets. */
  readonly buckets: readonly EmulatorBucket[];
  /** Faults injected from the start (more can be added at run time). */
  readonly faults: readonly FaultRule[];
  /**
   * Refuses every write; `startEmulator`'s `readOnly` option wins over it.
   *
   * @default {false}
   */
  readonly readOnly?: boolean | undefined;
  /**
   * The most bytes writes may hold at once; `startEmulator`'s
   * `maxStoredBytes` option wins over it.
   *
   * @default {268435456}
   */
  readonly maxStoredBytes?: number | undefined;
}
