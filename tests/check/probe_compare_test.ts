import assert from "node:assert/strict";
import {
  compareProbe,
  parseContentDisposition,
  type ProbeAnswer,
  type ProbeExpectation,
} from "../../src/check/probe_compare.ts";
import { contentDisposition } from "../../src/sign/content_disposition.ts";

const OK: ProbeAnswer = {
  status: 206,
  contentType: "text/plain",
  contentDisposition: null,
  forcedDownload: false,
};

function expecting(
  disposition: "inline" | "attachment",
  filename?: string,
  contentType?: string,
): ProbeExpectation {
  return {
    id: "a",
    key: "a",
    method: "GET",
    disposition,
    contentDisposition: contentDisposition(disposition, filename),
    contentType,
  };
}

Deno.test("parseContentDisposition() reads what contentDisposition() writes, for any filename", () => {
  for (
    const name of [
      "plain.txt",
      'quote " and \\ backslash.txt',
      "2026年第三季度报告.pdf",
      "100% real;name=x.txt",
      "naïve café 😀.png",
      "%E6%8A%A5.pdf",
    ]
  ) {
    assert.deepEqual(
      parseContentDisposition(contentDisposition("attachment", name)),
      { type: "attachment", filename: name },
      name,
    );
  }
  assert.deepEqual(parseContentDisposition("inline"), {
    type: "inline",
    filename: undefined,
  });
});

Deno.test("parseContentDisposition() takes filename* first, and filename when it cannot be read", () => {
  const cases: [string, string | undefined][] = [
    ['attachment; filename="a.txt"', "a.txt"],
    ["attachment; filename=a.txt", "a.txt"],
    ["ATTACHMENT; FILENAME*=utf-8''%C3%A9.txt; filename=e.txt", "é.txt"],
    ["attachment; filename*=iso-8859-1'en'%E9.txt", "é.txt"],
    // Not UTF-8: the plain name stands.
    ["attachment; filename*=UTF-8''%E9.txt; filename=\"e.txt\"", "e.txt"],
    ["attachment; filename*=koi8-r''%E9.txt; filename=\"e.txt\"", "e.txt"],
    ['attachment; filename="a;b.txt"', "a;b.txt"],
    ["attachment", undefined],
  ];
  for (const [value, filename] of cases) {
    assert.equal(parseContentDisposition(value).filename, filename, value);
  }
  assert.equal(parseContentDisposition(" Inline ; x=1").type, "inline");
});

Deno.test("compareProbe() finds nothing when the answer is as declared", () => {
  assert.deepEqual(
    compareProbe(expecting("attachment", "报告.pdf", "application/pdf"), {
      ...OK,
      contentType: "application/pdf",
      contentDisposition: contentDisposition("attachment", "报告.pdf"),
    }),
    [],
  );
  // An inline link without a filename: no header at all is fine.
  assert.deepEqual(compareProbe(expecting("inline"), OK), []);
  // A HEAD link answers 200.
  assert.deepEqual(
    compareProbe({ ...expecting("inline"), method: "HEAD" }, {
      ...OK,
      status: 200,
    }),
    [],
  );
  // Parameters are compared when declared, case-insensitively.
  assert.deepEqual(
    compareProbe(expecting("inline", undefined, "text/plain; charset=utf-8"), {
      ...OK,
      contentType: "text/plain;charset=UTF-8",
    }),
    [],
  );
});

Deno.test("compareProbe() reports an error status alone, with the OSS code", () => {
  const mismatches = compareProbe(expecting("inline"), {
    ...OK,
    status: 403,
    errorCode: "AccessDenied",
    contentType: "application/xml",
  });
  assert.deepEqual(mismatches.map((m) => [m.rule, m.message]), [[
    "probe-status",
    'Link "a" answers 403 AccessDenied: it does not open',
  ]]);
  assert.match(mismatches[0]!.hint ?? "", /RAM policy/);
  assert.equal(mismatches[0]!.option, undefined);
  const version = compareProbe(expecting("inline"), {
    ...OK,
    status: 404,
    errorCode: "NoSuchVersion",
  });
  assert.equal(version[0]!.option, "version");
  const redirect = compareProbe(expecting("inline"), { ...OK, status: 302 });
  assert.equal(redirect[0]!.message, 'Link "a" answers 302: it does not open');
  assert.match(redirect[0]!.hint ?? "", /redirect/);
});

Deno.test("compareProbe() reports the content type, disposition and filename apart", () => {
  const mismatches = compareProbe(
    expecting("inline", "report.pdf", "application/pdf"),
    {
      ...OK,
      contentType: "application/pdf; charset=x",
      contentDisposition: 'attachment; filename="other.pdf"',
    },
  );
  assert.deepEqual(mismatches.map((m) => [m.rule, m.option]), [
    ["probe-disposition", "disposition"],
    ["probe-filename", "filename"],
  ]);
  assert.equal(
    compareProbe(expecting("inline", undefined, "text/plain; charset=utf-8"), {
      ...OK,
      contentType: "text/plain; charset=gbk",
    })[0]?.message,
    'Link "a" is served as "text/plain; charset=gbk", not as the declared response.content-type "text/plain; charset=utf-8"',
  );
  assert.equal(
    compareProbe(expecting("attachment", "a.txt"), OK).map((m) => m.message)
      .join("\n"),
    [
      'Link "a" is served without Content-Disposition, so it opens in the browser, not as an attachment as declared',
      'Link "a" names no file (the browser takes the URL\'s last segment), not "a.txt" as declared',
    ].join("\n"),
  );
  assert.equal(
    compareProbe(expecting("inline"), { ...OK, contentType: null })[0]
      ?.message,
    'Link "a" is inline but served without a Content-Type, which browsers download rather than display',
  );
});
