import { describe, expect, it } from "vitest";
import { mapOllamaFinishReason } from "../src/map-ollama-finish-reason.js";

describe("mapOllamaFinishReason", () => {
  it.each([
    ["stop", false, "stop"],
    ["length", false, "length"],
    ["load", false, "other"],
    ["unload", false, "other"],
    ["something_new", false, "other"],
    [undefined, false, "stop"],
    [null, false, "stop"],
    ["", false, "stop"],
    ["stop", true, "tool_calls"],
    [undefined, true, "tool_calls"],
    ["length", true, "length"],
  ] as const)("maps %s (tool calls: %s) to %s", (raw, hasToolCalls, expected) => {
    expect(mapOllamaFinishReason(raw, hasToolCalls)).toBe(expected);
  });
});
