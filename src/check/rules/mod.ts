/**
 * The bucket checks, sorted by id.
 *
 * @module
 */
import type { CheckRule } from "../rule.ts";
import { appPackageDefaultDomain } from "./app_package_default_domain.ts";
import { bucketPublicRead } from "./bucket_public_read.ts";
import { corsConfigMissing } from "./cors_config_missing.ts";
import { corsHeaderNotExposed } from "./cors_header_not_exposed.ts";
import { corsRequestDenied } from "./cors_request_denied.ts";
import { corsVaryMissing } from "./cors_vary_missing.ts";
import { domainCertificateInvalid } from "./domain_certificate_invalid.ts";
import { domainNotBound } from "./domain_not_bound.ts";
import { objectMissing } from "./object_missing.ts";
import { objectVersionMissing } from "./object_version_missing.ts";
import { previewContentType } from "./preview_content_type.ts";
import { previewForcedDownload } from "./preview_forced_download.ts";
import { previewStoredAttachment } from "./preview_stored_attachment.ts";
import { processStylesOnly } from "./process_styles_only.ts";
import { refererBlocksDirect } from "./referer_blocks_direct.ts";
import { refererBlocksOrigin } from "./referer_blocks_origin.ts";
import { styleMissing } from "./style_missing.ts";

/**
 * The prerequisite checks that read the bucket's state, sorted by id.
 *
 * @example Usage
 * ```ts
 * import { CHECK_RULES } from "@osslinks/osslinks/check";
 *
 * // One line per check, as the README's rule table lists them.
 * const table = CHECK_RULES.map((rule) => `${rule.id} (${rule.severity}): ${rule.description}`);
 * const ids = CHECK_RULES.map((rule) => rule.id);
 * if (!ids.includes("object-missing") || ids.join() !== [...ids].sort().join()) {
 *   throw new Error(table.join("\n"));
 * }
 * ```
 */
export const CHECK_RULES: readonly CheckRule[] = [
  appPackageDefaultDomain,
  bucketPublicRead,
  corsConfigMissing,
  corsHeaderNotExposed,
  corsRequestDenied,
  corsVaryMissing,
  domainCertificateInvalid,
  domainNotBound,
  objectMissing,
  objectVersionMissing,
  previewContentType,
  previewForcedDownload,
  previewStoredAttachment,
  processStylesOnly,
  refererBlocksDirect,
  refererBlocksOrigin,
  styleMissing,
];
