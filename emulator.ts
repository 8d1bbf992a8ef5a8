/**
 * The local OSS emulator, in-process: buckets from a config, V1/V2/V4
 * signature checks, object writes kept in memory (bounded), CORS, Referer,
 * bound domains, injected faults. Built for tests and demos; it listens on
 * loopback.
 *
 * @example Serve an empty emulator and ask it for a missing object
 * ```ts
 * import { startEmulator } from "@osslinks/osslinks/emulator";
 *
 * await using emulator = await startEmulator({ port: 0 });
 * const response = await fetch(`${emulator.origin}/examplebucket/a.txt`);
 * await response.body?.cancel();
 * if (response.status < 400) throw new Error(`${response.status}`);
 * ```
 *
 * @module
 */
export { startEmulator } from "./src/emulator/server.ts";
export type {
  EmulatorHandle,
  StartEmulatorOptions,
} from "./src/emulator/server.ts";
export {
  EmulatorConfigError,
  loadEmulatorConfig,
  parseEmulatorConfig,
} from "./src/emulator/config.ts";
export type {
  ConfigIssue,
  LoadEmulatorConfigOptions,
} from "./src/emulator/config.ts";
export type {
  BoundDomain,
  BucketAcl,
  DomainCertificate,
  EmulatorBucket,
  EmulatorConfig,
  EmulatorObject,
  ImageStyle,
  ObjectVersion,
} from "./src/emulator/model.ts";
export type { CorsConfiguration, CorsRule } from "./src/oss/cors.ts";
export type { RefererConfiguration } from "./src/oss/referer.ts";
export type {
  AccessKeyCredential as EmulatorCredential,
} from "./src/oss/credentials.ts";
export type {
  EmulatorFaults,
  FaultRule,
  InjectedFault,
} from "./src/emulator/faults.ts";
export type { EmulatorRequestRecord } from "./src/emulator/handler.ts";
export { formatRequestLine } from "./src/emulator/request_line.ts";
export type { EmulatorRequestEntry } from "./src/emulator/request_line.ts";
export type { Position, Range } from "./src/diagnostic.ts";
