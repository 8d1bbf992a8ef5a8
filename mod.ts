/**
 * osslinks: Alibaba Cloud OSS signed links from a YAML manifest.
 *
 * @module
 */
export { presignUrl } from "./src/sign/presign.ts";
export type {
  Credentials,
  PresignRequest,
  SignatureVersion,
  SigningInput,
} from "./src/sign/presign.ts";
