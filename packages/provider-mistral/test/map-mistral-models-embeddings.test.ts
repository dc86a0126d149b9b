import type { ModelList } from "@mistralai/mistralai/models/components";
import { describe, expect, it } from "vitest";
import { mapMistralEmbeddings, mapMistralModels } from "../src/index.js";

const capabilities = {
  completionChat: true,
  functionCalling: true,
  reasoning: false,
  completionFim: false,
  fineTuning: false,
  vision: false,
  ocr: false,
  classification: false,
  moderation: false,
  audio: false,
  audioTranscription: false,
  audioTranscriptionRealtime: false,
  audioSpeech: false,
  unifiedResources: false,
};

describe("mapMistralModels", () => {
  it("maps base and unknown-type cards, skipping those without an id", () => {
    const list = {
      object: "list",
      data: [
        {
          id: "mistral-small-latest",
          object: "model",
          ownedBy: "mistralai",
          capabilities,
          maxContextLength: 131072,
          internal: false,
          type: "base",
        },
        { type: "UNKNOWN", isUnknown: true, raw: { id: "new-kind-1", owned_by: "acme" } },
        { type: "UNKNOWN", isUnknown: true, raw: { id: "" } },
        { type: "UNKNOWN", isUnknown: true, raw: "garbage" },
      ],
    } as unknown as ModelList;
    expect(mapMistralModels(list)).toEqual([
      { id: "mistral-small-latest", ownedBy: "mistralai" },
      { id: "new-kind-1", ownedBy: "acme" },
    ]);
  });

  it("returns an empty list when the reply has no data", () => {
    expect(mapMistralModels({ object: "list" })).toEqual([]);
  });
});

describe("mapMistralEmbeddings", () => {
  it("orders vectors by index and maps usage", () => {
    expect(
      mapMistralEmbeddings(
        {
          id: "e-1",
          object: "list",
          model: "mistral-embed",
          usage: { promptTokens: 4, totalTokens: 4, completionTokens: 0 },
          data: [
            { object: "embedding", embedding: [0.4], index: 1 },
            { object: "embedding", embedding: [0.1], index: 0 },
          ],
        },
        "mistral",
      ),
    ).toEqual({
      provider: "mistral",
      model: "mistral-embed",
      embeddings: [[0.1], [0.4]],
      usage: { promptTokens: 4, totalTokens: 4 },
    });
  });

  it("falls back to position and to prompt tokens when fields are missing", () => {
    expect(
      mapMistralEmbeddings(
        {
          id: "e-2",
          object: "list",
          model: "m",
          usage: { promptTokens: 2 },
          data: [{}, { embedding: [1] }],
        },
        "mistral",
      ),
    ).toEqual({
      provider: "mistral",
      model: "m",
      embeddings: [[], [1]],
      usage: { promptTokens: 2, totalTokens: 2 },
    });
    expect(
      mapMistralEmbeddings(
        { id: "e-3", object: "list", model: "m", usage: {}, data: [] },
        "mistral",
      ).usage,
    ).toEqual({ promptTokens: 0, totalTokens: 0 });
  });
});
