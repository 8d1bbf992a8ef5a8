/**
 * The manifest rules, sorted by id.
 *
 * @module
 */
import { bucketName } from "./bucket_name.ts";
import { duplicateId } from "./duplicate_id.ts";
import { expiresAfterToken } from "./expires_after_token.ts";
import { expiresFormat } from "./expires_format.ts";
import { expiresNotPositive } from "./expires_not_positive.ts";
import { expiresTooLong } from "./expires_too_long.ts";
import { filenameRenamed } from "./filename_renamed.ts";
import { filenameUnsafe } from "./filename_unsafe.ts";
import { headerBreaksSignature } from "./header_breaks_signature.ts";
import { hostInvalid } from "./host_invalid.ts";
import { httpsDisabled } from "./https_disabled.ts";
import { inlineNeedsDomain } from "./inline_needs_domain.ts";
import { keyEncoded } from "./key_encoded.ts";
import { keyInvalid } from "./key_invalid.ts";
import { keyNotNfc } from "./key_not_nfc.ts";
import { originInvalid } from "./origin_invalid.ts";
import { processMalformed } from "./process_malformed.ts";
import { regionEndpointMismatch } from "./region_endpoint_mismatch.ts";
import { regionInvalid } from "./region_invalid.ts";
import type { Rule } from "./rule.ts";
import { responseValueUnsafe } from "./response_value_unsafe.ts";
import { signatureV1 } from "./signature_v1.ts";
import { styleAndProcess } from "./style_and_process.ts";
import { styleNameInvalid } from "./style_name_invalid.ts";
import { styleUndeclared } from "./style_undeclared.ts";
import { tokenExpired } from "./token_expired.ts";
import { trafficLimitRange } from "./traffic_limit_range.ts";
import { versionOnCollection } from "./version_on_collection.ts";

/**
 * The semantic rules, sorted by id. They run on a schema-valid manifest, or
 * on what passed the schema of one that is not (`runRulesOnSalvage`).
 */
export const MANIFEST_RULES: readonly Rule[] = [
  bucketName,
  duplicateId,
  expiresAfterToken,
  expiresFormat,
  expiresNotPositive,
  expiresTooLong,
  filenameRenamed,
  filenameUnsafe,
  headerBreaksSignature,
  hostInvalid,
  httpsDisabled,
  inlineNeedsDomain,
  keyEncoded,
  keyInvalid,
  keyNotNfc,
  originInvalid,
  processMalformed,
  regionEndpointMismatch,
  regionInvalid,
  responseValueUnsafe,
  signatureV1,
  styleAndProcess,
  styleNameInvalid,
  styleUndeclared,
  tokenExpired,
  trafficLimitRange,
  versionOnCollection,
];
