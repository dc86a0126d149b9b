import { describe, expect, it } from "vitest";
import { upstreamFinishError } from "../../src/index.js";

describe("upstreamFinishError", () => {
  it("is a retryable 502 upstream_error naming the raw reason, or 'an error' without one", () => {
    expect(upstreamFinishError("gemini", "MALFORMED_FUNCTION_CALL")).toMatchObject({
      message: "gemini: the model stopped with MALFORMED_FUNCTION_CALL before any output",
      status: 502,
      code: "upstream_error",
      provider: "gemini",
      retryable: true,
    });
    expect(upstreamFinishError("mistral").message).toBe(
      "mistral: the model stopped with an error before any output",
    );
  });
});
