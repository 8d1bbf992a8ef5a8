import { forEachExpiry } from "./entries.ts";
import type { Rule } from "./rule.ts";

/**
 * A link signed with an STS token dies with the token. A token already
 * expired at signing time is `token-expired` instead.
 */
export const expiresAfterToken: Rule = {
  id: "expires-after-token",
  description:
    "No link outlives the STS token it is signed with (OSS_SESSION_TOKEN_EXPIRATION or --token-expires)",
  severity: "error",
  check(context) {
    const tokenExpiresAt = context.tokenExpiresAt;
    // An already expired token is token-expired, once, not one per link.
    if (tokenExpiresAt === undefined || tokenExpiresAt <= context.now) return;
    forEachExpiry(context, (result, path) => {
      if (!result.ok || result.expiresAt <= tokenExpiresAt) return;
      context.report({
        path,
        message:
          `The link expires at ${result.expiresAt.toISOString()}, after the STS token does at ${tokenExpiresAt.toISOString()}: it stops working with the token`,
      });
    });
  },
};
