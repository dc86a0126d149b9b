import type { ChatRequest } from "@oss-ai-agent-tool/core";
import {
  awsEventStream,
  bedrockErrorReply,
  bedrockEvent,
  bedrockRoute,
  bedrockWire,
  closeAfterEach,
  collectEvents,
  json,
  parseSigV4,
  reasoningOf,
  rejectionOf,
  requestBody,
  textOf,
} from "@oss-ai-agent-tool/testkit";
import type { AwsCredentialIdentity } from "@smithy/types";
import { describe, expect, it } from "vitest";
import { BEDROCK_CREDENTIALS } from "../src/index.js";
import {
  startBedrock,
  TEST_ACCESS_KEY_ID,
  TEST_REGION,
  TEST_SECRET_ACCESS_KEY,
  testSettings,
} from "./helpers.js";

const wire = bedrockWire({ region: TEST_REGION });
const MODEL = "amazon.nova-lite-v1:0";
const hello: ChatRequest["messages"] = [{ role: "user", content: "Say hello." }];
const scenario = {
  id: "req-0001",
  model: MODEL,
  text: "Hello there!",
  rawFinishReason: "end_turn",
  usage: { promptTokens: 5, completionTokens: 3, totalTokens: 8 },
};

const start = closeAfterEach((options: Parameters<typeof startBedrock>[0] = {}) =>
  startBedrock(options),
);

describe("requests through the SDK", () => {
  it("sends a Converse request over HTTP/1.1, signed for bedrock in the region", async () => {
    const h = await start();
    h.upstream.on("POST", wire.routes.chat.path, wire.chatReply(scenario));
    const res = await h.provider.chat({
      model: MODEL,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
        { role: "user", content: [{ type: "text", text: "there" }] },
      ],
      maxTokens: 64,
      temperature: 0.5,
      topP: 0.9,
      stop: "STOP",
      seed: 7,
      user: "u-1",
      providerOptions: {
        bedrock: {
          additionalModelRequestFields: { top_k: 5 },
          performance_config: { latency: "optimized" },
        },
        openai: { ignored: true },
      },
    });
    expect(res).toMatchObject({
      provider: "bedrock",
      model: MODEL,
      output: "Hello there!",
      finishReason: "stop",
      rawFinishReason: "end_turn",
      id: "bedrock-req-0001",
      usage: { promptTokens: 5, completionTokens: 3, totalTokens: 8, cachedPromptTokens: 0 },
    });
    const request = h.upstream.requests[0];
    expect(request?.path).toBe("/model/amazon.nova-lite-v1%3A0/converse");
    expect(request?.httpVersion).toBe("1.1");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(parseSigV4(request?.headers.authorization)).toMatchObject({
      accessKeyId: TEST_ACCESS_KEY_ID,
      region: TEST_REGION,
      service: "bedrock",
    });
    expect(request?.headers["x-amz-security-token"]).toBeUndefined();
    expect(requestBody(h)).toEqual({
      system: [{ text: "Be brief." }],
      messages: [{ role: "user", content: [{ text: "Hi" }, { text: "there" }] }],
      inferenceConfig: { maxTokens: 64, temperature: 0.5, topP: 0.9, stopSequences: ["STOP"] },
      additionalModelRequestFields: { top_k: 5 },
      performanceConfig: { latency: "optimized" },
    });
  });

  it("sends tools, tool calls and tool results, and inline images as bytes", async () => {
    const h = await start();
    h.upstream.on("POST", wire.routes.chat.path, wire.chatReply(scenario));
    await h.provider.chat({
      model: MODEL,
      tools: [{ name: "lookup", description: "Look up", parameters: { type: "object" } }],
      toolChoice: { type: "tool", name: "lookup" },
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image", data: "iVBORw0K", mediaType: "image/png" },
          ],
        },
        {
          role: "assistant",
          content: "Let me check.",
          toolCalls: [
            { id: "t1", name: "lookup", arguments: '{"q":"a"}' },
            { id: "t2", name: "lookup", arguments: "" },
          ],
        },
        { role: "tool", toolCallId: "t1", content: '{"hit":true}' },
        { role: "tool", toolCallId: "t2", content: "nothing" },
      ],
    });
    expect(requestBody(h)).toEqual({
      messages: [
        {
          role: "user",
          content: [
            { text: "What is this?" },
            { image: { format: "png", source: { bytes: "iVBORw0K" } } },
          ],
        },
        {
          role: "assistant",
          content: [
            { text: "Let me check." },
            { toolUse: { toolUseId: "t1", name: "lookup", input: { q: "a" } } },
            { toolUse: { toolUseId: "t2", name: "lookup", input: {} } },
          ],
        },
        {
          role: "user",
          content: [
            { toolResult: { toolUseId: "t1", content: [{ json: { hit: true } }] } },
            { toolResult: { toolUseId: "t2", content: [{ text: "nothing" }] } },
          ],
        },
      ],
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: "lookup",
              description: "Look up",
              inputSchema: { json: { type: "object" } },
            },
          },
        ],
        toolChoice: { tool: { name: "lookup" } },
      },
    });
  });

  it("sends a json_schema response format as structured output", async () => {
    const h = await start();
    h.upstream.on("POST", wire.routes.chat.path, wire.chatReply({ ...scenario, text: '{"a":1}' }));
    const res = await h.provider.chat({
      model: MODEL,
      messages: hello,
      responseFormat: { type: "json_schema", name: "thing", schema: { type: "object" } },
    });
    expect(res.output).toBe('{"a":1}');
    expect(requestBody(h).outputConfig).toEqual({
      textFormat: {
        type: "json_schema",
        structure: { jsonSchema: { schema: '{"type":"object"}', name: "thing" } },
      },
    });
  });

  it("refuses what Bedrock cannot take with a 400 before sending anything", async () => {
    const h = await start();
    const image = {
      role: "user" as const,
      content: [{ type: "image" as const, url: "https://example.com/cat.png" }],
    };
    expect(await rejectionOf(h.provider.chat({ messages: [image] }))).toMatchObject({
      status: 400,
      code: "unsupported_image",
      retryable: false,
    });
    expect(
      await rejectionOf(
        h.provider.chat({ messages: hello, responseFormat: { type: "json_object" } }),
      ),
    ).toMatchObject({ status: 400, code: "unsupported_response_format" });
    expect(
      await rejectionOf(collectEvents(h.provider.stream?.({ messages: [image] }))),
    ).toMatchObject({ status: 400, code: "unsupported_image" });
    expect(
      await rejectionOf(
        h.provider.chat({
          messages: hello,
          providerOptions: { bedrock: { guardrailConfig: { guardrailIdentifier: "" } } },
        }),
      ),
    ).toMatchObject({ status: 400, code: "invalid_provider_options" });
    expect(h.upstream.requests).toHaveLength(0);
  });

  it("uses the configured default model, and the manifest's when none is configured", async () => {
    const h = await start({
      settings: (url) => ({ ...testSettings(url), defaultModel: "meta.llama3-8b-instruct-v1:0" }),
    });
    h.upstream.on("POST", wire.routes.chat.path, wire.chatReply(scenario));
    const res = await h.provider.chat({ messages: hello });
    expect(res.model).toBe("meta.llama3-8b-instruct-v1:0");
    expect(h.upstream.requests[0]?.path).toBe("/model/meta.llama3-8b-instruct-v1%3A0/converse");
    await h.close();
    const h2 = await start();
    h2.upstream.on("POST", wire.routes.chat.path, wire.chatReply(scenario));
    await h2.provider.chat({ messages: hello });
    expect(h2.upstream.requests[0]?.path).toBe(
      "/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse",
    );
  });

  it("refuses a request signed for another region with AWS's 403", async () => {
    const h = await start({
      settings: (url) => ({ ...testSettings(url), region: "eu-central-1" }),
    });
    h.upstream.on("POST", wire.routes.chat.path, wire.chatReply(scenario));
    expect(await rejectionOf(h.provider.chat({ messages: hello }))).toMatchObject({
      status: 403,
      code: "InvalidSignatureException",
      retryable: false,
    });
    expect(parseSigV4(h.upstream.requests[0]?.headers.authorization)?.region).toBe("eu-central-1");
  });

  it("the mock upstream refuses an unsigned request with 403, as AWS does", async () => {
    const h = await start();
    h.upstream.on("POST", wire.routes.chat.path, wire.chatReply(scenario));
    const res = await fetch(`${h.upstream.url}/model/x/converse`, { method: "POST", body: "{}" });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toMatch(/^MissingAuthenticationTokenException:/);
    expect(await res.json()).toEqual({ message: "Missing Authentication Token" });
  });
});

describe("streaming", () => {
  it("streams reasoning, text and a tool call, then usage with cache counts, then finish", async () => {
    const h = await start();
    h.upstream.on(
      "POST",
      wire.routes.stream?.path ?? "",
      awsEventStream([
        bedrockEvent("messageStart", { role: "assistant" }),
        bedrockEvent("contentBlockDelta", {
          contentBlockIndex: 0,
          delta: { reasoningContent: { text: "Think" } },
        }),
        bedrockEvent("contentBlockDelta", {
          contentBlockIndex: 0,
          delta: { reasoningContent: { signature: "c2ln" } },
        }),
        bedrockEvent("contentBlockStop", { contentBlockIndex: 0 }),
        bedrockEvent("contentBlockDelta", { contentBlockIndex: 1, delta: { text: "Hi " } }),
        bedrockEvent("contentBlockDelta", { contentBlockIndex: 1, delta: { text: "there" } }),
        bedrockEvent("contentBlockStop", { contentBlockIndex: 1 }),
        bedrockEvent("contentBlockStart", {
          contentBlockIndex: 2,
          start: { toolUse: { toolUseId: "tu_1", name: "lookup" } },
        }),
        bedrockEvent("contentBlockDelta", {
          contentBlockIndex: 2,
          delta: { toolUse: { input: '{"q":' } },
        }),
        bedrockEvent("contentBlockDelta", {
          contentBlockIndex: 2,
          delta: { toolUse: { input: '"x"}' } },
        }),
        bedrockEvent("contentBlockStop", { contentBlockIndex: 2 }),
        bedrockEvent("messageStop", { stopReason: "tool_use" }),
        bedrockEvent("metadata", {
          usage: {
            inputTokens: 10,
            outputTokens: 4,
            totalTokens: 114,
            cacheReadInputTokens: 60,
            cacheWriteInputTokens: 40,
          },
          metrics: { latencyMs: 10 },
        }),
      ]),
    );
    const events = await collectEvents(
      h.provider.stream?.({
        model: MODEL,
        messages: hello,
        tools: [{ name: "lookup", parameters: {} }],
      }),
    );
    expect(reasoningOf(events)).toBe("Think");
    expect(textOf(events)).toBe("Hi there");
    expect(events.filter((e) => e.type.startsWith("tool-call"))).toEqual([
      { type: "tool-call-start", index: 0, id: "tu_1", name: "lookup" },
      { type: "tool-call-delta", index: 0, id: "tu_1", argumentsDelta: '{"q":' },
      { type: "tool-call-delta", index: 0, id: "tu_1", argumentsDelta: '"x"}' },
      { type: "tool-call-end", index: 0, id: "tu_1", name: "lookup", arguments: '{"q":"x"}' },
    ]);
    expect(events.slice(-2)).toEqual([
      {
        type: "usage",
        usage: {
          promptTokens: 110,
          completionTokens: 4,
          totalTokens: 114,
          cachedPromptTokens: 60,
          cacheWritePromptTokens: 40,
        },
      },
      {
        type: "finish",
        finishReason: "tool_calls",
        rawFinishReason: "tool_use",
        model: MODEL,
        // Without an x-amzn-requestid the reply gets a random id.
        id: expect.stringMatching(/^bedrock-[0-9a-f-]{36}$/),
      },
    ]);
    expect(h.upstream.requests[0]?.path).toBe("/model/amazon.nova-lite-v1%3A0/converse-stream");
    expect(h.upstream.requests[0]?.httpVersion).toBe("1.1");
  });

  it("labels the finish with the request id the reply carried", async () => {
    const h = await start();
    h.upstream.on("POST", wire.routes.stream?.path ?? "", wire.streamReply?.(scenario) ?? json({}));
    const events = await collectEvents(h.provider.stream?.({ model: MODEL, messages: hello }));
    expect(events.at(-1)).toMatchObject({ type: "finish", id: "bedrock-req-0001" });
  });
});

describe("credentials", () => {
  it("sends the session token, and reads all three values from the environment when the store has none", async () => {
    const h = await start({
      credentials: {},
      provider: {
        env: {
          AWS_ACCESS_KEY_ID: "AKIDFROMENV",
          AWS_SECRET_ACCESS_KEY: "env-secret",
          AWS_SESSION_TOKEN: "env-session-token",
        },
      },
    });
    h.upstream.on("POST", wire.routes.chat.path, wire.chatReply(scenario));
    await h.provider.chat({ model: MODEL, messages: hello });
    const request = h.upstream.requests[0];
    expect(parseSigV4(request?.headers.authorization)?.accessKeyId).toBe("AKIDFROMENV");
    expect(request?.headers["x-amz-security-token"]).toBe("env-session-token");
    expect(parseSigV4(request?.headers.authorization)?.signedHeaders).toContain(
      "x-amz-security-token",
    );
  });

  it("does not pair a key from the store with a session token from the environment", async () => {
    const h = await start({
      provider: { env: { AWS_SESSION_TOKEN: "stale-env-token" } },
    });
    h.upstream.on("POST", wire.routes.chat.path, wire.chatReply(scenario));
    await h.provider.chat({ model: MODEL, messages: hello });
    expect(h.upstream.requests[0]?.headers["x-amz-security-token"]).toBeUndefined();
  });

  it("names the missing secret when an access key id stands alone", async () => {
    const h = await start({
      credentials: { [BEDROCK_CREDENTIALS.accessKeyId.key]: TEST_ACCESS_KEY_ID },
      provider: { env: { AWS_SECRET_ACCESS_KEY: "not-used-with-a-stored-key" } },
    });
    const err = await rejectionOf(h.provider.chat({ model: MODEL, messages: hello }));
    expect(err).toMatchObject({ status: 500, code: "missing_credentials", retryable: false });
    expect((err as Error).message).toContain(BEDROCK_CREDENTIALS.secretAccessKey.key);
    expect(h.upstream.requests).toHaveLength(0);
  });

  it("uses the default credential chain when no key is configured, and refreshes expiring credentials", async () => {
    let clock = Date.now();
    const issued: AwsCredentialIdentity[] = [];
    const chain = async (): Promise<AwsCredentialIdentity> => {
      const identity = {
        accessKeyId: `ASIACHAIN${issued.length + 1}`,
        secretAccessKey: "chain-secret",
        sessionToken: `chain-token-${issued.length + 1}`,
        // Inside the SDK's own 5-minute window, so the SDK asks the provider's cache every time.
        expiration: new Date(clock + 60_000),
      };
      issued.push(identity);
      return identity;
    };
    const h = await start({
      credentials: {},
      provider: { defaultChain: chain, refresh: { now: () => clock, refreshBeforeMs: 10_000 } },
    });
    h.upstream.on("POST", wire.routes.chat.path, wire.chatReply(scenario));
    const keyOf = (i: number) =>
      parseSigV4(h.upstream.requests[i]?.headers.authorization)?.accessKeyId;

    await h.provider.chat({ model: MODEL, messages: hello });
    await h.provider.chat({ model: MODEL, messages: hello });
    expect([keyOf(0), keyOf(1)]).toEqual(["ASIACHAIN1", "ASIACHAIN1"]);
    expect(h.upstream.requests[0]?.headers["x-amz-security-token"]).toBe("chain-token-1");

    clock += 51_000; // 9 s before expiry: inside the 10 s refresh window
    await h.provider.chat({ model: MODEL, messages: hello });
    expect(keyOf(2)).toBe("ASIACHAIN2");
    expect(issued).toHaveLength(2);
  });

  it("without keys in its settings, uses the AWS SDK's own default chain", async () => {
    // The provider reads an empty environment, so it sees no keys; the SDK's chain reads the
    // process environment first, so it resolves these without any network call.
    const saved = { ...process.env };
    process.env.AWS_ACCESS_KEY_ID = "AKIDSDKCHAIN";
    process.env.AWS_SECRET_ACCESS_KEY = "sdk-chain-secret";
    delete process.env.AWS_SESSION_TOKEN;
    process.env.AWS_EC2_METADATA_DISABLED = "true";
    try {
      const h = await start({ credentials: {}, provider: { env: {} } });
      h.upstream.on("POST", wire.routes.chat.path, wire.chatReply(scenario));
      await h.provider.chat({ model: MODEL, messages: hello });
      expect(parseSigV4(h.upstream.requests[0]?.headers.authorization)?.accessKeyId).toBe(
        "AKIDSDKCHAIN",
      );
    } finally {
      for (const name of [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_EC2_METADATA_DISABLED",
      ]) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });

  it("explains how to configure credentials when the default chain finds none", async () => {
    const h = await start({
      credentials: {},
      provider: {
        defaultChain: async () => {
          throw new Error("Could not load credentials from any providers");
        },
      },
    });
    const err = await rejectionOf(h.provider.chat({ model: MODEL, messages: hello }));
    expect(err).toMatchObject({ status: 500, code: "missing_credentials", retryable: false });
    const message = (err as Error).message;
    for (const name of [
      BEDROCK_CREDENTIALS.accessKeyId.key,
      BEDROCK_CREDENTIALS.secretAccessKey.key,
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "default credential chain",
      "Could not load credentials",
    ])
      expect(message).toContain(name);
    expect(h.upstream.requests).toHaveLength(0);
    // Also when the consumer streams.
    expect(
      await rejectionOf(collectEvents(h.provider.stream?.({ model: MODEL, messages: hello }))),
    ).toMatchObject({ code: "missing_credentials" });
  });

  it("never leaks the secret key into an error", async () => {
    const h = await start();
    h.upstream.on(
      "POST",
      wire.routes.chat.path,
      bedrockErrorReply(403, "UnrecognizedClientException", `bad secret ${TEST_SECRET_ACCESS_KEY}`),
    );
    const err = await rejectionOf(h.provider.chat({ model: MODEL, messages: hello }));
    expect(err).toMatchObject({ status: 403, code: "UnrecognizedClientException" });
    expect(JSON.stringify(err)).not.toContain(TEST_SECRET_ACCESS_KEY);
    expect((err as Error).message).not.toContain(TEST_SECRET_ACCESS_KEY);
  });
});

describe("endpoints and egress", () => {
  it.each([
    [{ region: "eu-central-1" }, "bedrock-runtime.eu-central-1.amazonaws.com"],
    [
      { region: "us-east-1", useFipsEndpoint: true },
      "bedrock-runtime-fips.us-east-1.amazonaws.com",
    ],
  ])("with %j the SDK calls %s, which the egress policy judges", async (settings, host) => {
    const h = await start({ settings: () => settings });
    const err = await rejectionOf(h.provider.chat({ model: MODEL, messages: hello }));
    // The harness allows only the mock upstream: the block names the host the SDK resolved.
    expect(err).toMatchObject({ status: 403, code: "egress_blocked", retryable: false });
    expect((err as Error).message).toContain(host);
    expect(h.upstream.requests).toHaveLength(0);
  });
});

describe("embeddings", () => {
  it("calls Titan once per input, in parallel, and keeps the input order", async () => {
    const h = await start({ settings: (url) => ({ ...testSettings(url), embedConcurrency: 3 }) });
    h.upstream.on("POST", bedrockRoute("invoke"), (request) => {
      const { inputText } = request.json() as { inputText: string };
      return json(
        { embedding: [inputText.length, 0.5], inputTextTokenCount: inputText.length },
        { firstByteDelayMs: inputText.length === 1 ? 30 : 0 },
      );
    });
    const res = await h.provider.embed?.({
      input: ["a", "bb", "ccc", "dddd"],
      dimensions: 256,
      providerOptions: { bedrock: { normalize: false } },
    });
    expect(res).toEqual({
      provider: "bedrock",
      model: "amazon.titan-embed-text-v2:0",
      embeddings: [
        [1, 0.5],
        [2, 0.5],
        [3, 0.5],
        [4, 0.5],
      ],
      usage: { promptTokens: 10, totalTokens: 10 },
    });
    expect(h.upstream.requests).toHaveLength(4);
    expect(h.upstream.requests[0]?.path).toBe("/model/amazon.titan-embed-text-v2%3A0/invoke");
    expect(h.upstream.requests[0]?.headers.accept).toBe("application/json");
    expect(requestBody(h, 0)).toMatchObject({ dimensions: 256, normalize: false });
  });

  it("reports a reply without a vector as a 502 invalid_response", async () => {
    const h = await start({ settings: (url) => ({ ...testSettings(url), retryAttempts: 1 }) });
    h.upstream.on("POST", bedrockRoute("invoke"), json({ message: "no vector" }));
    expect(await rejectionOf(h.provider.embed?.({ input: "x" }))).toMatchObject({
      status: 502,
      code: "invalid_response",
    });
  });
});

describe("models and probe", () => {
  it("lists the configured models, or the defaults", async () => {
    const h = await start({
      settings: (url) => ({
        ...testSettings(url),
        models: ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", "amazon.nova-pro-v1:0"],
      }),
    });
    expect(await h.provider.listModels?.()).toEqual([
      { id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", ownedBy: "anthropic" },
      { id: "amazon.nova-pro-v1:0", ownedBy: "amazon" },
    ]);
    await h.close();
    const h2 = await start();
    expect(await h2.provider.listModels?.()).toEqual([
      { id: "us.anthropic.claude-haiku-4-5-20251001-v1:0", ownedBy: "anthropic" },
      { id: "amazon.titan-embed-text-v2:0", ownedBy: "amazon" },
    ]);
    expect(h2.upstream.requests).toHaveLength(0);
  });

  it("probes with a free CountTokens call", async () => {
    const h = await start();
    h.upstream.on("POST", bedrockRoute("count-tokens"), json({ inputTokens: 3 }));
    expect(await h.provider.probe?.()).toMatchObject({ ok: true });
    expect(h.upstream.requests[0]?.path).toBe(
      "/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/count-tokens",
    );
    expect(requestBody(h)).toEqual({
      input: { converse: { messages: [{ role: "user", content: [{ text: "ping" }] }] } },
    });
  });

  it.each([
    [400, "ValidationException", "The provided model doesn't support counting tokens."],
    [403, "AccessDeniedException", "not authorized to perform: bedrock:CountTokens"],
  ])(
    "falls back to a one-token Converse when CountTokens answers %i %s, and remembers it",
    async (status, type, message) => {
      const h = await start();
      h.upstream.on("POST", bedrockRoute("count-tokens"), bedrockErrorReply(status, type, message));
      h.upstream.on("POST", wire.routes.chat.path, wire.chatReply({ ...scenario, text: "p" }));
      expect(await h.provider.probe?.()).toMatchObject({ ok: true });
      expect(await h.provider.probe?.()).toMatchObject({ ok: true });
      expect(h.upstream.requests.map((r) => r.path.split("/").at(-1))).toEqual([
        "count-tokens",
        "converse",
        "converse",
      ]);
      expect(requestBody(h, 1)).toMatchObject({ inferenceConfig: { maxTokens: 1 } });
    },
  );

  it("reports bad credentials as not ok without falling back", async () => {
    const h = await start();
    h.upstream.on(
      "POST",
      bedrockRoute("count-tokens"),
      bedrockErrorReply(
        403,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
      ),
    );
    const result = await h.provider.probe?.();
    expect(result).toMatchObject({ ok: false });
    expect(result?.detail).toContain("security token");
    expect(h.upstream.requests).toHaveLength(1);
  });
});
