import type { CheckRule } from "../rule.ts";
import { corsCases } from "./_cors.ts";

/**
 * Every header of `access.expose` is readable by scripts: exposed by the
 * CORS rule that answers the request (or CORS-safelisted).
 */
export const corsHeaderNotExposed: CheckRule = {
  id: "cors-header-not-exposed",
  description:
    "Every header in access.expose is exposed (ExposeHeader) by the CORS rule that answers the request, or is CORS-safelisted",
  severity: "error",
  check(context) {
    const { manifest, snapshot } = context;
    if (snapshot.cors === "none") return;
    const expose = manifest.access?.expose ?? [];
    for (const item of corsCases(manifest, snapshot.cors)) {
      const { verdict } = item;
      if (!verdict.allowed || verdict.rule === undefined) continue;
      const answering = verdict.rule + 1;
      const preflight = verdict.preflightRule;
      expose.forEach((name, k) => {
        if (verdict.readable[name]) return;
        const otherRule = preflight !== undefined && preflight !== verdict.rule
          ? ` (rule ${
            preflight + 1
          } answers the preflight, but OSS answers the request itself with the first rule that allows the origin and method)`
          : "";
        context.report({
          path: ["access", "expose", k],
          message:
            `Pages on "${item.origin}" cannot read "${name}" from ${item.method} responses: CORS rule ${answering}, which answers the request, does not expose it${otherRule}`,
          hint: `add "${name}" to ExposeHeader of CORS rule ${answering}`,
        });
      });
    }
  },
};
