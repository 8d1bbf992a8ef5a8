import type { CheckRule } from "../rule.ts";
import { corsCases, declaredHeader } from "./_cors.ts";

const PREFLIGHT_HINT: Readonly<Record<string, string>> = {
  "range":
    'browsers send a Range other than one "bytes=N-" or "bytes=N-M" range only after a preflight',
  "content-type":
    "browsers send a Content-Type other than a form or plain text only after a preflight",
  "accept":
    'browsers send an Accept over 128 bytes, or with a control character or one of "():<>?@[\\]{} only after a preflight',
  "accept-language":
    "browsers send an Accept-Language over 128 bytes or with characters other than 0-9 A-Z a-z space *,-.;= only after a preflight",
  "content-language":
    "browsers send a Content-Language over 128 bytes or with characters other than 0-9 A-Z a-z space *,-.;= only after a preflight",
};

/**
 * Every declared origin × method × request headers is allowed by a CORS
 * rule, under OSS semantics (in order, first match wins). Only the headers
 * that make the browser send a preflight need an AllowedHeader (Fetch's
 * CORS-safelisted request-headers do not); a header declared without a value
 * is judged with the value pages usually send (`Range`: one `bytes=N-`
 * range; `Content-Type`: one that needs a preflight).
 */
export const corsRequestDenied: CheckRule = {
  id: "cors-request-denied",
  description:
    "A CORS rule allows every declared origin × method, and every declared request header that makes browsers send a preflight (Fetch safelist: a Range declared without a value is taken as one bytes=N- range, which needs none); rules in order, first match wins, one * per pattern, header names ignore case",
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
              hint: PREFLIGHT_HINT[missing] !== undefined
                ? `add "${header.name}" to AllowedHeader; ${
                  PREFLIGHT_HINT[missing]
                }`
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
