import { describe, expect, it } from "vitest";
import { mapOpenAIUsage } from "../src/index.js";

describe("mapOpenAIUsage", () => {
  it("maps counts and the cached-prompt and reasoning details", () => {
    expect(
      mapOpenAIUsage({
        prompt_tokens: 1200,
        completion_tokens: 300,
        total_tokens: 1500,
        prompt_tokens_details: { cached_tokens: 1024 },
        completion_tokens_details: { reasoning_tokens: 256 },
      }),
    ).toEqual({
      promptTokens: 1200,
      completionTokens: 300,
      totalTokens: 1500,
      cachedPromptTokens: 1024,
      reasoningTokens: 256,
    });
  });

  it("keeps a reported 0 and leaves out what was not reported", () => {
    expect(
      mapOpenAIUsage({
        prompt_tokens: 5,
        completion_tokens: 1,
        total_tokens: 6,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: null,
      }),
    ).toEqual({ promptTokens: 5, completionTokens: 1, totalTokens: 6, cachedPromptTokens: 0 });
  });

  it("fills a missing total and missing counts", () => {
    expect(mapOpenAIUsage({ prompt_tokens: 4, completion_tokens: null })).toEqual({
      promptTokens: 4,
      completionTokens: 0,
      totalTokens: 4,
    });
  });

  it("maps cache writes (as OpenRouter reports them for explicitly cached prompts)", () => {
    expect(
      mapOpenAIUsage({
        prompt_tokens: 1200,
        completion_tokens: 10,
        prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 1024 },
      }),
    ).toEqual({
      promptTokens: 1200,
      completionTokens: 10,
      totalTokens: 1210,
      cachedPromptTokens: 0,
      cacheWritePromptTokens: 1024,
    });
  });

  it("returns undefined for no usage", () => {
    expect(mapOpenAIUsage(null)).toBeUndefined();
    expect(mapOpenAIUsage(undefined)).toBeUndefined();
  });
});
