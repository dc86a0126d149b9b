import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapOllamaUsage } from "../src/map-ollama-usage.js";

describe("mapOllamaUsage", () => {
  it("maps prompt_eval_count and eval_count, and adds them up", () => {
    expect(mapOllamaUsage({ prompt_eval_count: 26, eval_count: 282 })).toEqual({
      promptTokens: 26,
      completionTokens: 282,
      totalTokens: 308,
    });
  });

  it("counts a missing count as zero (Ollama omits zeros, e.g. a fully cached prompt)", () => {
    expect(mapOllamaUsage({ eval_count: 5 })).toEqual({
      promptTokens: 0,
      completionTokens: 5,
      totalTokens: 5,
    });
    expect(mapOllamaUsage({ prompt_eval_count: 7, eval_count: null })).toEqual({
      promptTokens: 7,
      completionTokens: 0,
      totalTokens: 7,
    });
  });

  it("reports no usage without any count, or with nonsense counts", () => {
    expect(mapOllamaUsage({})).toBeUndefined();
    expect(mapOllamaUsage(undefined)).toBeUndefined();
    expect(mapOllamaUsage({ prompt_eval_count: -1, eval_count: Number.NaN })).toBeUndefined();
  });

  it("always has total = prompt + completion", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (prompt, completion) => {
        const usage = mapOllamaUsage({ prompt_eval_count: prompt, eval_count: completion });
        expect(usage?.totalTokens).toBe(prompt + completion);
      }),
    );
  });
});
