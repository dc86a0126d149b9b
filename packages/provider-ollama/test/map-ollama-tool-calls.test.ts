import { describe, expect, it } from "vitest";
import { mapOllamaToolCalls } from "../src/map-ollama-tool-calls.js";
import { ollamaReplySeed, ollamaResponseId, ollamaToolCallId } from "../src/ollama-ids.js";

const seed = ollamaReplySeed("llama3.2", "2024-10-16T11:30:29.493808378Z");

describe("mapOllamaToolCalls", () => {
  it("serializes object arguments as a JSON string and derives ids for calls without one", () => {
    const calls = mapOllamaToolCalls(
      [
        { function: { name: "get_weather", arguments: { city: "Zürich", unit: "c" } } },
        { function: { name: "get_time", arguments: {} } },
      ],
      seed,
    );
    expect(calls).toEqual([
      {
        id: expect.stringMatching(/^call_[0-9a-f]{24}$/),
        name: "get_weather",
        arguments: '{"city":"Zürich","unit":"c"}',
      },
      { id: expect.stringMatching(/^call_[0-9a-f]{24}$/), name: "get_time", arguments: "{}" },
    ]);
    expect(calls[0]?.id).not.toBe(calls[1]?.id);
  });

  it("derives the same ids from the same reply, and different ones from another reply", () => {
    const raw = [{ function: { name: "f", arguments: { a: 1 } } }];
    const again = mapOllamaToolCalls(raw, seed);
    expect(mapOllamaToolCalls(raw, seed)).toEqual(again);
    const other = mapOllamaToolCalls(raw, ollamaReplySeed("llama3.2", "2024-10-16T11:30:30Z"));
    expect(other[0]?.id).not.toBe(again[0]?.id);
    expect(again[0]?.id).toBe(ollamaToolCallId(seed, 0, "f", '{"a":1}'));
  });

  it("keeps the id a newer server sends", () => {
    expect(
      mapOllamaToolCalls(
        [{ id: "call_0npgcaye", function: { index: 0, name: "weather", arguments: {} } }],
        seed,
      ),
    ).toEqual([{ id: "call_0npgcaye", name: "weather", arguments: "{}" }]);
  });

  it("numbers calls after earlier ones of the same stream", () => {
    const raw = [{ function: { name: "f", arguments: {} } }];
    expect(mapOllamaToolCalls(raw, seed, 3)[0]?.id).toBe(ollamaToolCallId(seed, 3, "f", "{}"));
  });

  it("accepts string arguments from proxies and missing parts", () => {
    expect(
      mapOllamaToolCalls(
        [
          { function: { name: "f", arguments: '{"x":1}' as unknown as Record<string, unknown> } },
          { function: { name: "g", arguments: "  " as unknown as Record<string, unknown> } },
          { function: { name: "h", arguments: undefined as unknown as Record<string, unknown> } },
          { function: undefined as never },
        ],
        seed,
      ).map((c) => [c.name, c.arguments]),
    ).toEqual([
      ["f", '{"x":1}'],
      ["g", "{}"],
      ["h", "{}"],
      ["", "{}"],
    ]);
    expect(mapOllamaToolCalls(undefined, seed)).toEqual([]);
  });
});

describe("ollama ids", () => {
  it("derives a response id from the reply", () => {
    expect(ollamaResponseId(seed, "stop", 22)).toMatch(/^ollama-[0-9a-f]{24}$/);
    expect(ollamaResponseId(seed, "stop", 22)).toBe(ollamaResponseId(seed, "stop", 22));
    expect(ollamaResponseId(seed, "stop", 22)).not.toBe(ollamaResponseId(seed, "stop", 23));
    expect(ollamaReplySeed(undefined, undefined)).toBe("@");
  });
});
