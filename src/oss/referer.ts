/**
 * Hotlink protection: a bucket's Referer whitelist and blacklist, checked
 * for anonymous and URL-signed requests (not for `Authorization`-header
 * requests), with the EC codes OSS documents (0003-00000501/502/503).
 *
 * @module
 */
import { OssError } from "./errors.ts";
import { matchesWildcard } from "./wildcard.ts";

/** A bucket's hotlink protection (Referer) configuration. */
export interface RefererConfiguration {
  /** Whether a request without a Referer is allowed. */
  readonly allowEmptyReferer: boolean;
  /** Whether the query string is cut off the Referer before matching. */
  readonly allowTruncateQueryString: boolean;
  /** Whether the path is cut off the Referer before matching. */
  readonly truncatePath: boolean;
  /** Allowed Referer patterns (`*` and `?` wildcards); empty allows all. */
  readonly refererList: readonly string[];
  /** Denied Referer patterns, checked first. */
  readonly refererBlacklist: readonly string[];
}

function denied(ec: string): OssError {
  return new OssError(
    403,
    "AccessDenied",
    "You are denied by bucket referer policy.",
    { ec },
  );
}

function subjectOf(referer: string, config: RefererConfiguration): string {
  let subject = referer;
  if (config.allowTruncateQueryString) {
    subject = subject.replace(/[?#].*$/s, "");
  }
  if (config.truncatePath) {
    const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)/i.exec(subject);
    if (match?.[1] !== undefined) subject = match[1];
  }
  return subject;
}

/**
 * Checks a request's Referer against a bucket's hotlink protection. The
 * blacklist is checked first; an empty whitelist allows every non-empty
 * Referer. Patterns use `*` and `?` and ignore case.
 *
 * @param config The bucket's Referer configuration, or `null` for none.
 * @param referer The request's `Referer` header, if any.
 * @throws {OssError} `AccessDenied` with EC 0003-00000501 (empty Referer not
 * allowed), 0003-00000502 (blacklisted) or 0003-00000503 (not whitelisted).
 */
export function checkReferer(
  config: RefererConfiguration | null,
  referer: string | undefined,
): void {
  if (config === null) return;
  const value = referer?.trim() ?? "";
  if (value === "") {
    if (config.allowEmptyReferer) return;
    throw denied("0003-00000501");
  }
  const subject = subjectOf(value, config);
  const matches = (pattern: string) =>
    matchesWildcard(pattern, subject, { question: true, ignoreCase: true });
  if (config.refererBlacklist.some(matches)) throw denied("0003-00000502");
  if (config.refererList.length > 0 && !config.refererList.some(matches)) {
    throw denied("0003-00000503");
  }
}
