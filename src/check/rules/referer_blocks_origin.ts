import type { CheckRule } from "../rule.ts";
import { refererRefusal } from "./_referer.ts";

/**
 * Pages send their origin as the Referer of a cross-origin request (the
 * default `strict-origin-when-cross-origin` policy), or none at all from an
 * https page to an http link: the bucket's Referer rules must allow it.
 */
export const refererBlocksOrigin: CheckRule = {
  id: "referer-blocks-origin",
  description:
    "The bucket's Referer rules allow the Referer pages on access.origins send (their origin, or none from https pages to http links)",
  severity: "error",
  check(context) {
    const referer = context.snapshot.referer;
    if (referer === null) return;
    const httpLinks = context.manifest.bucket.https === false;
    (context.manifest.access?.origins ?? []).forEach((origin, index) => {
      const downgrade = httpLinks && origin.startsWith("https:");
      const sent = downgrade ? "" : `${origin}/`;
      const ec = refererRefusal(referer, sent);
      if (ec === undefined) return;
      const what = downgrade
        ? `send no Referer to http links`
        : `send the Referer "${sent}" (browsers send only the origin cross-origin)`;
      const rule = ec === "0003-00000501"
        ? "requests without a Referer are refused"
        : ec === "0003-00000502"
        ? "it is on the Referer blacklist"
        : "it is not on the Referer whitelist";
      context.report({
        path: ["access", "origins", index],
        message:
          `Pages on "${origin}" ${what}, and bucket "${context.snapshot.bucket}" refuses it: ${rule} (403 AccessDenied, EC ${ec})`,
        hint: downgrade
          ? "use https links, or allow empty Referers"
          : `add "${origin}/*" to the bucket's Referer whitelist`,
      });
    });
  },
};
