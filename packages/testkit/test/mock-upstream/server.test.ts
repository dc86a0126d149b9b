import http2 from "node:http2";
import { describe, expect, it } from "vitest";
import {
  createMockUpstream,
  fault,
  json,
  ndjson,
  raw,
  sse,
} from "../../src/mock-upstream/index.js";
import { useMockUpstream } from "./helpers.js";

describe("createMockUpstream: routing and recording", () => {
  const start = useMockUpstream();

  it("binds 127.0.0.1 on a free port", async () => {
    const upstream = await start();
    expect(upstream.url).toBe(`http://127.0.0.1:${upstream.port}`);
    expect(upstream.port).toBeGreaterThan(0);
    expect(upstream.server.listening).toBe(true);
  });

  it("answers unmatched requests with a 404 naming method and path", async () => {
    const upstream = await start();
    const response = await fetch(`${upstream.url}/v1/nothing?x=1`, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        message: "mock upstream: no route for POST /v1/nothing",
        type: "mock_upstream_no_route",
        method: "POST",
        path: "/v1/nothing",
      },
    });
  });

  it("matches exact paths ignoring the query, RegExps and predicates; records query, headers and body", async () => {
    const upstream = await start();
    upstream.on("post", "/v1beta/models/gemini:streamGenerateContent", json({ route: "string" }));
    upstream.on("GET", /^\/api\/tags$/, json({ route: "regexp" }));
    upstream.on("*", (req) => req.headers["x-route"] === "predicate", json({ route: "predicate" }));
    const a = await fetch(
      `${upstream.url}/v1beta/models/gemini:streamGenerateContent?alt=sse&key=k`,
      {
        method: "POST",
        headers: { "X-Custom": "One", "content-type": "application/json" },
        body: JSON.stringify({ hello: "wörld" }),
      },
    );
    expect(await a.json()).toEqual({ route: "string" });
    expect(await (await fetch(`${upstream.url}/api/tags`)).json()).toEqual({ route: "regexp" });
    expect(
      await (
        await fetch(`${upstream.url}/any`, {
          method: "DELETE",
          headers: { "x-route": "predicate" },
        })
      ).json(),
    ).toEqual({
      route: "predicate",
    });
    const [first] = upstream.requests;
    expect(first).toMatchObject({
      method: "POST",
      path: "/v1beta/models/gemini:streamGenerateContent",
      query: { alt: "sse", key: "k" },
      httpVersion: "1.1",
      body: '{"hello":"wörld"}',
    });
    expect(first?.headers["x-custom"]).toBe("One");
    expect(first?.json()).toEqual({ hello: "wörld" });
    expect(upstream.requests.map((r) => r.method)).toEqual(["POST", "GET", "DELETE"]);
  });

  it("prefers the most recent persistent route, and serves once() replies first in FIFO order", async () => {
    const upstream = await start();
    upstream.on("GET", "/r", json("default"));
    upstream.on("GET", "/r", json("override"));
    upstream.once("GET", "/r", json("first"));
    upstream.once("GET", "/r", json("second"));
    const bodies: unknown[] = [];
    for (let i = 0; i < 4; i += 1) bodies.push(await (await fetch(`${upstream.url}/r`)).json());
    expect(bodies).toEqual(["first", "second", "override", "override"]);
  });

  it("calls async reply factories per request, and turns a throwing factory into a 500", async () => {
    const upstream = await start();
    let n = 0;
    upstream.on("POST", "/echo", async (req) =>
      json({ n: ++n, got: req.json() }, { status: 201, headers: { "X-Echo": "yes" } }),
    );
    upstream.on("GET", "/boom", () => {
      throw new Error("kaput");
    });
    const response = await fetch(`${upstream.url}/echo`, { method: "POST", body: '{"a":1}' });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-echo")).toBe("yes");
    expect(await response.json()).toEqual({ n: 1, got: { a: 1 } });
    const boom = await fetch(`${upstream.url}/boom`);
    expect(boom.status).toBe(500);
    expect(JSON.stringify(await boom.json())).toContain("kaput");
  });

  it("RecordedRequest.json() explains a non-JSON body", async () => {
    const upstream = await start();
    upstream.on("POST", "/x", json({}));
    await fetch(`${upstream.url}/x`, { method: "POST", body: "not json" });
    expect(() => upstream.requests[0]?.json()).toThrow(/POST \/x: body is not JSON/);
  });

  it("reset() forgets routes, once replies, requests and the abort counter", async () => {
    const upstream = await start();
    upstream.on("GET", "/a", json(1));
    upstream.once("GET", "/a", json(2));
    await fetch(`${upstream.url}/a`);
    upstream.reset();
    expect(upstream.requests).toEqual([]);
    expect(upstream.pendingOnce).toBe(0);
    expect((await fetch(`${upstream.url}/a`)).status).toBe(404);
  });

  it("writes SSE frames byte-exactly: event, id, multi-line data, comments, CRLF and [DONE]", async () => {
    const upstream = await start();
    upstream.on(
      "GET",
      "/lf",
      sse(
        [
          { comment: "ping" },
          { event: "message_start", id: "7", data: { a: 1 } },
          { data: "line1\nline2" },
        ],
        { done: true },
      ),
    );
    upstream.on("GET", "/crlf", sse([{ data: { b: 2 } }], { lineEnding: "\r\n" }));
    const lf = await fetch(`${upstream.url}/lf`);
    expect(lf.headers.get("content-type")).toBe("text/event-stream");
    expect(await lf.text()).toBe(
      ': ping\n\nid: 7\nevent: message_start\ndata: {"a":1}\n\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n',
    );
    expect(await (await fetch(`${upstream.url}/crlf`)).text()).toBe('data: {"b":2}\r\n\r\n');
  });

  it("ndjson and raw replies set their content types and bytes", async () => {
    const upstream = await start();
    upstream.on("GET", "/nd", ndjson([{ a: 1 }, '{"b":2}']));
    upstream.on(
      "GET",
      "/raw",
      raw(new Uint8Array([0, 255, 1]), {
        status: 202,
        headers: { "content-type": "application/x-test" },
      }),
    );
    upstream.on("GET", "/chunks", raw("", { chunks: ["ab", new Uint8Array([99])] }));
    const nd = await fetch(`${upstream.url}/nd`);
    expect(nd.headers.get("content-type")).toBe("application/x-ndjson");
    expect(await nd.text()).toBe('{"a":1}\n{"b":2}\n');
    const r = await fetch(`${upstream.url}/raw`);
    expect(r.status).toBe(202);
    expect(r.headers.get("content-length")).toBe("3");
    expect([...new Uint8Array(await r.arrayBuffer())]).toEqual([0, 255, 1]);
    const c = await fetch(`${upstream.url}/chunks`);
    expect(c.headers.get("transfer-encoding")).toBe("chunked");
    expect(await c.text()).toBe("abc");
  });

  it("delays the first byte and spaces frames with real timing", async () => {
    const upstream = await start();
    upstream.on(
      "GET",
      "/t",
      sse([{ data: "1" }, { data: "2" }, { data: "3" }], { firstByteDelayMs: 60, delayMs: 40 }),
    );
    const started = Date.now();
    const response = await fetch(`${upstream.url}/t`);
    const headersAt = Date.now() - started;
    expect(headersAt).toBeGreaterThanOrEqual(55);
    const reader = response.body?.getReader();
    const arrivals: number[] = [];
    for (;;) {
      const { done } = (await reader?.read()) ?? { done: true };
      if (done) break;
      arrivals.push(Date.now() - started);
    }
    expect(arrivals.length).toBeGreaterThanOrEqual(2);
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(70);
  });

  it("speaks cleartext HTTP/2 (prior knowledge) on the same port", async () => {
    const upstream = await start();
    upstream.on("POST", "/h2", (req) => json({ version: req.httpVersion, body: req.body }));
    const session = http2.connect(upstream.url);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const stream = session.request({ ":method": "POST", ":path": "/h2?q=1" });
        let text = "";
        stream.setEncoding("utf8");
        stream.on("data", (chunk: string) => (text += chunk));
        stream.on("end", () => resolve(text));
        stream.on("error", reject);
        stream.end("ping");
      });
      expect(JSON.parse(body)).toEqual({ version: "2.0", body: "ping" });
      expect(upstream.requests[0]).toMatchObject({ path: "/h2", query: { q: "1" } });
      expect(upstream.requests[0]?.headers.host).toBe(`127.0.0.1:${upstream.port}`);
    } finally {
      session.close();
    }
  });

  it("counts a client abort of a streamed reply", async () => {
    const upstream = await start();
    upstream.on("GET", "/slow", sse([{ data: "1" }, { data: "2" }], { delayMs: 500 }));
    const controller = new AbortController();
    const response = await fetch(`${upstream.url}/slow`, { signal: controller.signal });
    await response.body?.getReader().read();
    controller.abort();
    await upstream.waitForAbortedRequests(1);
    expect(upstream.abortedRequests).toBe(1);
  });
});

describe("createMockUpstream: close()", () => {
  it("destroys open sockets, clears every timer and stops listening, even mid-stream", async () => {
    const upstream = await createMockUpstream();
    upstream.on("GET", "/hang", fault.hang());
    upstream.on(
      "GET",
      "/drip",
      fault.slowDrip(raw("x".repeat(100)), { bytesPerTick: 1, tickMs: 1000 }),
    );
    upstream.on("GET", "/delayed", sse([{ data: "1" }], { firstByteDelayMs: 10_000 }));
    const hang = fetch(`${upstream.url}/hang`).catch((e: unknown) => e);
    const drip = fetch(`${upstream.url}/drip`)
      .then((r) => r.text())
      .catch((e: unknown) => e);
    const delayed = fetch(`${upstream.url}/delayed`).catch((e: unknown) => e);
    await upstream.waitUntil((u) => u.requests.length === 3 && u.pendingTimers === 2);
    expect(upstream.openConnections).toBe(3);
    await upstream.close();
    expect(upstream.server.listening).toBe(false);
    expect(upstream.pendingTimers).toBe(0);
    expect(upstream.openConnections).toBe(0);
    for (const outcome of await Promise.all([hang, drip, delayed]))
      expect(outcome).toBeInstanceOf(Error);
    expect(upstream.abortedRequests).toBe(0);
    await upstream.close(); // idempotent
    await expect(fetch(`${upstream.url}/hang`)).rejects.toThrow();
  });

  it("rejects waitUntil when the mock closes", async () => {
    const upstream = await createMockUpstream();
    const waiting = upstream.waitUntil(() => false, 10_000);
    await upstream.close();
    await expect(waiting).rejects.toThrow(/closed/);
  });
});
