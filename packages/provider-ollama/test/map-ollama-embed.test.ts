import { describe, expect, it } from "vitest";
import { mapOllamaEmbedResponse, toOllamaEmbedRequest } from "../src/map-ollama-embed.js";

describe("toOllamaEmbedRequest", () => {
  it("maps input and dimensions, and drops user", () => {
    expect(
      toOllamaEmbedRequest({ input: ["a", "b"], dimensions: 256, user: "u" }, "nomic-embed-text"),
    ).toEqual({ model: "nomic-embed-text", input: ["a", "b"], dimensions: 256 });
  });

  it("applies keep-alive from settings under providerOptions, which never override model or input", () => {
    expect(toOllamaEmbedRequest({ input: "a" }, "m", { keepAlive: "1m" })).toEqual({
      model: "m",
      input: "a",
      keep_alive: "1m",
    });
    expect(
      toOllamaEmbedRequest(
        { input: "a" },
        "m",
        { keepAlive: "1m" },
        {
          keep_alive: 0,
          truncate: false,
          model: "evil",
          input: "evil",
        },
      ),
    ).toEqual({ model: "m", input: "a", keep_alive: 0, truncate: false });
  });
});

describe("mapOllamaEmbedResponse", () => {
  it("maps vectors in order, with the prompt tokens as usage", () => {
    expect(
      mapOllamaEmbedResponse(
        {
          model: "all-minilm",
          embeddings: [
            [0.1, 0.2],
            [0.3, 0.4],
          ],
          total_duration: 14_143_917,
          load_duration: 1_019_500,
          prompt_eval_count: 8,
        },
        "requested",
      ),
    ).toEqual({
      provider: "ollama",
      model: "all-minilm",
      embeddings: [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
      usage: { promptTokens: 8, totalTokens: 8 },
    });
  });

  it("tolerates a reply without model, vectors or counts", () => {
    expect(mapOllamaEmbedResponse({}, "requested")).toEqual({
      provider: "ollama",
      model: "requested",
      embeddings: [],
    });
  });
});
