import type { ModelInfo } from "@oss-ai-agent-tool/core";

/**
 * Maps Anthropic model cards (`GET /v1/models`) to the contract's. Anthropic
 * makes every model it lists, so `ownedBy` is `anthropic`; cards without an
 * id are skipped. Pure.
 */
export function mapAnthropicModels(cards: ReadonlyArray<{ id?: unknown }>): ModelInfo[] {
  const models: ModelInfo[] = [];
  for (const card of cards) {
    if (typeof card.id === "string" && card.id.length > 0) {
      models.push({ id: card.id, ownedBy: "anthropic" });
    }
  }
  return models;
}
