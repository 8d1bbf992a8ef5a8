import type { Rule } from "./rule.ts";

/** CORS origins are `scheme://host[:port]`, exactly as browsers send them. */
export const originInvalid: Rule = {
  id: "origin-invalid",
  description:
    "access.origins are web origins (scheme://host[:port]) without path or trailing slash",
  severity: "error",
  check({ manifest, report }) {
    manifest.access?.origins.forEach((origin, index) => {
      let canonical: string | undefined;
      try {
        const url = new URL(origin);
        if (url.protocol === "http:" || url.protocol === "https:") {
          canonical = url.origin;
        }
      } catch {
        canonical = undefined;
      }
      if (canonical === origin) return;
      report({
        path: ["access", "origins", index],
        message:
          `Invalid origin "${origin}": browsers send origins as scheme://host[:port]`,
        ...(canonical !== undefined ? { hint: `use "${canonical}"` } : {}),
      });
    });
  },
};
