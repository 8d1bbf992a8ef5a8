/**
 * The emulator's object store: every bucket's objects by key (the config's,
 * then whatever requests write), sorted on demand for listings, and the
 * multipart uploads in progress. Bytes that requests write — objects and
 * uploaded parts — count against a limit, so that a test cannot make the
 * emulator use all the memory; the config's own objects do not count.
 *
 * @module
 */
import { OssError } from "../oss/errors.ts";
import { byUtf8 } from "./listing.ts";
import type { EmulatorConfig, EmulatorObject, ObjectVersion } from "./model.ts";

/** How many bytes requests may store unless told otherwise (256 MiB). */
export const DEFAULT_MAX_STORED_BYTES = 256 * 1024 * 1024;

/** What a write stores besides the bytes: type and headers. */
export type ObjectMetadata = Omit<
  ObjectVersion,
  "body" | "etag" | "lastModified" | "versionId"
>;

/** One uploaded part of a multipart upload. */
export interface UploadedPart {
  /** The part number, 1–10000. */
  readonly partNumber: number;
  /** The part's bytes. */
  readonly body: Uint8Array;
  /** The quoted upper-case hex MD5 of the part. */
  readonly etag: string;
  /** When the part was uploaded. */
  readonly lastModified: Date;
}

/** A multipart upload in progress. */
export interface MultipartUpload {
  /** The upload id. */
  readonly uploadId: string;
  /** The bucket. */
  readonly bucket: string;
  /** The object key. */
  readonly key: string;
  /** When it was initiated. */
  readonly initiated: Date;
  /** The object's metadata, from the initiating request. */
  readonly template: ObjectMetadata;
  /** The parts uploaded so far, by part number. */
  readonly parts: Map<number, UploadedPart>;
}

interface BucketObjects {
  readonly byKey: Map<string, EmulatorObject>;
  sorted: EmulatorObject[] | undefined;
}

function sizeOf(object: EmulatorObject): number {
  let size = 0;
  for (const version of object.versions) size += version.body.length;
  return size;
}

/** The emulator's objects and multipart uploads, in memory. */
export class ObjectStore {
  /** The most bytes requests may store at once. */
  readonly maxBytes: number;
  #buckets = new Map<string, BucketObjects>();
  /** Bytes each written object holds, by `bucket\nkey`. */
  #written = new Map<string, number>();
  #uploads = new Map<string, MultipartUpload>();
  #used = 0;
  /** Bytes of bodies being read that are to be stored. */
  #held = 0;
  #nextUpload = 0;

  /**
   * Creates the store with the config's objects.
   *
   * @param config The buckets and their objects.
   * @param maxBytes The most bytes requests may store at once.
   */
  constructor(config: EmulatorConfig, maxBytes: number) {
    this.maxBytes = maxBytes;
    for (const bucket of config.buckets) {
      this.#buckets.set(bucket.name, {
        byKey: new Map(bucket.objects.map((object) => [object.key, object])),
        sorted: [...bucket.objects],
      });
    }
  }

  /** Bytes requests have stored (objects and parts). */
  get usedBytes(): number {
    return this.#used;
  }

  /** Bytes requests may still store (less the bodies being read). */
  get freeBytes(): number {
    return Math.max(0, this.maxBytes - this.#used - this.#held);
  }

  /**
   * Holds room for part of a body being read, so that bodies read at the
   * same time cannot together pass the limit.
   *
   * @param bytes The bytes to hold.
   * @param freed Bytes the write will release (what it replaces).
   * @returns Whether they fit (and are now held).
   */
  hold(bytes: number, freed: number): boolean {
    if (this.#used + this.#held + bytes - freed > this.maxBytes) return false;
    this.#held += bytes;
    return true;
  }

  /**
   * Releases room {@linkcode ObjectStore.hold} took.
   *
   * @param bytes The bytes held.
   */
  release(bytes: number): void {
    this.#held -= bytes;
  }

  /**
   * Bytes the object stored under a key holds against the limit (0 for
   * the config's objects).
   *
   * @param bucket The bucket name.
   * @param key The key.
   * @returns The bytes.
   */
  writtenBytes(bucket: string, key: string): number {
    return this.#written.get(`${bucket}\n${key}`) ?? 0;
  }

  #bucket(name: string): BucketObjects {
    let objects = this.#buckets.get(name);
    if (objects === undefined) {
      objects = { byKey: new Map(), sorted: [] };
      this.#buckets.set(name, objects);
    }
    return objects;
  }

  /**
   * A bucket's objects by key.
   *
   * @param bucket The bucket name.
   * @returns The objects (live: do not keep across writes).
   */
  objects(bucket: string): ReadonlyMap<string, EmulatorObject> {
    return this.#bucket(bucket).byKey;
  }

  /**
   * A bucket's objects sorted by key in UTF-8 byte order, for listings.
   *
   * @param bucket The bucket name.
   * @returns The sorted objects.
   */
  sorted(bucket: string): readonly EmulatorObject[] {
    const objects = this.#bucket(bucket);
    objects.sorted ??= [...objects.byKey.values()].sort((a, b) =>
      byUtf8(a.key, b.key)
    );
    return objects.sorted;
  }

  /**
   * Throws unless `bytes` more would fit under the limit.
   *
   * @param bytes The bytes to add.
   * @param freed Bytes the write releases (an object it replaces).
   * @throws {OssError} `EntityTooLarge` naming the limit.
   */
  checkRoom(bytes: number, freed = 0): void {
    if (this.#used - freed + bytes <= this.maxBytes) return;
    throw tooLarge(this.maxBytes, this.#used - freed);
  }

  /**
   * Stores an object, replacing any object with its key.
   *
   * @param bucket The bucket name.
   * @param object The object.
   * @throws {OssError} `EntityTooLarge` if it does not fit.
   */
  put(bucket: string, object: EmulatorObject): void {
    const id = `${bucket}\n${object.key}`;
    const size = sizeOf(object);
    const old = this.#written.get(id) ?? 0;
    this.checkRoom(size, old);
    const objects = this.#bucket(bucket);
    if (!objects.byKey.has(object.key)) objects.sorted = undefined;
    else if (objects.sorted !== undefined) {
      const at = objects.sorted.findIndex((candidate) =>
        candidate.key === object.key
      );
      objects.sorted[at] = object;
    }
    objects.byKey.set(object.key, object);
    this.#written.set(id, size);
    this.#used += size - old;
  }

  /**
   * Deletes an object, if there is one.
   *
   * @param bucket The bucket name.
   * @param key The key.
   * @returns Whether there was one.
   */
  delete(bucket: string, key: string): boolean {
    const objects = this.#bucket(bucket);
    if (!objects.byKey.delete(key)) return false;
    objects.sorted = undefined;
    const id = `${bucket}\n${key}`;
    this.#used -= this.#written.get(id) ?? 0;
    this.#written.delete(id);
    return true;
  }

  /**
   * Starts a multipart upload.
   *
   * @param upload Everything but the id and the parts.
   * @returns The upload.
   */
  initiate(
    upload: Omit<MultipartUpload, "uploadId" | "parts">,
  ): MultipartUpload {
    this.#nextUpload++;
    const uploadId = `0004B9${
      this.#nextUpload.toString(16).toUpperCase().padStart(26, "0")
    }`;
    const created = { ...upload, uploadId, parts: new Map() };
    this.#uploads.set(uploadId, created);
    return created;
  }

  /**
   * Finds a multipart upload of an object.
   *
   * @param bucket The bucket name.
   * @param key The key.
   * @param uploadId The upload id.
   * @returns The upload.
   * @throws {OssError} `NoSuchUpload`.
   */
  upload(bucket: string, key: string, uploadId: string): MultipartUpload {
    const upload = this.#uploads.get(uploadId);
    if (
      upload === undefined || upload.bucket !== bucket || upload.key !== key
    ) {
      throw new OssError(
        404,
        "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
        { details: [["UploadId", uploadId]] },
      );
    }
    return upload;
  }

  /**
   * The multipart uploads in progress in a bucket, by key then start.
   *
   * @param bucket The bucket name.
   * @returns The uploads.
   */
  uploads(bucket: string): MultipartUpload[] {
    return [...this.#uploads.values()].filter((upload) =>
      upload.bucket === bucket
    ).sort((a, b) => byUtf8(a.key, b.key));
  }

  /**
   * Stores a part, replacing any part with its number.
   *
   * @param upload The upload.
   * @param part The part.
   * @throws {OssError} `EntityTooLarge` if it does not fit.
   */
  putPart(upload: MultipartUpload, part: UploadedPart): void {
    const old = upload.parts.get(part.partNumber)?.body.length ?? 0;
    this.checkRoom(part.body.length, old);
    upload.parts.set(part.partNumber, part);
    this.#used += part.body.length - old;
  }

  /**
   * Ends an upload (completed or aborted), releasing its parts' bytes.
   *
   * @param upload The upload.
   */
  endUpload(upload: MultipartUpload): void {
    if (!this.#uploads.delete(upload.uploadId)) return;
    for (const part of upload.parts.values()) this.#used -= part.body.length;
  }
}

/**
 * The error for a write that would pass the storage limit.
 *
 * @param maxBytes The limit.
 * @param used The bytes stored besides what the write replaces.
 * @returns `EntityTooLarge` (400).
 */
export function tooLarge(maxBytes: number, used: number): OssError {
  return new OssError(
    400,
    "EntityTooLarge",
    `Your proposed upload exceeds the maximum allowed size: the emulator stores at most ${maxBytes} bytes written by requests (maxStoredBytes), and ${used} are in use.`,
    { details: [["MaxSizeAllowed", String(maxBytes)]] },
  );
}
