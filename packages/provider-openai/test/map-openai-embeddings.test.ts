import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeOpenAIEmbedding, mapOpenAIEmbeddings } from "../src/index.js";

const toBase64 = (values: number[]) =>
  Buffer.from(new Float32Array(values).buffer).toString("base64");

describe("decodeOpenAIEmbedding", () => {
  it("returns a float list as is", () => {
    const vector = [0.5, -0.25];
    expect(decodeOpenAIEmbedding(vector)).toBe(vector);
  });

  it("decodes base64 little-endian float32", () => {
    expect(decodeOpenAIEmbedding(toBase64([1, -2.5, 0.125]))).toEqual([1, -2.5, 0.125]);
    expect(decodeOpenAIEmbedding("")).toEqual([]);
  });

  it("refuses base64 that is not whole float32 values", () => {
    expect(() => decodeOpenAIEmbedding(Buffer.from([1, 2, 3]).toString("base64"))).toThrow(
      /whole float32 values/,
    );
  });

  it("round-trips any float32 vector (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true })), (values) => {
        const float32 = Array.from(new Float32Array(values));
        expect(decodeOpenAIEmbedding(toBase64(float32))).toEqual(float32);
      }),
    );
  });
});

describe("mapOpenAIEmbeddings", () => {
  it("orders vectors by index, decodes each by its shape, and maps usage", () => {
    expect(
      mapOpenAIEmbeddings(
        {
          model: "text-embedding-3-small",
          data: [
            { index: 1, embedding: toBase64([0.5]) },
            { index: 0, embedding: [0.25] },
          ],
          usage: { prompt_tokens: 3, total_tokens: 3 },
        },
        "openai",
        "asked",
      ),
    ).toEqual({
      provider: "openai",
      model: "text-embedding-3-small",
      embeddings: [[0.25], [0.5]],
      usage: { promptTokens: 3, totalTokens: 3 },
    });
  });

  it("falls back to the requested model and leaves out missing usage", () => {
    const res = mapOpenAIEmbeddings({ data: [{ embedding: [1] }], usage: null }, "x", "asked");
    expect(res).toEqual({ provider: "x", model: "asked", embeddings: [[1]] });
    expect(mapOpenAIEmbeddings({ data: [], usage: { prompt_tokens: 2 } }, "x", "m").usage).toEqual({
      promptTokens: 2,
      totalTokens: 2,
    });
  });
});
