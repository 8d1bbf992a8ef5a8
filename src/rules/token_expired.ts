import type { Rule } from "./rule.ts";

/**
 * An STS token that has expired by the signing time makes every link OSS
 * refuses (EC 0002-00000007, `SecurityTokenExpired`; oss-facts §7.10): one
 * finding, rather than one `expires-after-token` per link.
 */
export const tokenExpired: Rule = {
  id: "token-expired",
  description:
    "The STS token (OSS_SESSION_TOKEN_EXPIRATION or --token-expires) has not expired by the signing time (--now): OSS refuses every link signed with an expired token",
  severity: "error",
  check({ tokenExpiresAt, now, report }) {
    if (tokenExpiresAt === undefined || tokenExpiresAt > now) return;
    report({
      path: ["objects"],
      target: "key",
      message:
        `The STS token expired at ${tokenExpiresAt.toISOString()}, before the signing time ${now.toISOString()}: OSS refuses every link signed with it (SecurityTokenExpired)`,
      hint:
        "get a fresh STS token (AssumeRole) and its expiry, then sign again",
    });
  },
};
