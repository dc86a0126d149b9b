import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  type ConverseStreamOutput,
} from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import {
  awsEventStream,
  bedrockEvent,
  bedrockException,
  fault,
} from "../../src/mock-upstream/index.js";
import { collectEvents } from "../../src/provider-test-helpers.js";
import { useMockUpstream } from "./helpers.js";

const frames = [
  bedrockEvent("messageStart", { p: "abcdefgh", role: "assistant" }),
  bedrockEvent("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Hello" }, p: "abc" }),
  bedrockEvent("contentBlockDelta", {
    contentBlockIndex: 0,
    delta: { text: " wörld 😀" },
    p: "abc",
  }),
  bedrockEvent("contentBlockStop", { contentBlockIndex: 0, p: "a" }),
  bedrockEvent("messageStop", { stopReason: "end_turn", p: "ab" }),
  bedrockEvent("metadata", {
    usage: { inputTokens: 7, outputTokens: 3, totalTokens: 10 },
    metrics: { latencyMs: 42 },
    p: "abc",
  }),
];

/** A client with the SDK's default request handler (HTTP/2 over cleartext against our URL). */
function bedrockClient(
  url: string,
  extra: Partial<ConstructorParameters<typeof BedrockRuntimeClient>[0]> = {},
): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: "AKIDMOCKUPSTREAM", secretAccessKey: "mock-secret" },
    maxAttempts: 1,
    ...extra,
  });
}

const command = () =>
  new ConverseStreamCommand({
    modelId: "amazon.nova-lite-v1:0",
    messages: [{ role: "user", content: [{ text: "Hi" }] }],
  });

describe("@aws-sdk/client-bedrock-runtime ConverseStream against the mock upstream", () => {
  const start = useMockUpstream();

  it("decodes the encoded event-stream frames", async () => {
    const upstream = await start();
    upstream.on("POST", /\/converse-stream$/, awsEventStream(frames, { delayMs: 2 }));
    const client = bedrockClient(upstream.url);
    try {
      const response = await client.send(command());
      const events = await collectEvents(response.stream);
      expect(events.map((e) => Object.keys(e).filter((k) => k !== "$unknown")[0])).toEqual([
        "messageStart",
        "contentBlockDelta",
        "contentBlockDelta",
        "contentBlockStop",
        "messageStop",
        "metadata",
      ]);
      const text = events.map((e) => e.contentBlockDelta?.delta?.text ?? "").join("");
      expect(text).toBe("Hello wörld 😀");
      expect(events[4]?.messageStop?.stopReason).toBe("end_turn");
      expect(events[5]?.metadata?.usage).toEqual({
        inputTokens: 7,
        outputTokens: 3,
        totalTokens: 10,
      });
      const request = upstream.requests[0];
      expect(request?.path).toBe("/model/amazon.nova-lite-v1%3A0/converse-stream");
      expect(request?.httpVersion).toBe("2.0");
      expect(request?.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDMOCKUPSTREAM\//,
      );
      expect(request?.json()).toMatchObject({
        messages: [{ role: "user", content: [{ text: "Hi" }] }],
      });
    } finally {
      client.destroy();
    }
  });

  it("decodes frames split into 3-byte pieces", async () => {
    const upstream = await start();
    upstream.on("POST", /\/converse-stream$/, awsEventStream(frames, { splitEvery: 3 }));
    const client = bedrockClient(upstream.url);
    try {
      const events = await collectEvents((await client.send(command())).stream);
      expect(events.map((e) => e.contentBlockDelta?.delta?.text ?? "").join("")).toBe(
        "Hello wörld 😀",
      );
    } finally {
      client.destroy();
    }
  });

  it("surfaces a mid-stream exception frame as the modeled exception", async () => {
    const upstream = await start();
    upstream.on(
      "POST",
      /\/converse-stream$/,
      awsEventStream([
        frames[0]!,
        frames[1]!,
        bedrockException("throttlingException", "Slow down"),
      ]),
    );
    const client = bedrockClient(upstream.url);
    try {
      const response = await client.send(command());
      const seen: ConverseStreamOutput[] = [];
      const error = await (async () => {
        for await (const event of response.stream ?? []) seen.push(event);
      })().catch((e: unknown) => e);
      expect(seen).toHaveLength(2);
      expect((error as Error).name).toBe("ThrottlingException");
      expect((error as Error).message).toBe("Slow down");
    } finally {
      client.destroy();
    }
  });

  it("fails the stream when the connection resets mid-body (HTTP/2 RST_STREAM)", async () => {
    const upstream = await start();
    upstream.on(
      "POST",
      /\/converse-stream$/,
      fault.resetAfter(awsEventStream(frames), { afterEvents: 2 }),
    );
    const client = bedrockClient(upstream.url);
    try {
      const response = await client.send(command());
      const seen: ConverseStreamOutput[] = [];
      const error = await (async () => {
        for await (const event of response.stream ?? []) seen.push(event);
      })().catch((e: unknown) => e);
      expect(seen.length).toBeLessThanOrEqual(2);
      expect(error).toBeInstanceOf(Error);
      expect(upstream.abortedRequests).toBe(0);
    } finally {
      client.destroy();
    }
  });
});
