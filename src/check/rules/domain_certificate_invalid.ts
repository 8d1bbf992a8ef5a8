import type { CheckRule } from "../rule.ts";
import { boundDomain } from "./_domain.ts";

function day(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * An https custom domain has a certificate bound, enabled and valid from the
 * signing time until after the last link expires.
 */
export const domainCertificateInvalid: CheckRule = {
  id: "domain-certificate-invalid",
  description:
    "For https links, the custom domain has a certificate that is bound, Enabled, valid at signing time and until after the last link expires",
  severity: "error",
  check(context) {
    const { bucket } = context.manifest;
    if (bucket.domain === undefined || bucket.https === false) return;
    const cname = boundDomain(context);
    if (cname === undefined) return;
    const domain = bucket.domain;
    const report = (message: string, hint?: string) =>
      context.report({
        path: ["bucket", "domain"],
        message,
        ...(hint !== undefined ? { hint } : {}),
      });
    const certificate = cname.certificate;
    if (certificate === null) {
      report(
        `Domain "${domain}" has no HTTPS certificate bound: https links fail the TLS handshake`,
        "bind a certificate to the domain (CAS or upload), or set bucket.https: false",
      );
      return;
    }
    if (certificate.status !== "Enabled") {
      report(
        `The HTTPS certificate of domain "${domain}" (${certificate.certId}) has status "${certificate.status}": https links fail the TLS handshake`,
      );
      return;
    }
    const now = context.now.getTime();
    const start = certificate.validStartDate;
    if (start !== null && Date.parse(start) > now) {
      report(
        `The HTTPS certificate of domain "${domain}" is valid only from ${start}, after the links are signed (${context.now.toISOString()})`,
      );
    }
    const end = certificate.validEndDate;
    if (end === null) return;
    const endTime = Date.parse(end);
    if (endTime <= now) {
      report(
        `The HTTPS certificate of domain "${domain}" expired on ${
          day(end)
        } (${end}): https links fail the TLS handshake`,
        "renew the certificate and bind the new one to the domain",
      );
    } else if (endTime <= context.lastExpiry.getTime()) {
      report(
        `The HTTPS certificate of domain "${domain}" expires at ${end}, before the last link does (${context.lastExpiry.toISOString()}): those links fail from then on`,
        "renew the certificate, or shorten the links' expiry",
      );
    }
  },
};
