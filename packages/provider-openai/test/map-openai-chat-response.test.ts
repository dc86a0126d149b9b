import type OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { mapOpenAIChatResponse, reasoningTextOf } from "../src/index.js";
import { completion } from "./support/wire.js";

const map = (body: Record<string, unknown>) =>
  mapOpenAIChatResponse(
    body as unknown as OpenAI.Chat.Completions.ChatCompletion,
    "openai",
    "asked-model",
  );

describe("mapOpenAIChatResponse", () => {
  it("maps text, ids, finish reason and usage", () => {
    expect(map(completion({ content: "Hi there." }))).toEqual({
      id: "chatcmpl-test-2",
      provider: "openai",
      model: "gpt-4o-mini-2024-07-18",
      output: "Hi there.",
      finishReason: "stop",
      rawFinishReason: "stop",
      usage: {
        promptTokens: 19,
        completionTokens: 10,
        totalTokens: 29,
        cachedPromptTokens: 0,
        reasoningTokens: 0,
      },
    });
  });

  it("maps function tool calls, skipping custom tools, and fills missing ids and arguments", () => {
    const res = map(
      completion(
        {
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "a", arguments: '{"x":1}' } },
            { id: "", type: "function", function: { name: "b", arguments: "" } },
            { id: "call_3", type: "custom", custom: { name: "c", input: "free text" } },
          ],
        },
        "tool_calls",
      ),
    );
    expect(res.output).toBe("");
    expect(res.finishReason).toBe("tool_calls");
    expect(res.toolCalls).toEqual([
      { id: "call_1", name: "a", arguments: '{"x":1}' },
      { id: "oaat_call_1", name: "b", arguments: "{}" },
    ]);
  });

  it("returns a refusal as the reply text", () => {
    expect(map(completion({ content: null, refusal: "I can't do that." })).output).toBe(
      "I can't do that.",
    );
  });

  it("keeps reasoning text of compatible servers", () => {
    expect(map(completion({ content: "4", reasoning_content: "2+2" })).reasoning).toBe("2+2");
    expect(reasoningTextOf({ reasoning: "r" })).toBe("r");
    expect(reasoningTextOf({ reasoning_content: "", reasoning: "" })).toBeUndefined();
    expect(reasoningTextOf(null)).toBeUndefined();
  });

  it("makes up what the server left out: id, model, choice, usage", () => {
    const res = map({ id: "", model: "", choices: [], usage: null });
    expect(res.id).toMatch(/^chatcmpl-[0-9a-f-]{36}$/);
    expect(res).toMatchObject({ model: "asked-model", output: "", finishReason: "other" });
    expect(res).not.toHaveProperty("usage");
    expect(res).not.toHaveProperty("rawFinishReason");
  });
});
