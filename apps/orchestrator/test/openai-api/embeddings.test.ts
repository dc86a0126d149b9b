import { describe, expect, it } from "vitest";
import {
  encodeFloat32Base64,
  fromOpenAIEmbeddingsRequest,
  type OpenAIRequestError,
  type ParsedEmbeddingsRequest,
  toOpenAIEmbeddingsResponse,
} from "../../src/openai-api/index.js";

function parse(body: unknown): ParsedEmbeddingsRequest {
  const result = fromOpenAIEmbeddingsRequest(body);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function reject(
  body: unknown,
  limits?: { maxInputs: number; maxInputChars: number },
): OpenAIRequestError {
  const result = fromOpenAIEmbeddingsRequest(body, limits);
  if (result.ok) throw new Error("expected a validation failure");
  return result.error;
}

/** What the official SDK does with a base64 embedding (`toFloat32Array` in its `internal/utils/base64`). */
function decodeLikeTheSdk(base64: string): number[] {
  const buf = Buffer.from(base64, "base64");
  return Array.from(
    new Float32Array(buf.buffer, buf.byteOffset, buf.length / Float32Array.BYTES_PER_ELEMENT),
  );
}

describe("fromOpenAIEmbeddingsRequest", () => {
  it("maps a request; float is the default encoding", () => {
    expect(parse({ model: "e", input: "hello" })).toStrictEqual({
      model: "e",
      request: { input: "hello" },
      encodingFormat: "float",
    });
    expect(
      parse({
        model: "e",
        input: ["a", "b"],
        encoding_format: "base64",
        dimensions: 256,
        user: "u",
        provider_options: { cohere: { input_type: "search_query" } },
      }),
    ).toStrictEqual({
      model: "e",
      request: {
        input: ["a", "b"],
        dimensions: 256,
        user: "u",
        providerOptions: { cohere: { input_type: "search_query" } },
      },
      encodingFormat: "base64",
    });
    expect(
      parse({ model: "e", input: "x", encoding_format: null, dimensions: null }).encodingFormat,
    ).toBe("float");
  });

  it.each<[string, unknown, string, string | null]>([
    ["a missing model", { input: "x" }, "model: is required", "model"],
    ["a missing input", { model: "e" }, "input: is required", "input"],
    ["an empty string", { model: "e", input: "" }, "input: must not be empty", "input"],
    ["an empty array", { model: "e", input: [] }, "input: must not be empty", "input"],
    [
      "an empty string in the array",
      { model: "e", input: ["a", ""] },
      "input[1]: must not be an empty string",
      "input[1]",
    ],
    [
      "a non-string in the array",
      { model: "e", input: ["a", {}] },
      "input[1]: expected a string",
      "input[1]",
    ],
    [
      "token ids",
      { model: "e", input: [1, 2, 3] },
      "input: arrays of token ids are not supported: send the text as a string or an array of strings",
      "input",
    ],
    [
      "arrays of token ids",
      { model: "e", input: [[1, 2], [3]] },
      "input: arrays of token ids are not supported: send the text as a string or an array of strings",
      "input",
    ],
    [
      "an object input",
      { model: "e", input: { text: "x" } },
      "input: expected a string or an array of strings",
      "input",
    ],
    [
      "an unknown encoding",
      { model: "e", input: "x", encoding_format: "int8" },
      'encoding_format: expected one of "float", "base64"',
      "encoding_format",
    ],
    [
      "zero dimensions",
      { model: "e", input: "x", dimensions: 0 },
      "dimensions: must be > 0",
      "dimensions",
    ],
    [
      "an unknown key",
      { model: "e", input: "x", truncate: "END" },
      "truncate: unrecognized request argument",
      "truncate",
    ],
  ])("rejects %s, naming the field", (_name, body, message, param) => {
    const error = reject(body);
    expect(error).toMatchObject({ status: 400, message, param });
  });

  it("codes a missing input like any missing parameter", () => {
    expect(reject({ model: "e" }).code).toBe("missing_required_parameter");
    expect(reject({ model: "e", input: 5 }).code).toBe("invalid_value");
  });

  it("enforces input limits", () => {
    const limits = { maxInputs: 2, maxInputChars: 5 };
    expect(reject({ model: "e", input: ["a", "b", "c"] }, limits)).toStrictEqual({
      status: 400,
      message: "input: 3 inputs exceed the limit of 2",
      param: "input",
      code: "too_many_inputs",
    });
    expect(reject({ model: "e", input: ["abc", "def"] }, limits)).toStrictEqual({
      status: 400,
      message: "input: 6 characters exceed the limit of 5",
      param: "input",
      code: "content_too_large",
    });
    expect(fromOpenAIEmbeddingsRequest({ model: "e", input: "abcde" }, limits).ok).toBe(true);
  });
});

describe("toOpenAIEmbeddingsResponse", () => {
  const res = {
    provider: "p",
    model: "text-embedding-3-small",
    embeddings: [
      [0.5, -1.25, 1e-7],
      [2.71, 0, -2e20],
    ],
    usage: { promptTokens: 6, totalTokens: 6 },
  };

  it("returns float vectors in OpenAI's list shape", () => {
    expect(
      toOpenAIEmbeddingsResponse(res, { model: "gw/embed", encodingFormat: "float" }),
    ).toStrictEqual({
      object: "list",
      data: [
        { object: "embedding", index: 0, embedding: [0.5, -1.25, 1e-7] },
        { object: "embedding", index: 1, embedding: [2.71, 0, -2e20] },
      ],
      model: "gw/embed",
      usage: { prompt_tokens: 6, total_tokens: 6 },
    });
  });

  it("returns base64 little-endian float32 that decodes back to the same floats", () => {
    const out = toOpenAIEmbeddingsResponse(res, { model: "m", encodingFormat: "base64" });
    for (const [i, item] of out.data.entries()) {
      expect(typeof item.embedding).toBe("string");
      expect(decodeLikeTheSdk(item.embedding as string)).toStrictEqual(
        res.embeddings[i]!.map(Math.fround),
      );
    }
  });

  it("writes little-endian bytes, whatever the platform", () => {
    const bytes = Buffer.from(encodeFloat32Base64([1]), "base64");
    expect([...bytes]).toStrictEqual([0x00, 0x00, 0x80, 0x3f]);
    expect(encodeFloat32Base64([])).toBe("");
  });

  it("reports zero usage when the provider gave none, since OpenAI's usage is not optional", () => {
    const { usage: _, ...noUsage } = res;
    expect(
      toOpenAIEmbeddingsResponse(noUsage, { model: "m", encodingFormat: "float" }).usage,
    ).toStrictEqual({
      prompt_tokens: 0,
      total_tokens: 0,
    });
  });
});
