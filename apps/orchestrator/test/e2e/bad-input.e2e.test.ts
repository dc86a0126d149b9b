import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/start-test-gateway.js";

const MODEL = "alpha/alpha-model-1";
const messages = [{ role: "user", content: "hi" }];
const BODY_LIMIT = 4_096;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({
    config: () => ({
      limits: { bodyLimitBytes: BODY_LIMIT, maxMessages: 3, maxContentChars: 200 },
    }),
  });
});
afterAll(async () => {
  await gw?.close();
});

interface Case {
  name: string;
  send: () => Promise<Response>;
  status: number;
  /** What `error.param` must be; `null` when the problem is not one field. */
  param: string | null;
  /** The message must match; for field errors it starts with the field. */
  message: RegExp;
}

const chat = (body: unknown) => gw.postJson("/v1/chat/completions", body);
const raw = (body: string, contentType: string) =>
  gw.fetch("/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });

function serverErrorLines(): unknown[] {
  return gw
    .logText()
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as { level: number; status?: number })
    .filter((l) => l.level >= 50 || (l.status ?? 0) >= 500);
}

const cases: Case[] = [
  {
    name: "invalid JSON",
    send: () => raw('{"model": "alpha/alpha-model-1", "messages": [', "application/json"),
    status: 400,
    param: null,
    message: /JSON/,
  },
  {
    name: "an empty JSON body",
    send: () => raw("", "application/json"),
    status: 400,
    param: null,
    message: /empty/i,
  },
  {
    name: "no body at all",
    send: () => gw.fetch("/v1/chat/completions", { method: "POST" }),
    status: 400,
    param: null,
    message: /^body: /,
  },
  {
    name: "a JSON body that is not an object",
    send: () => chat([{ model: MODEL, messages }]),
    status: 400,
    param: null,
    message: /^body: expected an object, got an array/,
  },
  {
    name: "a non-JSON content-type (XML)",
    send: () => raw("<chat/>", "application/xml"),
    status: 415,
    param: null,
    message: /content-type "application\/xml".*application\/json/,
  },
  {
    name: "a text/plain body",
    send: () => raw(JSON.stringify({ model: MODEL, messages }), "text/plain"),
    status: 415,
    param: null,
    message: /content-type "text\/plain".*application\/json/,
  },
  {
    name: "a form-encoded body",
    send: () => raw("model=x", "application/x-www-form-urlencoded"),
    status: 415,
    param: null,
    message: /content-type/,
  },
  {
    name: "a body over limits.bodyLimitBytes",
    send: () =>
      chat({ model: MODEL, messages: [{ role: "user", content: "x".repeat(BODY_LIMIT) }] }),
    status: 413,
    param: null,
    message: /limits\.bodyLimitBytes/,
  },
  {
    name: "too many messages",
    send: () => chat({ model: MODEL, messages: Array.from({ length: 4 }, () => messages[0]) }),
    status: 400,
    param: "messages",
    message: /^messages: 4 messages exceed the limit of 3/,
  },
  {
    name: "content over limits.maxContentChars",
    send: () => chat({ model: MODEL, messages: [{ role: "user", content: "y".repeat(201) }] }),
    status: 400,
    param: "messages",
    message: /^messages: 201 characters of content exceed the limit of 200/,
  },
  {
    name: "a missing model",
    send: () => chat({ messages }),
    status: 400,
    param: "model",
    message: /^model: is required/,
  },
  {
    name: "temperature of the wrong type",
    send: () => chat({ model: MODEL, messages, temperature: "hot" }),
    status: 400,
    param: "temperature",
    message: /^temperature: expected a number, got a string/,
  },
  {
    name: "temperature out of range",
    send: () => chat({ model: MODEL, messages, temperature: 2.5 }),
    status: 400,
    param: "temperature",
    message: /^temperature: must be <= 2/,
  },
  {
    name: "n: 2",
    send: () => chat({ model: MODEL, messages, n: 2 }),
    status: 400,
    param: "n",
    message: /^n: only n=1 is supported/,
  },
  {
    name: "an unknown top-level field",
    send: () => chat({ model: MODEL, messages, temprature: 0.5 }),
    status: 400,
    param: "temprature",
    message: /^temprature: unrecognized request argument/,
  },
  {
    name: "empty messages",
    send: () => chat({ model: MODEL, messages: [] }),
    status: 400,
    param: "messages",
    message: /^messages: must not be empty/,
  },
  {
    name: "messages that are not an array",
    send: () => chat({ model: MODEL, messages: "hi" }),
    status: 400,
    param: "messages",
    message: /^messages: expected an array, got a string/,
  },
  {
    name: "a bad role",
    send: () => chat({ model: MODEL, messages: [{ role: "wizard", content: "hi" }] }),
    status: 400,
    param: "messages[0].role",
    message: /^messages\[0\]\.role: expected one of .*"user"/,
  },
  {
    name: "stream_options without stream",
    send: () => chat({ model: MODEL, messages, stream_options: { include_usage: true } }),
    status: 400,
    param: "stream_options",
    message: /^stream_options: is only allowed when stream is true/,
  },
  {
    name: "a tool_choice naming a tool that is not defined",
    send: () =>
      chat({
        model: MODEL,
        messages,
        tools: [{ type: "function", function: { name: "a", parameters: { type: "object" } } }],
        tool_choice: { type: "function", function: { name: "b" } },
      }),
    status: 400,
    param: "tool_choice.function.name",
    message: /^tool_choice\.function\.name: no tool named "b"/,
  },
  {
    name: "the legacy functions parameter",
    send: () => chat({ model: MODEL, messages, functions: [{ name: "f" }] }),
    status: 400,
    param: "functions",
    message: /^functions: .*use tools/,
  },
  {
    name: "a __proto__ key (prototype poisoning)",
    send: () =>
      raw(`{"model":"${MODEL}","messages":[],"__proto__":{"admin":true}}`, "application/json"),
    status: 400,
    param: null,
    // Fastify reports a poisoned body with its generic invalid-JSON message.
    message: /JSON/,
  },
  {
    name: "embeddings without input",
    send: () => gw.postJson("/v1/embeddings", { model: MODEL }),
    status: 400,
    param: "input",
    message: /^input: is required/,
  },
  {
    name: "embeddings with token ids",
    send: () => gw.postJson("/v1/embeddings", { model: MODEL, input: [[1, 2, 3]] }),
    status: 400,
    param: "input",
    message: /^input: arrays of token ids are not supported/,
  },
  {
    name: "embeddings with a bad encoding_format",
    send: () => gw.postJson("/v1/embeddings", { model: MODEL, input: "x", encoding_format: "hex" }),
    status: 400,
    param: "encoding_format",
    message: /^encoding_format: expected one of "float", "base64"/,
  },
  {
    name: "an unknown route",
    send: () => gw.postJson("/v1/completions", { model: MODEL, prompt: "hi" }),
    status: 404,
    param: null,
    message: /^no route POST \/v1\/completions$/,
  },
  {
    name: "GET on a POST route",
    send: () => gw.fetch("/v1/chat/completions?x=1"),
    status: 404,
    param: null,
    message: /^no route GET \/v1\/chat\/completions$/,
  },
  {
    name: "a malformed percent-encoding in the URL",
    send: () => gw.fetch("/v1/models/%E0%A4%A"),
    status: 400,
    param: null,
    message: /not a valid url/,
  },
  {
    name: "POST on a GET route",
    send: () => gw.postJson("/v1/models", {}),
    status: 404,
    param: null,
    message: /^no route POST \/v1\/models$/,
  },
];

describe("bad input is a 4xx in OpenAI's error shape, never a 500", () => {
  it.each(cases)("$name → $status", async ({ send, status, param, message }) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(["error"]);
    expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
    expect(body.error.message).toMatch(message);
    expect(body.error.param).toBe(param);
    expect(body.error.type).toBe(status === 404 ? "not_found_error" : "invalid_request_error");
    expect(body.error.code === null || typeof body.error.code === "string").toBe(true);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    // Refused before any provider was involved, and not logged as a server failure.
    expect(gw.alpha.requests.filter((r) => r.method === "POST")).toHaveLength(0);
    expect(gw.beta.requests.filter((r) => r.method === "POST")).toHaveLength(0);
    expect(serverErrorLines()).toEqual([]);
  });
});
