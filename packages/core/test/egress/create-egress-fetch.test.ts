import type { LookupFunction } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { Agent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import {
  createEgressFetch,
  type EgressFetch,
  type EgressFetchOptions,
} from "../../src/egress/create-egress-fetch.js";
import { EgressBlockedError } from "../../src/egress/egress-blocked-error.js";
import type { EgressMode } from "../../src/egress/egress-config.js";
import { createEgressPolicy } from "../../src/egress/egress-policy.js";
import { recordingLogger, recordingMetrics } from "./helpers.js";
import { type Echo, echo, readBody, TestServers } from "./servers.js";

type HeadersArg = RequestInit["headers"];
type BodyArg = RequestInit["body"];

const servers = new TestServers();
const fetches: EgressFetch[] = [];
const timers: NodeJS.Timeout[] = [];

afterEach(async () => {
  for (const timer of timers.splice(0)) clearTimeout(timer);
  await Promise.all(fetches.splice(0).map((f) => f.close()));
  await servers.closeAll();
});

function makeFetch(mode: EgressMode, allow: string[], options?: EgressFetchOptions) {
  const { metrics, blocked } = recordingMetrics();
  const { logger, calls } = recordingLogger();
  const policy = createEgressPolicy({ mode, allow }, { metrics, logger });
  const fetch = createEgressFetch(policy, "test-provider", options);
  fetches.push(fetch);
  return { fetch, blocked, calls, policy };
}

function later(ms: number): Promise<void> {
  return new Promise((resolve) => timers.push(setTimeout(resolve, ms)));
}

async function echoOf(response: Response): Promise<Echo> {
  return (await response.json()) as Echo;
}

describe("createEgressFetch: basics", () => {
  it("round-trips headers, status, statusText and several set-cookie headers", async () => {
    const { origin } = await servers.start((req, res) => {
      res.statusCode = 201;
      res.statusMessage = "Made It";
      res.setHeader("set-cookie", ["a=1; Path=/", "b=2; Path=/"]);
      res.setHeader("x-reply", "yes");
      echo(req, res);
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const response = await fetch(`${origin}/v1/x?y=1`, {
      headers: { "X-Custom": "one", Authorization: "Bearer abc" },
    });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe("Made It");
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${origin}/v1/x?y=1`);
    expect(response.redirected).toBe(false);
    expect(response.headers.get("x-reply")).toBe("yes");
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    const got = await echoOf(response);
    expect(got.method).toBe("GET");
    expect(got.url).toBe("/v1/x?y=1");
    expect(got.headers["x-custom"]).toBe("one");
    expect(got.headers.authorization).toBe("Bearer abc");
  });

  it.each([
    [
      "Headers",
      new Headers([
        ["x-a", "1"],
        ["x-b", "2"],
      ]),
    ],
    [
      "array",
      [
        ["X-A", "1"],
        ["x-b", "2"],
      ],
    ],
    ["record", { "x-a": "1", "X-B": "2" }],
  ] as const)("accepts headers as %s", async (_kind, headers) => {
    const { origin } = await servers.start(echo);
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const got = await echoOf(await fetch(origin, { headers: headers as HeadersArg }));
    expect(got.headers["x-a"]).toBe("1");
    expect(got.headers["x-b"]).toBe("2");
  });

  it("joins repeated request header names and skips undefined values", async () => {
    const { origin } = await servers.start(echo);
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const got = await echoOf(
      await fetch(origin, {
        headers: { "x-list": ["a", "b"], "x-none": undefined } as unknown as HeadersArg,
      }),
    );
    expect(got.headers["x-list"]).toBe("a, b");
    expect(got.headers["x-none"]).toBeUndefined();
    const pairs = await echoOf(
      await fetch(origin, {
        headers: [
          ["x-dup", "1"],
          ["X-Dup", "2"],
        ],
      }),
    );
    expect(pairs.headers["x-dup"]).toBe("1, 2");
  });

  it("accepts a URL object and a Request", async () => {
    const { origin } = await servers.start(echo);
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    expect((await echoOf(await fetch(new URL("/u", origin)))).url).toBe("/u");
    const request = new Request(`${origin}/r`, {
      method: "POST",
      headers: { "x-from": "request" },
      body: "hello",
    });
    const got = await echoOf(await fetch(request));
    expect(got).toMatchObject({ method: "POST", url: "/r", body: "hello" });
    expect(got.headers["x-from"]).toBe("request");
    const overridden = await echoOf(
      await fetch(new Request(`${origin}/r`), { method: "put", body: "x" }),
    );
    expect(overridden.method).toBe("PUT");
  });

  it.each([
    ["HEAD", 200],
    ["GET", 204],
    ["GET", 205],
    ["GET", 304],
  ])("gives a null body for %s with status %d", async (method, status) => {
    const { origin } = await servers.start((_req, res) => {
      res.statusCode = status;
      res.end();
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const response = await fetch(origin, { method });
    expect(response.status).toBe(status);
    expect(response.body).toBeNull();
    // The connection is still usable afterwards.
    expect((await fetch(origin, { method })).status).toBe(status);
  });

  it("returns error statuses with their body", async () => {
    const { origin } = await servers.start((_req, res) => {
      res.statusCode = 429;
      res.setHeader("retry-after", "2");
      res.end('{"error":"slow down"}');
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const response = await fetch(origin);
    expect(response.ok).toBe(false);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toEqual({ error: "slow down" });
  });

  it.each([
    ["gzip", gzipSync],
    ["x-gzip", gzipSync],
    ["deflate", deflateSync],
    ["br", brotliCompressSync],
  ] as const)("decodes content-encoding %s", async (encoding, compress) => {
    const text = "data: hello\n\n".repeat(200);
    const { origin } = await servers.start((_req, res) => {
      res.setHeader("content-encoding", encoding);
      res.end(compress(Buffer.from(text)));
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    expect(await (await fetch(origin)).text()).toBe(text);
  });

  it("leaves unknown content-encodings alone", async () => {
    const { origin } = await servers.start((_req, res) => {
      res.setHeader("content-encoding", "identity");
      res.end("plain");
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    expect(await (await fetch(origin)).text()).toBe("plain");
  });

  it("rejects what fetch rejects", async () => {
    const { origin } = await servers.start(echo);
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    await expect(fetch(origin, { method: "GET", body: "x" })).rejects.toThrow(TypeError);
    await expect(fetch(origin, { method: "HEAD", body: "x" })).rejects.toThrow(TypeError);
    await expect(fetch(origin.replace("http://", "http://u:p@"))).rejects.toThrow(/credentials/);
    await expect(fetch(origin, { method: "CONNECT" })).rejects.toThrow(/unsupported/);
    await expect(fetch(origin, { headers: [["a"]] as unknown as HeadersArg })).rejects.toThrow(
      TypeError,
    );
    await expect(fetch(origin, { method: "POST", body: 42 as unknown as BodyArg })).rejects.toThrow(
      /Unsupported request body/,
    );
  });

  it("keeps the method case of non-standard methods", async () => {
    const { origin } = await servers.start(echo);
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    expect((await echoOf(await fetch(origin, { method: "PATCH", body: "x" }))).method).toBe(
      "PATCH",
    );
    expect((await echoOf(await fetch(origin, { method: "delete" }))).method).toBe("DELETE");
  });

  it("wraps connection failures in a TypeError with the cause, as fetch does", async () => {
    const { origin, server } = await servers.start(echo);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const error = await fetch(origin).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("fetch failed");
    expect(((error as Error).cause as { code?: string }).code).toBe("ECONNREFUSED");
  });
});

describe("createEgressFetch: request bodies", () => {
  it.each<[string, () => unknown, string, string | undefined]>([
    ["string", () => "héllo", "héllo", "text/plain;charset=UTF-8"],
    ["Uint8Array", () => new TextEncoder().encode("bytes"), "bytes", undefined],
    ["ArrayBuffer", () => new TextEncoder().encode("buffer").buffer, "buffer", undefined],
    [
      "DataView",
      () => new DataView(new TextEncoder().encode("xviewx").buffer, 1, 4),
      "view",
      undefined,
    ],
    [
      "URLSearchParams",
      () => new URLSearchParams({ a: "1", b: "two words" }),
      "a=1&b=two+words",
      "application/x-www-form-urlencoded;charset=UTF-8",
    ],
    [
      "Blob",
      () => new Blob(["blob"], { type: "application/octet-stream" }),
      "blob",
      "application/octet-stream",
    ],
    ["untyped Blob", () => new Blob(["blob"]), "blob", undefined],
    [
      "ReadableStream",
      () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("str"));
            controller.enqueue(new TextEncoder().encode("eam"));
            controller.close();
          },
        }),
      "stream",
      undefined,
    ],
    [
      "async iterable",
      () =>
        (async function* (): AsyncGenerator<Uint8Array> {
          yield new TextEncoder().encode("it");
          yield new TextEncoder().encode("er");
        })(),
      "iter",
      undefined,
    ],
  ])("sends a %s body", async (_kind, make, expected, contentType) => {
    const { origin } = await servers.start(echo);
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const got = await echoOf(
      await fetch(origin, {
        method: "POST",
        body: make() as BodyArg,
        duplex: "half",
      } as RequestInit),
    );
    expect(got.method).toBe("POST");
    expect(got.body).toBe(expected);
    expect(got.headers["content-type"]).toBe(contentType);
  });

  it("sends FormData as multipart with its boundary", async () => {
    const { origin } = await servers.start(echo);
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const form = new FormData();
    form.append("purpose", "fine-tune");
    form.append("file", new Blob(["{}"], { type: "application/json" }), "data.jsonl");
    const got = await echoOf(await fetch(origin, { method: "POST", body: form }));
    const contentType = String(got.headers["content-type"]);
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(got.body).toContain('name="purpose"');
    expect(got.body).toContain("fine-tune");
    expect(got.body).toContain('filename="data.jsonl"');
  });

  it("keeps a content-type the caller set", async () => {
    const { origin } = await servers.start(echo);
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const got = await echoOf(
      await fetch(origin, {
        method: "POST",
        body: "{}",
        headers: { "Content-Type": "application/json" },
      }),
    );
    expect(got.headers["content-type"]).toBe("application/json");
  });
});

describe("createEgressFetch: streaming", () => {
  it("delivers each chunk as it is written (SSE)", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let secondWritten = false;
    const { origin } = await servers.start((_req, res) => {
      res.setHeader("content-type", "text/event-stream");
      res.write("data: one\n\n");
      void Promise.race([gate, later(3000)]).then(() => {
        secondWritten = true;
        res.end("data: two\n\n");
      });
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const response = await fetch(origin);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe("data: one\n\n");
    expect(secondWritten).toBe(false);
    release();
    let rest = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += decoder.decode(value);
    }
    expect(rest).toBe("data: two\n\n");
    expect(first.value).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(first.value)).toBe(false);
  });

  it("stops reading from the socket while the consumer does not read (backpressure)", async () => {
    const total = 64 * 1024 * 1024;
    let written = 0;
    let closed = false;
    const { origin } = await servers.start((_req, res) => {
      const chunk = Buffer.alloc(64 * 1024, 120);
      res.on("close", () => (closed = true));
      const pump = (): void => {
        while (written < total && !closed) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once("drain", pump);
            return;
          }
        }
        if (!closed) res.end();
      };
      pump();
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const response = await fetch(origin);
    await later(300);
    expect(written).toBeLessThan(total / 2);
    await response.body!.cancel();
    await later(50);
    expect(closed).toBe(true);
  });

  it("aborts mid-body: the read rejects with the abort reason and the connection closes", async () => {
    let serverSawClose!: () => void;
    const closed = new Promise<void>((resolve) => (serverSawClose = resolve));
    const { origin } = await servers.start((_req, res) => {
      res.on("close", () => serverSawClose());
      res.write("data: one\n\n");
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const controller = new AbortController();
    const response = await fetch(origin, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    const error = await reader.read().catch((err: unknown) => err);
    expect((error as Error).name).toBe("AbortError");
    await closed;
  });

  it("cancelling the body destroys the undici body", async () => {
    let serverSawClose!: () => void;
    const closed = new Promise<void>((resolve) => (serverSawClose = resolve));
    const { origin } = await servers.start((_req, res) => {
      res.on("close", () => serverSawClose());
      res.write("data: one\n\n");
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const response = await fetch(origin);
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel(new Error("client went away"));
    await closed;
  });

  it("rejects with the abort reason when aborted before or while waiting for headers", async () => {
    const { origin } = await servers.start(() => {
      /* never answers */
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const already = new AbortController();
    already.abort();
    await expect(fetch(origin, { signal: already.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
    const controller = new AbortController();
    const pending = fetch(origin, { signal: controller.signal });
    await later(50);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    const timeout = await fetch(origin, { signal: AbortSignal.timeout(50) }).catch(
      (err: unknown) => err,
    );
    expect((timeout as Error).name).toBe("TimeoutError");
  });

  it("errors the body when the server drops the connection mid-body", async () => {
    const { origin } = await servers.start((_req, res) => {
      res.setHeader("content-length", "100");
      res.write("partial");
      setImmediate(() => res.socket?.destroy());
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const response = await fetch(origin);
    await expect(response.text()).rejects.toThrow();
  });
});

describe("createEgressFetch: redirects", () => {
  it("checks every hop: a redirect to a host outside the allowlist is blocked and counted", async () => {
    let targetHit = false;
    const target = await servers.start((_req, res) => {
      targetHit = true;
      res.end("secret");
    });
    const start = await servers.start((_req, res) => {
      res.writeHead(302, { location: `${target.origin}/steal` }).end();
    });
    const { fetch, blocked } = makeFetch("enforce", [`127.0.0.1:${start.port}`]);
    const error = await fetch(`${start.origin}/go`).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(EgressBlockedError);
    expect((error as EgressBlockedError).host).toBe(`127.0.0.1:${target.port}`);
    expect(blocked).toEqual([
      { provider: "test-provider", reason: "private_address", mode: "enforce" },
    ]);
    expect(targetHit).toBe(false);
  });

  it("lets the hop through in report-only, with a warning", async () => {
    const target = await servers.start((_req, res) => res.end("landed"));
    const start = await servers.start((_req, res) => {
      res.writeHead(301, { location: `${target.origin}/` }).end();
    });
    const { fetch, blocked, calls } = makeFetch("report-only", [`127.0.0.1:${start.port}`]);
    const response = await fetch(start.origin);
    expect(await response.text()).toBe("landed");
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${target.origin}/`);
    expect(blocked).toEqual([
      { provider: "test-provider", reason: "private_address", mode: "report-only" },
    ]);
    expect(calls.map((c) => c.level)).toEqual(["warn"]);
  });

  it("drops credentials on a cross-origin hop and keeps them on a same-origin hop", async () => {
    const target = await servers.start(echo);
    const start = await servers.start((req, res) => {
      if (req.url === "/same") res.writeHead(307, { location: "/echo" }).end();
      else if (req.url === "/echo") echo(req, res);
      else res.writeHead(307, { location: `${target.origin}/landed` }).end();
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const headers = {
      authorization: "Bearer sk-1",
      "x-api-key": "k",
      "api-key": "k",
      "x-goog-api-key": "AIza-k",
      "x-amz-security-token": "session",
      cookie: "s=1",
      "proxy-authorization": "Basic x",
      "x-keep": "yes",
    };
    const cross = await echoOf(await fetch(`${start.origin}/cross`, { headers }));
    expect(cross.url).toBe("/landed");
    expect(cross.headers.authorization).toBeUndefined();
    expect(cross.headers["x-api-key"]).toBeUndefined();
    expect(cross.headers["api-key"]).toBeUndefined();
    expect(cross.headers["x-goog-api-key"]).toBeUndefined();
    expect(cross.headers["x-amz-security-token"]).toBeUndefined();
    expect(cross.headers.cookie).toBeUndefined();
    expect(cross.headers["proxy-authorization"]).toBeUndefined();
    expect(cross.headers["x-keep"]).toBe("yes");
    const same = await echoOf(await fetch(`${start.origin}/same`, { headers }));
    expect(same.url).toBe("/echo");
    expect(same.headers.authorization).toBe("Bearer sk-1");
  });

  it("turns a POST into a GET without body on 303, and on 301/302", async () => {
    for (const status of [303, 301, 302]) {
      const { origin } = await servers.start((req, res) => {
        if (req.url === "/target") echo(req, res);
        else void readBody(req).then(() => res.writeHead(status, { location: "/target" }).end());
      });
      const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
      const got = await echoOf(
        await fetch(`${origin}/submit`, {
          method: "POST",
          body: '{"a":1}',
          headers: { "content-type": "application/json" },
        }),
      );
      expect(got.method).toBe("GET");
      expect(got.body).toBe("");
      expect(got.headers["content-type"]).toBeUndefined();
      expect(got.headers["content-length"]).toBeUndefined();
    }
  });

  it("keeps PUT and its body on a 302, and turns a DELETE into a GET on 303", async () => {
    const { origin } = await servers.start((req, res) => {
      if (req.url === "/target") echo(req, res);
      else
        void readBody(req).then(() =>
          res.writeHead(req.method === "PUT" ? 302 : 303, { location: "/target" }).end(),
        );
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    expect(await echoOf(await fetch(`${origin}/a`, { method: "PUT", body: "p" }))).toMatchObject({
      method: "PUT",
      body: "p",
    });
    expect((await echoOf(await fetch(`${origin}/a`, { method: "DELETE" }))).method).toBe("GET");
  });

  it("resends a replayable body on 307 and 308", async () => {
    for (const status of [307, 308]) {
      const { origin } = await servers.start((req, res) => {
        if (req.url === "/target") echo(req, res);
        else void readBody(req).then(() => res.writeHead(status, { location: "/target" }).end());
      });
      const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
      const got = await echoOf(
        await fetch(`${origin}/submit`, {
          method: "POST",
          body: '{"a":1}',
          headers: { "content-type": "application/json" },
        }),
      );
      expect(got).toMatchObject({ method: "POST", body: '{"a":1}' });
      expect(got.headers["content-type"]).toBe("application/json");
    }
  });

  it("refuses to follow a 307 that would resend a streamed body", async () => {
    const { origin } = await servers.start((req, res) => {
      void readBody(req).then(() => res.writeHead(307, { location: "/target" }).end());
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1]));
        controller.close();
      },
    });
    await expect(
      fetch(origin, { method: "POST", body, duplex: "half" } as RequestInit),
    ).rejects.toThrow(/streamed request body/);
  });

  it("returns the 3xx as is with redirect: manual, and throws with redirect: error", async () => {
    const { origin } = await servers.start((_req, res) => {
      res.writeHead(302, { location: "/next?sig=secret" }).end("moved");
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const manual = await fetch(origin, { redirect: "manual" });
    expect(manual.status).toBe(302);
    expect(manual.headers.get("location")).toBe("/next?sig=secret");
    expect(await manual.text()).toBe("moved");
    const error = await fetch(origin, { redirect: "error" }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain("/next");
    expect((error as Error).message).not.toContain("secret");
  });

  it("returns a 3xx without location as is", async () => {
    const { origin } = await servers.start((_req, res) => {
      res.writeHead(301).end();
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    expect((await fetch(origin)).status).toBe(301);
  });

  it("gives up after maxRedirects", async () => {
    let hits = 0;
    const { origin } = await servers.start((_req, res) => {
      hits++;
      res.writeHead(302, { location: "/again" }).end();
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"], { maxRedirects: 2 });
    await expect(fetch(origin)).rejects.toThrow(/more than 2 redirects/);
    expect(hits).toBe(3);
  });

  it("rejects a redirect to a location that does not parse", async () => {
    const { origin } = await servers.start((_req, res) => {
      res.writeHead(302, { location: "http://[::1" }).end();
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    await expect(fetch(origin)).rejects.toThrow(/invalid redirect location/);
  });

  it("blocks a redirect to another scheme", async () => {
    const { origin } = await servers.start((_req, res) => {
      res.writeHead(302, { location: "file:///etc/passwd" }).end();
    });
    const { fetch, blocked } = makeFetch("enforce", ["127.0.0.1"]);
    await expect(fetch(origin)).rejects.toMatchObject({ reason: "scheme_not_allowed" });
    expect(blocked[0]?.reason).toBe("scheme_not_allowed");
  });
});

describe("createEgressFetch: policy and DNS", () => {
  // Maps every *.example.test name to 127.0.0.1, whatever form net asks for.
  const toLoopback: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
    else callback(null, "127.0.0.1", 4);
  };

  it("refuses the first request to a host off the allowlist without connecting", async () => {
    let hit = false;
    const { port } = await servers.start((_req, res) => {
      hit = true;
      res.end();
    });
    const { fetch, blocked } = makeFetch("enforce", ["api.openai.com"]);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toBeInstanceOf(EgressBlockedError);
    await expect(fetch(`http://2130706433:${port}/`)).rejects.toBeInstanceOf(EgressBlockedError);
    await expect(fetch(`http://0x7f.0.0.1:${port}/`)).rejects.toBeInstanceOf(EgressBlockedError);
    await expect(fetch(`http://0177.0.0.1:${port}/`)).rejects.toBeInstanceOf(EgressBlockedError);
    await expect(fetch(`http://127.1:${port}/`)).rejects.toBeInstanceOf(EgressBlockedError);
    await expect(fetch(`http://[::ffff:127.0.0.1]:${port}/`)).rejects.toBeInstanceOf(
      EgressBlockedError,
    );
    expect(blocked).toHaveLength(6);
    expect(hit).toBe(false);
  });

  it("refuses a wildcard-allowed name that resolves to 127.0.0.1, at connect time, in enforce", async () => {
    let hit = false;
    const { port } = await servers.start((_req, res) => {
      hit = true;
      res.end();
    });
    const { fetch, blocked } = makeFetch("enforce", ["*.example.test"], { lookup: toLoopback });
    const error = await fetch(`http://api.example.test:${port}/v1`).catch((err: unknown) => err);
    // The lookup's own error, not a socket error or a TypeError wrapping it.
    expect(error).toBeInstanceOf(EgressBlockedError);
    expect((error as EgressBlockedError).reason).toBe("private_address");
    expect((error as EgressBlockedError).host).toBe("api.example.test");
    expect((error as Error).message).toContain("resolved to 127.0.0.1");
    expect(blocked).toEqual([
      { provider: "test-provider", reason: "private_address", mode: "enforce" },
    ]);
    expect(hit).toBe(false);
  });

  it("lets the same request through in report-only, with a warning naming the address", async () => {
    const { port } = await servers.start((_req, res) => res.end("reached"));
    const { fetch, blocked, calls } = makeFetch("report-only", ["*.example.test"], {
      lookup: toLoopback,
    });
    expect(await (await fetch(`http://api.example.test:${port}/`)).text()).toBe("reached");
    expect(blocked).toEqual([
      { provider: "test-provider", reason: "private_address", mode: "report-only" },
    ]);
    expect(calls[0]?.fields).toMatchObject({ address: "127.0.0.1", host: "api.example.test" });
  });

  it("lets it through in enforce when an exact entry names the host", async () => {
    const { port } = await servers.start((_req, res) => res.end("reached"));
    const { fetch, blocked } = makeFetch("enforce", ["ollama.example.test"], {
      lookup: toLoopback,
    });
    expect(await (await fetch(`http://ollama.example.test:${port}/`)).text()).toBe("reached");
    expect(blocked).toEqual([]);
  });

  it("passes DNS failures through as fetch does", async () => {
    const failing: LookupFunction = (hostname, _options, callback) => {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
        code: "ENOTFOUND",
      });
      callback(error, "", 4);
    };
    const { fetch } = makeFetch("enforce", ["*.example.test"], { lookup: failing });
    const error = await fetch("http://nope.example.test:1/").catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as Error).cause as { code?: string }).code).toBe("ENOTFOUND");
  });

  it("skips the DNS check in allow mode", async () => {
    const { port } = await servers.start((_req, res) => res.end("reached"));
    const { fetch } = makeFetch("allow", [], { lookup: toLoopback });
    expect(await (await fetch(`http://anything.example.test:${port}/`)).text()).toBe("reached");
  });

  it("uses a passed dispatcher and leaves it open on close", async () => {
    const { origin } = await servers.start((_req, res) => res.end("via dispatcher"));
    const dispatcher = new Agent();
    try {
      const { fetch } = makeFetch("enforce", ["127.0.0.1"], {
        dispatcher,
        connectTimeoutMs: 1000,
        keepAliveTimeoutMs: 1000,
      });
      expect(fetch.dispatcher).toBe(dispatcher);
      expect(await (await fetch(origin)).text()).toBe("via dispatcher");
      await fetch.close();
      expect(dispatcher.closed).toBe(false);
    } finally {
      await dispatcher.close();
    }
  });

  it("closes its own agent", async () => {
    const { fetch } = makeFetch("enforce", ["127.0.0.1"], {
      connectTimeoutMs: 1000,
      keepAliveTimeoutMs: 1000,
    });
    await fetch.close();
    expect((fetch.dispatcher as Agent).closed).toBe(true);
  });
});

describe("createEgressFetch: an SDK-like consumer", () => {
  it("reads a JSON completion with response.json() and an SSE stream with getReader()", async () => {
    const { origin } = await servers.start((req, res) => {
      void readBody(req).then((raw) => {
        const body = JSON.parse(raw) as { stream?: boolean };
        if (!body.stream) {
          res.setHeader("content-type", "application/json");
          res.end(
            JSON.stringify({
              id: "c1",
              choices: [{ message: { role: "assistant", content: "hi" } }],
            }),
          );
          return;
        }
        res.setHeader("content-type", "text/event-stream");
        const events = ['{"delta":"h"}', '{"delta":"i"}', "[DONE]"];
        let i = 0;
        const next = (): void => {
          const event = events[i++];
          if (event === undefined) {
            res.end();
            return;
          }
          res.write(`data: ${event}\n\n`);
          timers.push(setTimeout(next, 5));
        };
        next();
      });
    });
    const { fetch } = makeFetch("enforce", ["127.0.0.1"]);
    const call = (stream: boolean) =>
      fetch(`${origin}/v1/chat/completions`, {
        method: "POST",
        headers: new Headers({
          authorization: "Bearer sk-test",
          "content-type": "application/json",
        }),
        body: JSON.stringify({ model: "m", stream }),
      });

    const completion = (await (await call(false)).json()) as {
      choices: { message: { content: string } }[];
    };
    expect(completion.choices[0]?.message.content).toBe("hi");

    const response = await call(true);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const data: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
        data.push(buffer.slice("data: ".length, end));
        buffer = buffer.slice(end + 2);
      }
    }
    expect(data).toEqual(['{"delta":"h"}', '{"delta":"i"}', "[DONE]"]);
  });
});
