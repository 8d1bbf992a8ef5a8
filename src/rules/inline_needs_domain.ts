import type { Rule } from "./rule.ts";

/**
 * The default OSS domain forces download for images and web pages (oss-facts
 * §4.2), so an inline preview needs a custom domain.
 */
export const inlineNeedsDomain: Rule = {
  id: "inline-needs-domain",
  description:
    "Inline previews go through a custom domain: the default OSS domain forces download of images and web pages",
  severity: "warning",
  check(context) {
    if (context.manifest.bucket.domain !== undefined) return;
    context.manifest.objects.forEach((_, index) => {
      const disposition = context.option(index, "disposition");
      if (disposition?.value !== "inline") return;
      context.report({
        path: disposition.path,
        message:
          "Inline preview on the default OSS domain: OSS forces download of images and web pages there",
        hint: "bind a custom domain to the bucket and set bucket.domain",
      });
    });
  },
};
