import type { CheckRule } from "../rule.ts";
import { agree, objectsSubject, reportPerEntry } from "./_links.ts";

/** A bucket with source-image protection refuses raw `image/…` processing. */
export const processStylesOnly: CheckRule = {
  id: "process-styles-only",
  description:
    "No link uses raw image/ processing on a bucket that only allows styles (source-image protection)",
  severity: "error",
  check(context) {
    if (context.snapshot.rawImageProcessing !== "refused") return;
    const failing = context.links
      .filter((link) => link.plan.process?.startsWith("image/") === true)
      .map((link) => ({ link, group: link.plan.process ?? "" }));
    reportPerEntry(context, failing, (links) => {
      const first = links[0]!;
      return {
        path: context.option(first.index, "process")?.path ?? first.path,
        message:
          `Bucket "${context.snapshot.bucket}" only allows image styles: raw processing "${first.plan.process}" of ${
            objectsSubject(links).replace(/^Object/, "object")
          } ${
            agree(links, "is", "are")
          } refused with 403 AccessDenied (EC 0040-00000031)`,
        hint: "define a style for this processing on the bucket and use style:",
      };
    });
  },
};
