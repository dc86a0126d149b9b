import type { ChatRequest } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import { toOpenAIModelsList, withPassthroughOptions } from "../../src/openai-api/index.js";

describe("toOpenAIModelsList", () => {
  it("lists models in OpenAI's shape with a fallback owner", () => {
    expect(
      toOpenAIModelsList([{ id: "openai/gpt-4o", ownedBy: "openai" }, { id: "fast" }], {
        created: 1_700_000_000,
      }),
    ).toStrictEqual({
      object: "list",
      data: [
        { id: "openai/gpt-4o", object: "model", created: 1_700_000_000, owned_by: "openai" },
        { id: "fast", object: "model", created: 1_700_000_000, owned_by: "oaat" },
      ],
    });
    expect(
      toOpenAIModelsList([{ id: "x" }], { created: 0, defaultOwnedBy: "gateway" }).data[0]!
        .owned_by,
    ).toBe("gateway");
    expect(toOpenAIModelsList([], { created: 0 })).toStrictEqual({ object: "list", data: [] });
  });
});

describe("withPassthroughOptions", () => {
  const request: Omit<ChatRequest, "model"> = {
    messages: [{ role: "user", content: "x" }],
    providerOptions: { openai: { logprobs: false, store: true }, other: { a: 1 } },
  };

  it("returns the request itself when nothing was passed through", () => {
    expect(withPassthroughOptions(request, "openai", {})).toBe(request);
  });

  it("adds the parameters under the chosen provider; explicit provider_options win; the input is untouched", () => {
    const out = withPassthroughOptions(request, "openai", { logprobs: true, top_logprobs: 2 });
    expect(out.providerOptions).toStrictEqual({
      openai: { logprobs: false, top_logprobs: 2, store: true },
      other: { a: 1 },
    });
    expect(request.providerOptions!.openai).toStrictEqual({ logprobs: false, store: true });
    const bare: ChatRequest = { model: "llama", messages: [] };
    const fresh = withPassthroughOptions(bare, "groq", { seed_like: 1 });
    expect(fresh.model).toBe("llama");
    expect(fresh.providerOptions).toStrictEqual({ groq: { seed_like: 1 } });
  });
});
