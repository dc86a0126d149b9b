import type { ModelList } from "@mistralai/mistralai/models/components";
import type { ModelInfo } from "@oss-ai-agent-tool/core";

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" && field.length > 0 ? field : undefined;
}

/**
 * Maps Mistral's model list. Base and fine-tuned cards carry `id` and
 * `ownedBy`; a card of a type this SDK does not know is read from its raw
 * JSON, so a new model type does not hide the model. Pure.
 */
export function mapMistralModels(list: ModelList): ModelInfo[] {
  const models: ModelInfo[] = [];
  for (const card of list.data ?? []) {
    const source = "isUnknown" in card ? card.raw : card;
    const id = stringField(source, "id");
    if (!id) continue;
    const ownedBy = stringField(source, "ownedBy") ?? stringField(source, "owned_by");
    models.push({ id, ...(ownedBy ? { ownedBy } : {}) });
  }
  return models;
}
