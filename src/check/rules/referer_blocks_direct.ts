import type { CheckRule } from "../rule.ts";

/** Links opened directly send no Referer. */
export const refererBlocksDirect: CheckRule = {
  id: "referer-blocks-direct",
  description:
    "The bucket allows requests without a Referer, which links opened directly (address bar, e-mail, chat) make",
  severity: "warning",
  check(context) {
    const referer = context.snapshot.referer;
    if (referer === null || referer.allowEmptyReferer) return;
    context.report({
      path: ["objects"],
      target: "key",
      message:
        `Bucket "${context.snapshot.bucket}" refuses requests without a Referer: links opened directly (address bar, e-mail, chat, download tools) answer 403 AccessDenied (EC 0003-00000501)`,
      hint:
        "allow empty Referers (AllowEmptyReferer) unless the links are only used from web pages",
    });
  },
};
