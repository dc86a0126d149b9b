import { normalizeProviderError, ProviderError } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import { streamWithBedrockErrors, toBedrockError, withBedrockErrors } from "../src/index.js";

const aws = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened`), { name, ...extra });

describe("toBedrockError", () => {
  it.each([
    ["ThrottlingException", 429, true],
    ["ServiceUnavailableException", 503, true],
    ["InternalServerException", 500, true],
    ["ModelStreamErrorException", 502, true],
    ["ValidationException", 400, false],
  ])(
    "gives a %s frame from a 200 stream the status %i (retryable: %s)",
    (name, status, retryable) => {
      const err = toBedrockError("bedrock", aws(name, { $metadata: {} }));
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({
        status,
        retryable,
        code: name,
        message: `bedrock: ${name} happened`,
      });
    },
  );

  it("leaves an HTTP error to core, which keeps its status and AWS name", () => {
    const original = aws("ThrottlingException", { $metadata: { httpStatusCode: 429 } });
    expect(toBedrockError("bedrock", original)).toBe(original);
    expect(normalizeProviderError("bedrock", original)).toMatchObject({
      status: 429,
      code: "ThrottlingException",
      retryable: true,
    });
  });

  it("turns a 2xx reply the SDK could not read into a 502 invalid_response", () => {
    for (const err of [
      aws("SyntaxError", { $metadata: { httpStatusCode: 200 } }),
      aws("SyntaxError", { $response: { statusCode: 200 } }),
    ]) {
      expect(toBedrockError("bedrock", err)).toMatchObject({
        status: 502,
        code: "invalid_response",
        retryable: false,
      });
    }
  });

  it("passes everything else through", () => {
    const provider = new ProviderError("x", { status: 403, provider: "bedrock", retryable: false });
    const plain = new TypeError("fetch failed");
    expect(toBedrockError("bedrock", provider)).toBe(provider);
    expect(toBedrockError("bedrock", plain)).toBe(plain);
    expect(toBedrockError("bedrock", "text")).toBe("text");
    expect(toBedrockError("bedrock", null)).toBe(null);
  });

  it("names an exception without a message by its type", () => {
    const err = Object.assign(new Error(""), { name: "ThrottlingException" });
    expect((toBedrockError("bedrock", err) as Error).message).toBe("bedrock: ThrottlingException");
  });

  it("wraps calls and streams", async () => {
    await expect(
      withBedrockErrors("bedrock", async () => {
        throw aws("ValidationException");
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect(await withBedrockErrors("bedrock", async () => 1)).toBe(1);
    async function* failing() {
      yield 1;
      throw aws("ModelStreamErrorException");
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of streamWithBedrockErrors("bedrock", failing())) seen.push(n);
      })(),
    ).rejects.toMatchObject({ status: 502, code: "ModelStreamErrorException" });
    expect(seen).toEqual([1]);
  });
});
