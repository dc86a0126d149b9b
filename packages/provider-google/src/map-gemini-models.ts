import type { Model } from "@google/genai";
import type { ModelInfo } from "@oss-ai-agent-tool/core";

/**
 * Maps Gemini model cards to the contract's: the id is the card's `name`
 * without its `models/` prefix (what requests name), owned by `google`;
 * cards without a name are skipped. Pure.
 */
export function mapGeminiModels(models: readonly Model[]): ModelInfo[] {
  return models.flatMap((model) => {
    const id = model.name?.replace(/^models\//, "");
    return id ? [{ id, ownedBy: "google" }] : [];
  });
}
