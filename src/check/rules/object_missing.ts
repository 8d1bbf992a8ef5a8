import type { CheckRule } from "../rule.ts";
import { agree, objectsSubject, reportPerEntry } from "./_links.ts";

/** Every object a link names exists; every `prefix:` lists some object. */
export const objectMissing: CheckRule = {
  id: "object-missing",
  description:
    "Every object the manifest names exists (HeadObject), and every prefix: lists at least one object",
  severity: "error",
  check(context) {
    const bucket = context.snapshot.bucket;
    const failing = context.links
      .filter((link) => link.object.status === "no-such-key")
      .map((link) => ({ link, group: "" }));
    reportPerEntry(context, failing, (links) => ({
      path: links[0]!.path,
      message: `${objectsSubject(links)} ${
        agree(links, "does", "do")
      } not exist in bucket "${bucket}": ${
        agree(links, "its link answers", "their links answer")
      } 404 NoSuchKey`,
    }));
    const listed = new Map(
      context.snapshot.prefixes.map((entry) => [entry.prefix, entry.keys]),
    );
    context.manifest.objects.forEach((entry, index) => {
      if (entry.prefix === undefined) return;
      if ((listed.get(entry.prefix)?.length ?? 0) > 0) return;
      context.report({
        path: ["objects", index, "prefix"],
        message:
          `No object in bucket "${bucket}" has the prefix "${entry.prefix}": the entry makes no link`,
      });
    });
  },
};
