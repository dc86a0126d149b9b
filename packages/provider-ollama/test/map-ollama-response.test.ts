import { describe, expect, it } from "vitest";
import { mapOllamaResponse } from "../src/map-ollama-response.js";

const base = {
  model: "llama3.2",
  created_at: "2026-01-15T10:20:30.123Z",
  done: true,
  done_reason: "stop",
  total_duration: 5_000_000,
  prompt_eval_count: 26,
  eval_count: 12,
};

describe("mapOllamaResponse", () => {
  it("maps text, model, finish reason, usage and a derived id", () => {
    const res = mapOllamaResponse(
      { ...base, message: { role: "assistant", content: "Hello!" } },
      "requested",
    );
    expect(res).toEqual({
      id: expect.stringMatching(/^ollama-/),
      provider: "ollama",
      model: "llama3.2",
      output: "Hello!",
      finishReason: "stop",
      rawFinishReason: "stop",
      usage: { promptTokens: 26, completionTokens: 12, totalTokens: 38 },
    });
  });

  it("maps tool calls (finish reason tool_calls, raw stop kept) and thinking as reasoning", () => {
    const res = mapOllamaResponse(
      {
        ...base,
        message: {
          role: "assistant",
          content: "",
          thinking: "The user wants weather.",
          tool_calls: [{ function: { name: "get_weather", arguments: { city: "Paris" } } }],
        },
      },
      "requested",
    );
    expect(res).toMatchObject({
      output: "",
      finishReason: "tool_calls",
      rawFinishReason: "stop",
      reasoning: "The user wants weather.",
      toolCalls: [{ name: "get_weather", arguments: '{"city":"Paris"}' }],
    });
  });

  it("falls back to the requested model and tolerates a reply without message or counts", () => {
    const res = mapOllamaResponse({ done: true }, "requested");
    expect(res).toEqual({
      id: expect.any(String),
      provider: "ollama",
      model: "requested",
      output: "",
      finishReason: "stop",
    });
  });

  it("maps length", () => {
    const res = mapOllamaResponse(
      { ...base, done_reason: "length", message: { role: "assistant", content: "Trunc" } },
      "m",
    );
    expect(res).toMatchObject({ finishReason: "length", rawFinishReason: "length" });
  });
});
