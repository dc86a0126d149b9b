import { describe, expect, it } from "vitest";
import { assertNotEmpty, emptyIsExplained } from "../../src/errors/empty-response.js";
import type { ChatResponse } from "../../src/types/chat-response.js";

const base: ChatResponse = {
  id: "r1",
  provider: "p",
  model: "m",
  output: "",
  finishReason: "stop",
};

describe("assertNotEmpty", () => {
  it("rejects a reply with nothing in it as a 502 empty_response", () => {
    expect(() => assertNotEmpty(base)).toThrowError(
      expect.objectContaining({ status: 502, code: "empty_response", retryable: false }),
    );
  });

  it("accepts text, tool calls, reasoning, or an explained empty reply", () => {
    expect(assertNotEmpty({ ...base, output: "hi" }).output).toBe("hi");
    expect(
      assertNotEmpty({ ...base, toolCalls: [{ id: "c", name: "f", arguments: "{}" }] }),
    ).toBeTruthy();
    expect(assertNotEmpty({ ...base, reasoning: "thought" })).toBeTruthy();
    expect(assertNotEmpty({ ...base, finishReason: "content_filter" })).toBeTruthy();
    expect(emptyIsExplained("length")).toBe(true);
    expect(emptyIsExplained("other")).toBe(false);
  });
});
