import { isAppPackage } from "../../oss/default_domain.ts";
import type { CheckRule } from "../rule.ts";
import { agree, objectsSubject, reportPerEntry } from "./_links.ts";

/** OSS refuses APK and IPA files on its default domain. */
export const appPackageDefaultDomain: CheckRule = {
  id: "app-package-default-domain",
  description:
    "No .apk or .ipa link uses the default OSS domain, where OSS refuses them (400 ApkDownloadForbidden)",
  severity: "error",
  check(context) {
    if (context.manifest.bucket.domain !== undefined) return;
    const failing = context.links
      .filter((link) => isAppPackage(link.plan.key))
      .map((link) => ({ link, group: "" }));
    reportPerEntry(context, failing, (links) => ({
      path: links[0]!.path,
      message: `${objectsSubject(links)} ${
        agree(links, "is an app package", "are app packages")
      }, which OSS refuses on its default domain: ${
        agree(links, "its link answers", "their links answer")
      } 400 ApkDownloadForbidden`,
      hint: "bind a custom domain to the bucket and set bucket.domain",
    }));
  },
};
