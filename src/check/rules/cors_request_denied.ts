import type { CheckRule } from "../rule.ts";
import { corsCases, declaredHeader } from "./_cors.ts";

const PREFLIGHT_HINT =
  'browsers send a Range other than one "bytes=N-M" range, and a Content-Type other than a form or plain text, only after a preflight';

/**
 * Every declared origin × method × request headers is allowed by a CORS
 * rule, under OSS semantics (in order, first match wins).
 */
export const corsRequestDenied: CheckRule = {
  id: "cors-request-denied",
  description:
    "A CORS rule allows every declared origin × method × request header (rules in order, first match wins, one * per pattern, header names ignore case)",
  severity: "error",
  check(context) {
    const { manifest, snapshot } = context;
    if (snapshot.cors === "none") return;
    for (const item of corsCases(manifest, snapshot.cors)) {
      const { verdict, origin, method } = item;
      const denial = verdict.denial;
      if (denial === undefined || denial.kind === "no-config") continue;
      switch (denial.kind) {
        case "origin":
          context.report({
            path: item.originPath,
            message:
              `No CORS rule allows origin "${origin}": browsers refuse every request from its pages`,
            hint: `add "${origin}" to AllowedOrigin of a CORS rule`,
          });
          break;
        case "method":
          context.report({
            path: item.methodPath,
            message:
              `No CORS rule allows ${method} from "${origin}": the rules that allow the origin do not allow the method`,
            hint: `add ${method} to AllowedMethod of the rule for "${origin}"`,
          });
          break;
        case "headers":
          for (const missing of denial.missing) {
            const header = declaredHeader(manifest, missing);
            context.report({
              path: header.path,
              message:
                `No CORS rule allows header "${header.name}" on ${method} from "${origin}": the browser's preflight is refused`,
              hint: missing === "range" || missing === "content-type"
                ? `add "${header.name}" to AllowedHeader; ${PREFLIGHT_HINT}`
                : `add "${header.name}" to AllowedHeader of the rule for "${origin}"`,
            });
          }
          break;
        case "header-combination":
          context.report({
            path: ["access", "headers"],
            target: "key",
            message:
              `No single CORS rule allows ${method} from "${origin}" with headers ${
                verdict.preflightHeaders.map((name) =>
                  `"${declaredHeader(manifest, name).name}"`
                ).join(", ")
              } together: the browser's preflight is refused`,
            hint:
              "the preflight names every header at once; one rule must allow them all",
          });
          break;
      }
    }
  },
};
