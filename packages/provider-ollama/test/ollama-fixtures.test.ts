import type { ChatMessage, ToolDefinition } from "@oss-ai-agent-tool/core";
import {
  collectEvents,
  json,
  loadVcrCassette,
  ndjson,
  raw,
  readChunksFixture,
  reasoningOf,
  rejectionOf,
  replyFromCassette,
  requestBody,
  sharedFixturesSkipReason,
  textOf,
} from "@oss-ai-agent-tool/testkit";
import { describe, expect, it } from "vitest";
import { useOllamaHarness } from "./support/harness.js";
import { completionToNativeReply, sseToNativeLines } from "./support/openai-compat-to-native.js";

const skip = sharedFixturesSkipReason();
const SK = "ollama/semantic-kernel";
const VCR = "ollama/ruby_llm-vcr";
const asText = (body: string | Uint8Array) =>
  typeof body === "string" ? body : Buffer.from(body).toString("utf8");

describe.skipIf(skip !== undefined)(
  `recorded Ollama traffic from ../shared/fixtures${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    const start = useOllamaHarness();

    describe("native /api/chat NDJSON (semantic-kernel)", () => {
      it("replays the phi3 stream: its text, counts and finish reason", async () => {
        const h = await start();
        const lines = readChunksFixture(`${SK}/chat_completion_test_response_stream.txt`);
        h.upstream.on("POST", "/api/chat", ndjson(lines, { splitEvery: 37 }));
        const events = await collectEvents(
          h.provider.stream?.({ model: "phi3", messages: [{ role: "user", content: "Hi" }] }),
        );
        expect(textOf(events)).toBe("This is test completion response");
        expect(events.find((e) => e.type === "usage")).toEqual({
          type: "usage",
          usage: { promptTokens: 10, completionTokens: 239, totalTokens: 249 },
        });
        expect(events.at(-1)).toMatchObject({
          type: "finish",
          finishReason: "stop",
          rawFinishReason: "stop",
          model: "phi3",
        });
      });

      it("replays the llama3.2 tool call: arguments as a JSON string, a derived id, tool_calls", async () => {
        const h = await start();
        const [body] = readChunksFixture(`${SK}/chat_completion_function_call_response.txt`);
        h.upstream.on(
          "POST",
          "/api/chat",
          raw(body ?? "", { headers: { "content-type": "application/json; charset=utf-8" } }),
        );
        const res = await h.provider.chat({
          model: "llama3.2",
          messages: [{ role: "user", content: "Call the test function." }],
          tools: [
            {
              name: "TestPlugin_TestFunction",
              parameters: { type: "object", properties: { testInput: { type: "string" } } },
            },
          ],
        });
        expect(res).toMatchObject({
          model: "llama3.2",
          output: "",
          finishReason: "tool_calls",
          rawFinishReason: "stop",
          usage: { promptTokens: 152, completionTokens: 22, totalTokens: 174 },
        });
        expect(res.toolCalls).toEqual([
          {
            id: expect.stringMatching(/^call_[0-9a-f]{24}$/),
            name: "TestPlugin_TestFunction",
            arguments: '{"testInput":"fake-text"}',
          },
        ]);
        // The same reply read again yields the same id.
        const again = await h.provider.chat({ messages: [{ role: "user", content: "again" }] });
        expect(again.toolCalls?.[0]?.id).toBe(res.toolCalls?.[0]?.id);
      });

      it("streams the same tool-call reply, sent as the one final line of a stream", async () => {
        const h = await start();
        const lines = readChunksFixture(`${SK}/chat_completion_function_call_response.txt`);
        h.upstream.on("POST", "/api/chat", ndjson(lines));
        const events = await collectEvents(
          h.provider.stream?.({ messages: [{ role: "user", content: "Call it." }] }),
        );
        expect(events.map((e) => e.type)).toEqual([
          "tool-call-start",
          "tool-call-delta",
          "tool-call-end",
          "usage",
          "finish",
        ]);
        expect(events[2]).toMatchObject({
          name: "TestPlugin_TestFunction",
          arguments: '{"testInput":"fake-text"}',
        });
        expect(events.at(-1)).toMatchObject({
          finishReason: "tool_calls",
          rawFinishReason: "stop",
        });
      });
    });

    describe("ruby_llm cassettes (recorded on Ollama's OpenAI-compatible endpoint)", () => {
      it("replays the hosted Ollama 401 bytes: a non-retryable 401 with the upstream message", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/chat_error_handling_with_ollama_cloud_gpt-oss_120b_raises_appropriate_auth_error.yml`,
        );
        if (!interaction) throw new Error("cassette has no interaction");
        const h = await start({ credentials: { "provider:ollama:apiKey": "ollama-test-key-401" } });
        h.upstream.on(
          "POST",
          "/api/chat",
          replyFromCassette(interaction, { includeHeaders: true }),
        );
        const err = await rejectionOf(
          h.provider.chat({
            model: "gpt-oss:120b",
            messages: [{ role: "user", content: "Hello" }],
          }),
        );
        expect(err).toMatchObject({ status: 401, code: "unauthorized", retryable: false });
        // The body is `{"error":{"message":"Unauthorized",...}}`, which the SDK alone reads as "[object Object]".
        expect((err as Error).message).toBe("ollama: Unauthorized");
        expect(h.upstream.requests).toHaveLength(1);
        expect(h.upstream.requests[0]?.headers.authorization).toBe("Bearer ollama-test-key-401");
        expect(interaction.request.headers.authorization).toBe("Bearer <AUTH_TOKEN>");
      });

      it("streams the gpt-oss reply as native NDJSON: reasoning, text and counts", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/chat_streaming_responses_ollama_cloud_gpt-oss_120b_supports_streaming_responses.yml`,
        );
        if (!interaction) throw new Error("cassette has no interaction");
        const h = await start();
        h.upstream.on(
          "POST",
          "/api/chat",
          ndjson(sseToNativeLines(asText(interaction.response.body))),
        );
        const events = await collectEvents(
          h.provider.stream?.({
            model: "gpt-oss:120b",
            messages: [{ role: "user", content: "Count from 1 to 3" }],
            providerOptions: { ollama: { think: "low" } },
          }),
        );
        expect(textOf(events)).toBe("1  \n2  \n3");
        expect(reasoningOf(events)).toBe(
          'The task: "Count from 1 to 3". Simple. Likely answer: 1, 2, 3. Probably each on separate line or just numbers. Provide.',
        );
        const firstText = events.findIndex((e) => e.type === "text-delta");
        expect(events.findLastIndex((e) => e.type === "reasoning-delta")).toBeLessThan(firstText);
        expect(events.find((e) => e.type === "usage")).toEqual({
          type: "usage",
          usage: { promptTokens: 74, completionTokens: 53, totalTokens: 127 },
        });
        expect(events.at(-1)).toMatchObject({
          type: "finish",
          finishReason: "stop",
          model: "gpt-oss:120b",
        });
      });

      it("replays the qwen3 tool loop: the call, then the follow-up turn as Ollama's native wire wants it", async () => {
        const [first, second] = loadVcrCassette(
          `${VCR}/chat_function_calling_ollama_qwen3_can_use_tools.yml`,
        );
        if (!first || !second) throw new Error("cassette has fewer than two interactions");
        const h = await start();
        h.upstream.once(
          "POST",
          "/api/chat",
          json(completionToNativeReply(asText(first.response.body))),
        );
        h.upstream.once(
          "POST",
          "/api/chat",
          json(completionToNativeReply(asText(second.response.body))),
        );

        const recorded = JSON.parse(asText(first.request.body)) as {
          messages: Array<{ content: string }>;
          tools: Array<{
            function: { name: string; description: string; parameters: Record<string, unknown> };
          }>;
        };
        const tools: ToolDefinition[] = recorded.tools.map((t) => ({
          name: t.function.name,
          description: t.function.description,
          parameters: t.function.parameters,
        }));
        const question: ChatMessage = {
          role: "user",
          content: recorded.messages[0]?.content ?? "",
        };

        const call = await h.provider.chat({ model: "qwen3", messages: [question], tools });
        expect(call).toMatchObject({
          model: "qwen3",
          output: "",
          finishReason: "tool_calls",
          rawFinishReason: "stop",
          usage: { promptTokens: 195, completionTokens: 144, totalTokens: 339 },
        });
        expect(call.reasoning).toMatch(/^Okay, the user is asking for the weather in Berlin/);
        expect(call.toolCalls).toHaveLength(1);
        expect(call.toolCalls?.[0]).toMatchObject({ id: "call_0npgcaye", name: "weather" });
        expect(JSON.parse(call.toolCalls?.[0]?.arguments ?? "")).toEqual({
          latitude: "52.5200",
          longitude: "13.4050",
        });

        const followUp = JSON.parse(asText(second.request.body)) as {
          messages: Array<{ role: string; content: string; tool_call_id?: string }>;
        };
        const toolResult = followUp.messages.find((m) => m.role === "tool");
        const answer = await h.provider.chat({
          model: "qwen3",
          tools,
          messages: [
            question,
            {
              role: "assistant",
              content: "",
              toolCalls: call.toolCalls ?? [],
              reasoning: call.reasoning ?? "",
            },
            {
              role: "tool",
              toolCallId: toolResult?.tool_call_id ?? "",
              content: toolResult?.content ?? "",
            },
          ],
        });
        expect(answer).toMatchObject({
          output:
            "The current weather in Berlin (52.5200, 13.4050) is **15°C** with winds at **10 km/h**. 🌤️",
          finishReason: "stop",
          usage: { promptTokens: 381, completionTokens: 173, totalTokens: 554 },
        });

        const sent = requestBody(h, 1) as { messages: Array<Record<string, unknown>> };
        expect(sent.messages[1]).toEqual({
          role: "assistant",
          content: "",
          thinking: call.reasoning,
          tool_calls: [
            {
              id: "call_0npgcaye",
              function: {
                name: "weather",
                arguments: { latitude: "52.5200", longitude: "13.4050" },
              },
            },
          ],
        });
        expect(sent.messages[2]).toEqual({
          role: "tool",
          content: "Current weather at 52.5200, 13.4050: 15°C, Wind: 10 km/h",
          tool_call_id: "call_0npgcaye",
          tool_name: "weather",
        });
      });
    });
  },
);
