import type { CheckRule } from "../rule.ts";
import { agree, objectsSubject, reportPerEntry } from "./_links.ts";

/** Every version a link names exists. */
export const objectVersionMissing: CheckRule = {
  id: "object-version-missing",
  description:
    "Every version: the manifest names exists for its object (HeadObject with versionId)",
  severity: "error",
  check(context) {
    const failing = context.links
      .filter((link) => link.object.status === "no-such-version")
      .map((link) => ({ link, group: link.version ?? "" }));
    reportPerEntry(context, failing, (links) => {
      const first = links[0]!;
      return {
        path: context.option(first.index, "version")?.path ?? first.path,
        message: `${objectsSubject(links)} ${
          agree(links, "has", "have")
        } no version "${first.version}": ${
          agree(links, "its link answers", "their links answer")
        } 404 NoSuchVersion`,
        hint:
          "list the object's versions (ListObjectVersions) for the right id",
      };
    });
  },
};
