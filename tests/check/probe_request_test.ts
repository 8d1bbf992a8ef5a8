import assert from "node:assert/strict";
import {
  ProbeUnreachableError,
  requestLink,
} from "../../src/check/probe_request.ts";

const URL_ = "http://static.example.com/a.txt?x-oss-signature=SECRETSIG";

interface Seen {
  readonly method: string;
  readonly range: string | null;
  readonly redirect: string | undefined;
}

/** A fetch that answers from a script and records what it was asked. */
function scripted(
  answers: readonly (Response | Error)[],
): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  let next = 0;
  const fetchImpl: typeof fetch = (_input, init) => {
    seen.push({
      method: init?.method ?? "GET",
      range: new Headers(init?.headers).get("range"),
      redirect: init?.redirect,
    });
    const answer = answers[next++];
    if (answer === undefined) throw new Error("no more answers");
    return answer instanceof Error
      ? Promise.reject(answer)
      : Promise.resolve(answer);
  };
  return { fetch: fetchImpl, seen };
}

const instant = { sleep: () => Promise.resolve(), random: () => 0 };

Deno.test("requestLink() asks a GET link for its first byte and a HEAD link with HEAD", async () => {
  const get = scripted([
    new Response("h", {
      status: 206,
      headers: {
        "content-type": "text/plain",
        "content-disposition": "attachment",
        "content-length": "1",
      },
    }),
  ]);
  assert.deepEqual(
    await requestLink(URL_, "GET", { fetch: get.fetch, retry: instant }),
    {
      status: 206,
      contentType: "text/plain",
      contentDisposition: "attachment",
      forcedDownload: false,
    },
  );
  assert.deepEqual(get.seen, [{
    method: "GET",
    range: "bytes=0-0",
    redirect: "manual",
  }]);
  const head = scripted([
    new Response(null, {
      status: 404,
      headers: {
        "x-oss-err": btoa("<Error><Code>NoSuchKey</Code></Error>"),
      },
    }),
  ]);
  const answer = await requestLink(URL_, "HEAD", {
    fetch: head.fetch,
    retry: instant,
  });
  assert.equal(answer.status, 404);
  assert.equal(answer.errorCode, "NoSuchKey");
  assert.deepEqual(head.seen.map((s) => [s.method, s.range]), [[
    "HEAD",
    null,
  ]]);
});

Deno.test("requestLink() asks an empty object again without a range after 416", async () => {
  const { fetch, seen } = scripted([
    new Response("<Error><Code>InvalidRange</Code></Error>", { status: 416 }),
    new Response("", {
      status: 200,
      headers: { "content-type": "text/plain", "x-oss-force-download": "true" },
    }),
  ]);
  const answer = await requestLink(URL_, "GET", { fetch, retry: instant });
  assert.equal(answer.status, 200);
  assert.equal(answer.forcedDownload, true);
  assert.deepEqual(seen.map((s) => s.range), ["bytes=0-0", null]);
});

Deno.test("requestLink() tries 5xx, 429 and broken connections again, then gives up naming the host", async () => {
  const { fetch, seen } = scripted([
    new TypeError(
      "error sending request for url (http://static.example.com/a.txt?x-oss-signature=SECRETSIG): client error (Connect): tcp connect error: Connection reset",
    ),
    new Response("<Error><Code>SlowDown</Code></Error>", { status: 429 }),
    new Response("<Error><Code>InternalError</Code></Error>", { status: 500 }),
    new Response("x", { status: 206, headers: { "content-length": "1" } }),
  ]);
  const delays: number[] = [];
  const answer = await requestLink(URL_, "GET", {
    fetch,
    retry: {
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
    },
  });
  assert.equal(answer.status, 206);
  assert.equal(seen.length, 4);
  assert.deepEqual(delays, [100, 200, 400]);

  const down = scripted(
    Array.from({ length: 3 }, () =>
      new TypeError(
        "error sending request for url (http://static.example.com/a.txt?x-oss-signature=SECRETSIG): client error (Connect): tcp connect error: Connection refused",
      )),
  );
  const error = await requestLink(URL_, "GET", {
    fetch: down.fetch,
    retry: { ...instant, attempts: 3 },
  }).then(() => undefined, (error: unknown) => error);
  assert.ok(error instanceof ProbeUnreachableError);
  assert.equal(error.host, "static.example.com");
  assert.equal(
    error.message,
    'cannot connect to "static.example.com": TCP connection failed (Connection refused) (3 attempts)',
  );
  assert.equal(down.seen.length, 3);
});

Deno.test("requestLink() does not retry a refused permission, and rethrows it as it is", async () => {
  const refusal = new Deno.errors.NotCapable(
    'Requires net access to "static.example.com:80", run again with the --allow-net flag',
  );
  const { fetch, seen } = scripted([refusal, refusal]);
  await assert.rejects(
    requestLink(URL_, "GET", { fetch, retry: instant }),
    (error) => error === refusal,
  );
  assert.equal(seen.length, 1);
});

Deno.test("requestLink() times out each attempt", async () => {
  let calls = 0;
  const hanging: typeof fetch = (_input, init) => {
    calls++;
    return new Promise((_, reject) => {
      init?.signal?.addEventListener(
        "abort",
        () => reject(init.signal!.reason),
      );
    });
  };
  await assert.rejects(
    requestLink(URL_, "GET", {
      fetch: hanging,
      timeoutMs: 1,
      retry: { ...instant, attempts: 2 },
    }),
    {
      name: "ProbeUnreachableError",
      message: 'no answer from "static.example.com" within 1 ms (2 attempts)',
    },
  );
  assert.equal(calls, 2);
});
