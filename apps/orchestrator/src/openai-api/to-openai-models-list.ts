/** A model the gateway can route to, as the router knows it. */
export interface ListedModel {
  /** The id a client sends as `model`, e.g. `openai/gpt-4o` or an alias. */
  id: string;
  /** Owner or family; usually the provider id. */
  ownedBy?: string;
}

/** One entry of OpenAI's `GET /v1/models`. */
export interface OpenAIModel {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

/** OpenAI's `GET /v1/models` response. */
export interface OpenAIModelsList {
  object: "list";
  data: OpenAIModel[];
}

/** How {@link toOpenAIModelsList} fills what the router does not know. */
export interface ToOpenAIModelsListOptions {
  /**
   * Unix time in seconds for every entry. Providers rarely report one; a
   * fixed time (the gateway's start) keeps the list stable between calls.
   */
  created: number;
  /** `owned_by` for models without an owner. Defaults to `"oaat"`. */
  defaultOwnedBy?: string;
}

/** The router's models → OpenAI's models list. */
export function toOpenAIModelsList(
  models: readonly ListedModel[],
  opts: ToOpenAIModelsListOptions,
): OpenAIModelsList {
  const owner = opts.defaultOwnedBy ?? "oaat";
  const data = new Array<OpenAIModel>(models.length);
  for (let i = 0; i < models.length; i++) {
    const model = models[i]!;
    data[i] = {
      id: model.id,
      object: "model",
      created: opts.created,
      owned_by: model.ownedBy ?? owner,
    };
  }
  return { object: "list", data };
}
