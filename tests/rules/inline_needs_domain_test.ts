import assert from "node:assert/strict";
import { validateManifest } from "../../src/pipeline/validate.ts";

function findings(bucket: string, objects: string): string[] {
  const text =
    `version: 1\nbucket: {name: examplebucket, region: cn-hangzhou${bucket}}\nstyles: [thumb]\nobjects:\n${objects}`;
  return validateManifest(new TextEncoder().encode(text), {
    now: new Date("2026-11-28T09:00:00Z"),
  }).diagnostics.filter((d) => d.rule === "inline-needs-domain")
    .map((d) => `${d.range?.start.line}: ${d.message}`);
}

Deno.test("inline-needs-domain fires only for types OSS forces to download on its default domain", async (t) => {
  await t.step("a custom domain: never", () => {
    assert.deepEqual(
      findings(
        ", domain: static.example.com",
        "  - {key: a.jpg, disposition: inline}\n  - {key: b.html, disposition: inline}\n",
      ),
      [],
    );
  });
  await t.step("video, PDF and unknown extensions: never", () => {
    assert.deepEqual(
      findings(
        "",
        "  - {key: a.mp4, disposition: inline}\n  - {key: b.pdf, disposition: inline}\n  - {key: c, disposition: inline}\n  - {key: d.jpg.mp4, disposition: inline}\n",
      ),
      [],
    );
  });
  await t.step("a list with a style, a prefix with a web-page type", () => {
    assert.deepEqual(
      findings(
        "",
        "  - {list: keys.txt, disposition: inline, style: thumb}\n  - {prefix: site/, disposition: inline, response: {content-type: 'text/html; charset=utf-8'}}\n",
      ),
      [
        '5: Inline links to the objects of "keys.txt" on the default OSS domain: OSS forces images (style "thumb") to download there in buckets created after 2019-09-24',
        '6: Inline links to the objects under "site/" on the default OSS domain: OSS forces web pages (text/html, by response.content-type) to download there',
      ],
    );
  });
  await t.step("a type override away from an image: never", () => {
    assert.deepEqual(
      findings(
        "",
        "  - {key: a.png, disposition: inline, response: {content-type: video/mp4}}\n",
      ),
      [],
    );
  });
});
