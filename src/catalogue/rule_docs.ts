/**
 * What each rule is for and how to fix its findings: the text of
 * `docs/rules.md` and of SARIF's rule help, kept beside the catalogue's
 * one-line descriptions. `tests/catalogue/rules_doc_test.ts` fails when a catalogue
 * rule has no entry here, or this has one for no rule.
 *
 * @module
 */
import { INSPECT_RULE_DOCS } from "./inspect_rules.ts";
import type { RuleDoc } from "./rule_doc.ts";
import { TRAFFIC_LIMIT } from "../oss/traffic_limit.ts";

const NOTHING_RUNS = "Until it is fixed no other rule runs.";
const OTHERS_RUN =
  "The other rules still run on the rest of the manifest, in the same pass; a rule that needs this node skips it.";

/** Every rule's documentation, by rule id. */
export const RULE_DOCS: Readonly<Record<string, RuleDoc>> = {
  "app-package-default-domain": {
    why:
      "OSS refuses to serve Android (.apk) and iOS (.ipa) packages from its default `*.aliyuncs.com` domain and answers 400 ApkDownloadForbidden, so every such link fails.",
    fix:
      "Bind a custom domain to the bucket, set `bucket.domain` to it, and sign the links again.",
    tags: ["domain", "bucket"],
  },
  "bucket-name": {
    why:
      "OSS accepts only these names; a link for any other name points at a bucket that cannot exist.",
    fix:
      "Write the bucket's real name: 3–63 lower-case letters, digits and `-`, starting and ending with a letter or digit.",
    tags: ["manifest"],
  },
  "bucket-public-read": {
    why:
      "On a public-read bucket anyone who knows or guesses a key reads the object without a signature, so the links' expiry protects nothing and a leaked link never really expires.",
    fix:
      "Set the bucket's ACL to private (the links keep working: they are signed), or waive the rule where the objects are meant to be public.",
    tags: ["bucket", "security"],
    securitySeverity: 5.3,
  },
  "cors-config-missing": {
    why:
      "Without a CORS configuration OSS sends no Access-Control-Allow-Origin header, and browsers refuse every script request (fetch, XHR, canvas) from the pages of `access.origins`.",
    fix:
      "Add a CORS rule to the bucket that allows the declared origins, methods and headers, or drop `access` when no page reads the links from script.",
    tags: ["cors", "bucket"],
  },
  "cors-header-not-exposed": {
    why:
      "Scripts read only the response headers CORS exposes; OSS answers a request with the first rule that allows its origin and method, so a header exposed by a later rule stays hidden from the page.",
    fix:
      "Add the header to ExposeHeader of the CORS rule the finding names (the one that answers the request).",
    tags: ["cors", "bucket"],
  },
  "cors-request-denied": {
    why:
      "A browser sends a preflight for a method or request header that is not CORS-safelisted; when no rule allows the origin, method and headers together, the browser refuses the request and the page cannot load the link.",
    fix:
      "Add the origin, method or header to the CORS rule the hint names (AllowedOrigin, AllowedMethod, AllowedHeader), or stop the page from sending the header.",
    tags: ["cors", "bucket"],
  },
  "cors-vary-missing": {
    why:
      "When several origins read the same links, a browser or CDN cache may answer one origin with a response whose Access-Control-Allow-Origin names another, which the browser refuses; `Vary: Origin` keeps the cached answers apart.",
    fix: "Turn on ResponseVary in the bucket's CORS configuration.",
    tags: ["cors", "bucket"],
  },
  "domain-certificate-invalid": {
    why:
      "https links on a custom domain need a certificate that is bound, valid, and valid for as long as the links live; otherwise the TLS handshake fails and browsers show a certificate error.",
    fix:
      "Bind a valid certificate to the domain in the OSS console (or through PutCname), renew it before the last link expires, or shorten `expires`.",
    tags: ["domain", "bucket"],
  },
  "domain-not-bound": {
    why:
      "OSS serves a bucket only on domains bound to it with status Enabled; links on any other domain answer with an error.",
    fix:
      "Bind the domain to the bucket (and verify its CNAME record), or correct `bucket.domain`.",
    tags: ["domain", "bucket"],
  },
  "duplicate-id": {
    why:
      "Links are looked up by id in the JSON, NDJSON and CSV outputs; two links with one id make the later one hide the earlier.",
    fix:
      "Give one of the entries (or list lines) its own `id`, or remove the duplicate.",
    tags: ["manifest"],
  },
  "expires-after-token": {
    why:
      "A link signed with STS credentials stops working when the token expires, whatever its own expiry says.",
    fix:
      "Shorten `expires` so that the links end before the token does, or sign with a token (or an AccessKey) that lives longer.",
    tags: ["expiry", "credentials"],
  },
  "expires-format": {
    why:
      "osslinks cannot tell when a link expires from any other spelling, so it cannot sign it.",
    fix:
      "Write seconds (`1800`), a duration (`90s`, `30m`, `12h`, `7d`, `1h30m`) or an ISO 8601 time with a zone (`2026-12-31T00:00:00Z`).",
    tags: ["expiry", "manifest"],
  },
  "expires-not-positive": {
    why:
      "A link that expires at or before the moment it is signed is dead on arrival.",
    fix:
      "Give a positive duration, or an expiry time after the signing time (`--now`).",
    tags: ["expiry", "manifest"],
  },
  "expires-too-long": {
    why:
      "OSS refuses V4 links that live longer than 7 days (EC 0002-00000232), so the link fails from the first request.",
    fix:
      "Shorten `expires` to at most `7d` (604800 seconds), and sign again when the links run out.",
    tags: ["expiry", "signature"],
  },
  "filename-renamed": {
    why:
      "Browsers sanitize a download's name before saving it: Chromium and Firefox turn / and \\ into _ and drop leading dots; on Windows, Chromium turns trailing dots and spaces into _ and puts _ before a device name (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9, with any extension), while Firefox drops trailing dots and spaces and names such a file Untitled. The link works, but the file lands under another name than the one written; the finding says which. An attachment without a filename saves as its key's last segment, so a key such as config/.env is checked too.",
    fix:
      "Write the name the file should be saved under (for a key, as filename): no path (the folder is the user's choice), no leading dot, no trailing dot or space, and no Windows device name before the first dot.",
    tags: ["filename"],
  },
  "filename-unsafe": {
    why:
      "The filename becomes a Content-Disposition header: a control character (CR or LF above all) would split or inject headers, a name longer than 255 bytes is cut or replaced by the browser when saving, and a name of only dots and spaces is dropped by browsers, which then name the file themselves.",
    fix:
      "Remove control characters, give a name with something besides dots and spaces, and shorten it to at most 255 UTF-8 bytes.",
    tags: ["filename", "security"],
    securitySeverity: 5.0,
  },
  "header-breaks-signature": {
    why:
      "OSS signs `x-oss-*`, Content-Type and Content-MD5 request headers, and refuses a URL signature next to an Authorization header; pages that send one with the links get SignatureDoesNotMatch or InvalidArgument.",
    fix:
      "Stop sending the header with presigned GET/HEAD requests, or drop it from `access.headers` if pages do not send it.",
    tags: ["cors", "signature"],
  },
  "host-invalid": {
    why:
      "`bucket.domain` and `bucket.endpoint` become the host of every link; a scheme, path or invalid character there makes URLs that go nowhere.",
    fix:
      "Write the host name alone (`static.example.com`, optionally with `:port`); the scheme comes from `bucket.https`.",
    tags: ["domain", "manifest"],
  },
  "https-disabled": {
    why:
      "http links travel in clear text: anyone on the path can read the object and replay the signed URL until it expires, and https pages block them as mixed content.",
    fix: "Remove `https: false` (https is the default).",
    tags: ["security"],
    securitySeverity: 5.3,
  },
  "inline-needs-domain": {
    why:
      "On its default domain OSS forces images (in buckets created after 2019-09-24) and web pages to download, whatever the link asks, so an inline preview of them shows a download instead.",
    fix:
      "Bind a custom domain to the bucket and set `bucket.domain`, or make the entry an attachment. `check` tells for sure with the bucket's creation date (`preview-forced-download`).",
    tags: ["preview", "domain"],
  },
  "input-encoding": {
    why:
      `A manifest in another encoding would be read with the wrong characters, and keys would name other objects. ${NOTHING_RUNS}`,
    fix:
      "Save the manifest as UTF-8 (with or without a byte order mark). The finding exits with code 2.",
    tags: ["input"],
  },
  "input-too-large": {
    why:
      `The size limit keeps a stray or hostile file from exhausting memory. ${NOTHING_RUNS}`,
    fix:
      "Split the objects into `list:` files (read line by line, with no such limit), or raise `--max-bytes`. The finding exits with code 2.",
    tags: ["input"],
  },
  "key-encoded": {
    why:
      "osslinks percent-encodes keys itself; a key written already encoded names an object whose key holds a literal `%`, which is rarely the one meant.",
    fix:
      "Write the key as stored (`reports/Q3 报告.pdf`, not `reports/Q3%20%E6%8A%A5%E5%91%8A.pdf`), or waive the finding if the key really has a `%`.",
    tags: ["key"],
  },
  "key-invalid": {
    why:
      "OSS refuses keys outside 1–1023 UTF-8 bytes, and keys with control characters, a leading `/` or `\\`, or `.`/`..` name no object a link can reach.",
    fix:
      "Write the object's key as stored in the bucket, without a leading slash.",
    tags: ["key"],
  },
  "key-not-nfc": {
    why:
      "OSS compares keys byte by byte: a decomposed key (as macOS file names often are) names a different object than its composed form, so the link may answer 404.",
    fix:
      "Check the key as stored in the bucket and write it exactly; normalise it to NFC if the bucket holds the NFC form.",
    tags: ["key"],
  },
  "list-entry-invalid": {
    why:
      "A line of a `list:` file that is not a key or a well-formed NDJSON object entry makes no link; `sign` stops rather than skip it silently.",
    fix:
      "Write one key per line, or one JSON object per line with `key` and optionally `id`, `filename` and `disposition`. Waived, the bad lines are skipped.",
    tags: ["list"],
  },
  "list-unreadable": {
    why:
      "The links of a `list:` file cannot be made when the file is missing, unreadable or not UTF-8.",
    fix:
      "Check the path (relative to the manifest's folder), the file's permissions and its encoding.",
    tags: ["list", "input"],
  },
  "object-missing": {
    why:
      "A link to an object that does not exist answers 404 NoSuchKey; a `prefix:` that lists no object makes no link at all.",
    fix:
      "Correct the key or prefix, or upload the object before the links are handed out.",
    tags: ["bucket"],
  },
  "object-selector": {
    why:
      `An entry names its objects with exactly one of \`key\`, \`prefix\` and \`list\`; with none or several osslinks cannot tell which links to make. ${OTHERS_RUN}`,
    fix: "Keep exactly one of `key`, `prefix` and `list` in the entry.",
    tags: ["schema"],
  },
  "object-version-missing": {
    why: "A link to a version that does not exist answers 404 NoSuchVersion.",
    fix:
      "Correct the `version` id (ListObjectVersions shows them), or drop `version` to link the current one.",
    tags: ["bucket"],
  },
  "origin-invalid": {
    why:
      "Browsers send origins as `scheme://host[:port]`, with no path and no trailing slash; CORS and Referer checks against anything else never match.",
    fix:
      "Write the origin as the browser sends it, such as `https://app.example.com`.",
    tags: ["cors", "manifest"],
  },
  "prefix-needs-listing": {
    why:
      "The links of a `prefix:` entry are the objects under it, which only a listing of the bucket tells; without one `sign` cannot make them.",
    fix:
      "Sign with `--live` to list the bucket, or name the objects with `key:` entries or a `list:` file. Waived, the prefix entries are skipped.",
    tags: ["manifest"],
  },
  "preview-content-type": {
    why:
      "Browsers display inline only the types they can render (images, PDF, text, audio, video); any other Content-Type downloads even with an inline disposition.",
    fix:
      "Store the object with the right Content-Type, or set `response.content-type` on the entry, or make it an attachment.",
    tags: ["preview", "bucket"],
  },
  "preview-forced-download": {
    why:
      "OSS forces images (in buckets created after 2019-09-24) and web pages to download on its default domain, so the inline link downloads.",
    fix: "Bind a custom domain to the bucket and set `bucket.domain`.",
    tags: ["preview", "domain", "bucket"],
  },
  "preview-stored-attachment": {
    why:
      "An object stored with Content-Disposition: attachment downloads when opened other than through these links; the links' signed override wins only for them.",
    fix:
      "Store the object with Content-Disposition: inline (or none), or waive the rule if other access should download.",
    tags: ["preview", "bucket"],
  },
  "probe-content-type": {
    why:
      "A link served with another Content-Type than the one it was signed with has lost its response-content-type on the way (a proxy or CDN that drops the query string or rewrites headers); an inline link of a type browsers cannot display downloads instead of previewing.",
    fix:
      "Make whatever is in front of the bucket pass the query string and the response headers through, or store the object with its real Content-Type, or set `response.content-type` on the entry.",
    tags: ["probe", "preview"],
  },
  "probe-disposition": {
    why:
      "The signed response-content-disposition decides whether a link previews or downloads. OSS forces images and web pages to download on its default domain (`x-oss-force-download: true`), and a proxy or CDN that drops the override or caches by path serves the stored header or another link's.",
    fix:
      "For a forced download, bind a custom domain to the bucket and set `bucket.domain`; otherwise make the proxy or CDN pass the query string through and key its cache on it.",
    tags: ["probe", "preview"],
  },
  "probe-filename": {
    why:
      "A download saved under another name than the manifest's (or the key's) has lost the signed response-content-disposition on the way, or is a cached answer of another link; the receiver gets the wrong file name.",
    fix:
      "Make the proxy or CDN in front of the bucket pass the query string through and key its cache on it, so that each link's own Content-Disposition reaches the browser.",
    tags: ["probe"],
  },
  "emulator-config": {
    why:
      "`osslinks emulator` refuses to start on a config it cannot read whole: a misspelt key or a wrong type would otherwise serve a bucket other than the one you described, and tests against it would pass or fail for the wrong reason.",
    fix:
      "Correct the key or value at the reported line and column (the did-you-mean names the closest known key); the format is in `docs/emulator.md`.",
    tags: ["emulator"],
  },
  "probe-status": {
    why:
      "A link that answers an error (404 NoSuchKey, 403 AccessDenied or SignatureDoesNotMatch, a redirect) does not open for whoever receives it. A host that cannot be reached, or answers 5xx after the retries, is no finding: the probe could not run (exit 3).",
    fix:
      "Upload the missing object or correct the key, version or style; for a 403 check the credentials and policies and decode the link with `osslinks inspect`.",
    tags: ["probe", "bucket"],
  },
  "process-malformed": {
    why:
      "OSS refuses a malformed `x-oss-process` value, so every link with it fails; a `style/…` value belongs in `style`, which `check` can verify.",
    fix:
      "Write `<type>/<action>[,<param>]…`, such as `image/resize,w_200/quality,q_90`, or use `style:` for a named style.",
    tags: ["process"],
  },
  "process-styles-only": {
    why:
      "A bucket with source-image protection refuses raw `image/…` processing (403 AccessDenied, EC 0040-00000031) and serves only named styles.",
    fix:
      "Define a style for the processing on the bucket and use `style:` instead of `process:`.",
    tags: ["process", "bucket"],
  },
  "referer-blocks-direct": {
    why:
      "A bucket that refuses requests without a Referer answers 403 to links opened from the address bar, an e-mail, a chat or a download tool.",
    fix:
      "Allow an empty Referer in the bucket's hotlink protection, or waive the rule if the links are only ever opened from the declared pages.",
    tags: ["referer", "bucket"],
  },
  "referer-blocks-origin": {
    why:
      "Pages send their origin as the Referer (or none from https pages to http links); a Referer whitelist that does not allow it answers 403.",
    fix:
      "Add `<origin>/*` to the bucket's Referer whitelist, or use https links.",
    tags: ["referer", "bucket"],
  },
  "region-endpoint-mismatch": {
    why:
      "V4 signatures include the region: an `oss-<region>.aliyuncs.com` endpoint in another region than `bucket.region` gets SignatureDoesNotMatch or a redirect.",
    fix: "Make `bucket.region` and `bucket.endpoint` name the same region.",
    tags: ["signature", "manifest"],
  },
  "region-invalid": {
    why:
      "The region picks the host of every link and is part of every V4 signature; an unknown one makes links that go nowhere.",
    fix:
      "Write an OSS region id such as `cn-hangzhou` (or `oss-cn-hangzhou`); the hint suggests the closest one.",
    tags: ["manifest"],
  },
  "response-value-unsafe": {
    why:
      "`response` overrides become response headers: an empty value is refused, and a control character would split or inject headers.",
    fix: "Remove control characters and empty overrides.",
    tags: ["security"],
    securitySeverity: 5.0,
  },
  "schema-missing": {
    why: `The manifest lacks a field osslinks needs. ${OTHERS_RUN}`,
    fix: "Add the field the message names.",
    tags: ["schema"],
  },
  "schema-type": {
    why:
      `A field has the wrong type (a list where a mapping is expected, a number for a string…). ${OTHERS_RUN}`,
    fix: "Write the value with the type the message names.",
    tags: ["schema"],
  },
  "schema-unknown-key": {
    why:
      `An unknown field is most often a typo, and a misspelt option would otherwise be silently ignored. ${OTHERS_RUN}`,
    fix:
      "Correct the field name (the hint suggests the closest), or remove it.",
    tags: ["schema"],
  },
  "schema-value": {
    why:
      `A field holds a value outside the ones allowed (an enumeration, the manifest version, an empty list). ${OTHERS_RUN}`,
    fix: "Use one of the values the message lists.",
    tags: ["schema"],
  },
  "secret-in-manifest": {
    why:
      "A manifest is committed, shared and printed in CI logs; an AccessKey, secret or STS token in it leaks. Credentials come from the environment only. Reports never quote the line.",
    fix:
      "Remove the value, rotate the credential if it was ever committed, and export it as OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN instead.",
    tags: ["credentials", "security"],
    securitySeverity: 9.0,
  },
  "signature-v1": {
    why:
      "V1 (HMAC-SHA1) is withdrawn for new accounts and buckets; V4 signs the region and is what OSS recommends.",
    fix:
      "Remove `signature: v1` (V4 is the default) unless the bucket still needs V1.",
    tags: ["signature", "security"],
    securitySeverity: 3.1,
  },
  "style-and-process": {
    why:
      "`style` and `process` both become `x-oss-process`; a link can carry only one.",
    fix: "Keep one: `style:` for a named style, `process:` for raw processing.",
    tags: ["style", "process"],
  },
  "style-missing": {
    why:
      "A link with a style the bucket does not define answers 404 NoSuchStyle.",
    fix:
      "Create the style on the bucket (PutStyle or the console), or correct its name in `styles`.",
    tags: ["style", "bucket"],
  },
  "style-name-invalid": {
    why:
      "OSS accepts only these style names (EC 0017-00000250), so no bucket can define another.",
    fix: "Use 1–63 characters of A-Z, a-z, 0-9, `_`, `.` and `-`.",
    tags: ["style"],
  },
  "style-undeclared": {
    why:
      "`check` verifies that the bucket defines every style in `styles`; a style used but not declared escapes that check.",
    fix:
      "Add the style to `styles` (or correct its name: the hint suggests the closest).",
    tags: ["style"],
  },
  "token-expired": {
    why:
      "OSS refuses every link signed with an expired STS token (SecurityTokenExpired), so the whole batch would fail.",
    fix:
      "Get a fresh token (and its expiry) before signing, or correct `--token-expires` / OSS_SESSION_TOKEN_EXPIRATION.",
    tags: ["credentials", "expiry"],
  },
  "traffic-limit-range": {
    why:
      `OSS accepts \`x-oss-traffic-limit\` only as whole bit/s from ${TRAFFIC_LIMIT.min} (100 KB/s) to ${TRAFFIC_LIMIT.max} (100 MB/s) and refuses the link otherwise.`,
    fix: "Use a whole number of bit/s in that range.",
    tags: ["manifest"],
  },
  "version-on-collection": {
    why:
      "A version id names one version of one object; on a prefix, a list or the defaults it would apply to objects it cannot belong to.",
    fix: "Move `version` onto the `key` entry it belongs to.",
    tags: ["manifest"],
  },
  "waiver-not-allowed": {
    why:
      "Some findings cannot be waived away: those that mean osslinks could not read or understand its input (`input-*`, `yaml-*`, `schema-*`, `object-selector`, `list-unreadable`), so that nothing else was checked; those of links that cannot be signed at all (an unreadable, past or over-7-day expiry, a filename that would break the header); a credential in the manifest, which the design never allows; and the findings about waivers.",
    fix: "Remove the rule from the waiver and fix the finding instead.",
    tags: ["waiver"],
  },
  "waiver-unknown-rule": {
    why:
      "A waiver that names no rule of the catalogue waives nothing: most often a typo, or a rule renamed since.",
    fix:
      "Correct the rule name (the hint suggests the closest), or remove the waiver.",
    tags: ["waiver"],
  },
  "yaml-alias": {
    why:
      `A cyclic alias, or aliases that expand the document past a bound (an "alias bomb"), would exhaust memory. ${NOTHING_RUNS}`,
    fix: "Write the values out instead of aliasing them.",
    tags: ["yaml", "input"],
  },
  "yaml-empty": {
    why: `An empty manifest declares no links. ${NOTHING_RUNS}`,
    fix: "Write the manifest (see `links.example.yaml`).",
    tags: ["yaml", "input"],
  },
  "yaml-syntax": {
    why:
      `The manifest is not one well-formed YAML document (or repeats a key), so its meaning is unknown. ${NOTHING_RUNS}`,
    fix:
      "Fix the YAML at the position given: indentation, quotes, a repeated key.",
    tags: ["yaml", "input"],
  },
  // osslinks inspect's own codes (src/catalogue/inspect_rules.ts).
  ...INSPECT_RULE_DOCS,
};
