import { FINISH_REASONS } from "@oss-ai-agent-tool/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapOpenAIFinishReason } from "../src/index.js";

describe("mapOpenAIFinishReason", () => {
  it.each([
    ["stop", "stop"],
    ["length", "length"],
    ["tool_calls", "tool_calls"],
    ["function_call", "tool_calls"],
    ["content_filter", "content_filter"],
    ["error", "error"],
    ["end_turn", "other"],
    [null, "other"],
    [undefined, "other"],
  ])("maps %s to %s", (raw, expected) => {
    expect(mapOpenAIFinishReason(raw)).toBe(expected);
  });

  it("always returns one of the contract's reasons", () => {
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: undefined }), (raw) => {
        expect(FINISH_REASONS).toContain(mapOpenAIFinishReason(raw));
      }),
    );
  });
});
