import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Anthropic from "@anthropic-ai/sdk";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  isRetryableStatus,
  normalizeProviderError,
} from "../../src/errors/normalize-provider-error.js";
import { ProviderError } from "../../src/errors/provider-error.js";

// A scripted upstream: each test sets the next reply. Real SDKs over real HTTP
// give us the error shapes they truly throw, not shapes we imagine.
let server: Server;
let baseURL: string;
let next: { status: number; headers?: Record<string, string>; body: string } = {
  status: 200,
  body: "{}",
};

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(next.status, { "content-type": "application/json", ...next.headers });
      res.end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function thrownBy(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to throw");
}

describe("normalizeProviderError with real SDK errors", () => {
  it("openai 429 with retry-after seconds is retryable and keeps the wait", async () => {
    next = {
      status: 429,
      headers: { "retry-after": "3" },
      body: JSON.stringify({
        error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" },
      }),
    };
    const client = new OpenAI({ apiKey: "sk-test-0000000000000000", baseURL, maxRetries: 0 });
    const err = normalizeProviderError(
      "openai",
      await thrownBy(() => client.chat.completions.create({ model: "m", messages: [] })),
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 3000,
      provider: "openai",
    });
    expect(err.code).toBe("rate_limit_exceeded");
  });

  it("openai 401 is not retryable and its message has no key", async () => {
    const key = "sk-proj-abcdefghijklmnopqrstuvwxyz";
    next = {
      status: 401,
      body: JSON.stringify({
        error: {
          message: `Incorrect API key provided: ${key}.`,
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      }),
    };
    const client = new OpenAI({ apiKey: key, baseURL, maxRetries: 0 });
    const err = normalizeProviderError(
      "openai",
      await thrownBy(() => client.chat.completions.create({ model: "m", messages: [] })),
    );
    expect(err).toMatchObject({ status: 401, retryable: false, code: "invalid_api_key" });
    expect(err.message).not.toContain(key);
    expect(JSON.stringify(err)).not.toContain(key);
  });

  it("anthropic 529 overloaded with retry-after-ms", async () => {
    next = {
      status: 529,
      headers: { "retry-after-ms": "750" },
      body: JSON.stringify({
        type: "error",
        error: { type: "overloaded_error", message: "Overloaded" },
      }),
    };
    const client = new Anthropic({ apiKey: "test-key-000000", baseURL, maxRetries: 0 });
    const err = normalizeProviderError(
      "anthropic",
      await thrownBy(() =>
        client.messages.create({
          model: "m",
          max_tokens: 5,
          messages: [{ role: "user", content: "x" }],
        }),
      ),
    );
    expect(err).toMatchObject({
      status: 529,
      retryable: true,
      retryAfterMs: 750,
      code: "overloaded_error",
    });
  });

  it("bedrock ThrottlingException via $metadata.httpStatusCode", async () => {
    next = {
      status: 429,
      headers: {
        "x-amzn-errortype":
          "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/",
      },
      body: JSON.stringify({ message: "Too many requests, please wait before trying again." }),
    };
    const client = new BedrockRuntimeClient({
      region: "us-east-1",
      endpoint: baseURL,
      maxAttempts: 1,
      // Bedrock's default handler speaks HTTP/2; the scripted upstream speaks HTTP/1.1.
      requestHandler: new NodeHttpHandler(),
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret-example-000" },
    });
    try {
      const err = normalizeProviderError(
        "bedrock",
        await thrownBy(() => client.send(new ConverseCommand({ modelId: "m", messages: [] }))),
      );
      expect(err).toMatchObject({ status: 429, retryable: true, provider: "bedrock" });
      expect(err.code).toBe("ThrottlingException");
    } finally {
      client.destroy();
    }
  });

  it("a refused connection through the openai SDK is a retryable network error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = new OpenAI({
      apiKey: "sk-test-0000000000000000",
      baseURL: `http://127.0.0.1:${port}`,
      maxRetries: 0,
    });
    const err = normalizeProviderError(
      "openai",
      await thrownBy(() => client.chat.completions.create({ model: "m", messages: [] })),
    );
    expect(err).toMatchObject({ retryable: true, status: 502, code: "network_error" });
  });

  it("an aborted openai call is a non-retryable 499", async () => {
    next = { status: 200, body: "{}" };
    const client = new OpenAI({ apiKey: "sk-test-0000000000000000", baseURL, maxRetries: 0 });
    const controller = new AbortController();
    controller.abort();
    const err = normalizeProviderError(
      "openai",
      await thrownBy(() =>
        client.chat.completions.create({ model: "m", messages: [] }, { signal: controller.signal }),
      ),
    );
    expect(err).toMatchObject({ status: 499, code: "aborted", retryable: false });
  });
});

describe("normalizeProviderError for error events inside a 200 stream", () => {
  // The next reply is a 200 SSE stream whose only frame is an error event.
  function streamError(event: string, data: object): void {
    const frame = `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;
    next = { status: 200, headers: { "content-type": "text/event-stream" }, body: frame };
  }

  it("anthropic overloaded_error mid-stream is a retryable 529", async () => {
    streamError("error", {
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    });
    const client = new Anthropic({ apiKey: "test-key-000000", baseURL, maxRetries: 0 });
    const err = normalizeProviderError(
      "anthropic",
      await thrownBy(async () => {
        const stream = await client.messages.create({
          model: "m",
          max_tokens: 5,
          stream: true,
          messages: [{ role: "user", content: "x" }],
        });
        for await (const _ of stream) {
          // drain
        }
      }),
    );
    expect(err).toMatchObject({ status: 529, code: "overloaded_error", retryable: true });
  });

  it("openai server_error mid-stream is a retryable 502", async () => {
    streamError("", {
      error: { message: "The server had an error", type: "server_error", code: null },
    });
    const client = new OpenAI({ apiKey: "sk-test-0000000000000000", baseURL, maxRetries: 0 });
    const err = normalizeProviderError(
      "openai",
      await thrownBy(async () => {
        const stream = await client.chat.completions.create({
          model: "m",
          messages: [],
          stream: true,
        });
        for await (const _ of stream) {
          // drain
        }
      }),
    );
    expect(err).toMatchObject({ status: 502, code: "server_error", retryable: true });
  });

  it.each([
    [502, true, "upstream_error"],
    [429, true, "rate_limited"],
    [400, false, "bad_request"],
  ])(
    "a numeric code %i in the error body (OpenRouter) is the status it means",
    async (code, retryable, mapped) => {
      streamError("", { error: { message: "Provider returned error", code } });
      const client = new OpenAI({ apiKey: "sk-test-0000000000000000", baseURL, maxRetries: 0 });
      const err = normalizeProviderError(
        "openrouter",
        await thrownBy(async () => {
          const stream = await client.chat.completions.create({
            model: "m",
            messages: [],
            stream: true,
          });
          for await (const _ of stream) {
            // drain
          }
        }),
      );
      expect(err).toMatchObject({ status: code, code: mapped, retryable });
    },
  );

  it("an unknown status-less error type stays a non-retryable 500", () => {
    expect(
      normalizeProviderError("p", { message: "odd", error: { type: "invalid_request_error" } }),
    ).toMatchObject({
      status: 500,
      retryable: false,
    });
  });
});

describe("normalizeProviderError with plain shapes", () => {
  it("returns a ProviderError as is, also when it is the cause of a wrapper", () => {
    const inner = new ProviderError("blocked", {
      status: 403,
      code: "egress_blocked",
      provider: "x",
      retryable: false,
    });
    expect(normalizeProviderError("x", inner)).toBe(inner);
    const wrapped = new Error("Connection error.", {
      cause: new TypeError("fetch failed", { cause: inner }),
    });
    expect(normalizeProviderError("x", wrapped)).toBe(inner);
  });

  it("reads statusCode and response.status", () => {
    expect(normalizeProviderError("p", { statusCode: 503, message: "down" })).toMatchObject({
      status: 503,
      retryable: true,
      code: "upstream_error",
    });
    expect(normalizeProviderError("p", { response: { status: 404, headers: {} } })).toMatchObject({
      status: 404,
      retryable: false,
      code: "not_found",
    });
  });

  it.each(["ECONNRESET", "ECONNREFUSED", "UND_ERR_SOCKET", "EPIPE"])(
    "%s nested in causes is a retryable 502",
    (code) => {
      const err = new TypeError("fetch failed", {
        cause: Object.assign(new Error("other side closed"), { code }),
      });
      expect(normalizeProviderError("p", err)).toMatchObject({
        status: 502,
        code: "network_error",
        retryable: true,
      });
    },
  );

  it.each(["ETIMEDOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"])(
    "%s is a retryable 504",
    (code) => {
      expect(normalizeProviderError("p", Object.assign(new Error("t"), { code }))).toMatchObject({
        status: 504,
        code: "timeout",
        retryable: true,
      });
    },
  );

  it("recognizes aborts by name and code, also deep in the cause chain", () => {
    expect(
      normalizeProviderError("p", Object.assign(new Error("x"), { name: "AbortError" })).status,
    ).toBe(499);
    expect(normalizeProviderError("p", { code: "UND_ERR_ABORTED" }).status).toBe(499);
    expect(
      normalizeProviderError("p", new Error("wrap", { cause: { name: "AbortError" } })).status,
    ).toBe(499);
  });

  it("maps SDK timeout and connection error classes by name", () => {
    expect(
      normalizeProviderError(
        "p",
        Object.assign(new Error("t"), { name: "APIConnectionTimeoutError" }),
      ),
    ).toMatchObject({ status: 504, retryable: true });
    expect(
      normalizeProviderError("p", Object.assign(new Error("c"), { name: "APIConnectionError" })),
    ).toMatchObject({ status: 502, retryable: true });
    expect(normalizeProviderError("p", new TypeError("fetch failed"))).toMatchObject({
      status: 502,
      retryable: true,
    });
  });

  it("an AWS throttling name with a 400 is retryable", () => {
    const err = {
      name: "ThrottlingException",
      message: "slow down",
      $metadata: { httpStatusCode: 400 },
    };
    expect(normalizeProviderError("bedrock", err)).toMatchObject({
      status: 503,
      retryable: true,
      code: "ThrottlingException",
    });
  });

  it("anything else is a non-retryable 500 that keeps a message", () => {
    expect(normalizeProviderError("p", "boom")).toMatchObject({
      status: 500,
      retryable: false,
      message: "p: boom",
    });
    expect(normalizeProviderError("p", undefined)).toMatchObject({
      status: 500,
      message: "p: Provider request failed",
    });
    expect(normalizeProviderError("p", new RangeError("bad"))).toMatchObject({
      code: "internal_error",
    });
  });

  it.each([
    [400, false],
    [401, false],
    [404, false],
    [408, true],
    [409, true],
    [425, true],
    [429, true],
    [500, true],
    [501, false],
    [502, true],
    [503, true],
    [504, true],
    [505, false],
    [529, true],
  ])("status %i retryable=%s", (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable);
  });
});
