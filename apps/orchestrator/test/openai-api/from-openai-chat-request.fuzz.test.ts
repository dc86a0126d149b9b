import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_CHAT_INPUT_LIMITS,
  fromOpenAIChatRequest,
  fromOpenAIEmbeddingsRequest,
} from "../../src/openai-api/index.js";

const limits = { maxMessages: 50, maxContentChars: 100_000 };
const nonEmpty = fc.string({ minLength: 1, maxLength: 12 });
const textPart = fc.record({ type: fc.constant("text"), text: fc.string() });
const textContent = fc.oneof(fc.string(), fc.array(textPart, { minLength: 1, maxLength: 3 }));
const imagePart = fc.record({
  type: fc.constant("image_url"),
  image_url: fc.record(
    {
      url: fc.oneof(
        fc.webUrl(),
        fc
          .tuple(fc.constantFrom("image/png", "image/jpeg"), fc.base64String({ minLength: 4 }))
          .map(([type, data]) => `data:${type};base64,${data}`),
      ),
      detail: fc.constantFrom("auto", "low", "high"),
    },
    { requiredKeys: ["url"] },
  ),
});
const toolCall = fc.record({
  id: nonEmpty,
  type: fc.constant("function"),
  function: fc.record({
    name: nonEmpty,
    arguments: fc
      .dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 })
      .map((o) => JSON.stringify(o)),
  }),
});

/** Bodies every OpenAI client could send; all must be accepted. */
const validBody = fc.record(
  {
    model: nonEmpty,
    messages: fc.array(
      fc.oneof(
        fc.record({ role: fc.constantFrom("system", "developer"), content: textContent }),
        fc.record(
          {
            role: fc.constant("user"),
            content: fc.oneof(
              fc.string(),
              fc.array(fc.oneof(textPart, imagePart), { minLength: 1, maxLength: 3 }),
            ),
            name: nonEmpty,
          },
          { requiredKeys: ["role", "content"] },
        ),
        fc.record({ role: fc.constant("assistant"), content: fc.string() }),
        fc.record({
          role: fc.constant("assistant"),
          content: fc.constant(null),
          tool_calls: fc.array(toolCall, { minLength: 1, maxLength: 2 }),
        }),
        fc.record({ role: fc.constant("tool"), tool_call_id: nonEmpty, content: textContent }),
      ),
      { minLength: 1, maxLength: 5 },
    ),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    top_p: fc.double({ min: 0, max: 1, noNaN: true }),
    max_tokens: fc.integer({ min: 1, max: 1_000_000 }),
    max_completion_tokens: fc.integer({ min: 1, max: 1_000_000 }),
    stop: fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 4 })),
    seed: fc.integer(),
    user: fc.string(),
    stream: fc.boolean(),
    tool_choice: fc.constantFrom("auto", "none"),
    response_format: fc.record({ type: fc.constantFrom("text", "json_object") }),
    frequency_penalty: fc.double({ min: -2, max: 2, noNaN: true }),
    metadata: fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
    provider_options: fc.dictionary(
      nonEmpty,
      fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 }),
      {
        maxKeys: 2,
      },
    ),
  },
  { requiredKeys: ["model", "messages"] },
);

type Json = unknown;

/** Every object and array inside `value`, itself included. */
function containers(value: Json, out: Array<Record<string, Json> | Json[]> = []) {
  if (typeof value === "object" && value !== null) {
    out.push(value as Record<string, Json>);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

/** Replaces one field somewhere in a valid body with arbitrary JSON, or adds one. */
const mutatedBody = fc
  .tuple(validBody, fc.nat(), fc.string(), fc.jsonValue(), fc.boolean())
  .map(([body, pick, key, value, addKey]) => {
    const targets = containers(body);
    const target = targets[pick % targets.length]!;
    if (Array.isArray(target)) {
      if (target.length > 0) target[pick % target.length] = value;
    } else {
      const keys = Object.keys(target);
      const name = addKey || keys.length === 0 ? key : keys[pick % keys.length]!;
      target[name] = value;
    }
    return body;
  });

describe("fromOpenAIChatRequest on generated bodies", () => {
  it("accepts every valid body, keeping one core message per input message", () => {
    fc.assert(
      fc.property(validBody, (body) => {
        const result = fromOpenAIChatRequest(body, limits);
        if (!result.ok) throw new Error(`${result.error.message}\n${JSON.stringify(body)}`);
        expect(result.value.request.messages).toHaveLength(body.messages.length);
        expect(result.value.model).toBe(body.model);
      }),
      { numRuns: 1_000 },
    );
  });

  it("never throws on a valid body with one field replaced, and names the field when it refuses", () => {
    fc.assert(
      fc.property(mutatedBody, (body) => {
        const result = fromOpenAIChatRequest(body, limits);
        if (!result.ok) {
          expect(result.error.status).toBe(400);
          if (result.error.param !== null) {
            expect(result.error.message.startsWith(`${result.error.param}: `)).toBe(true);
          }
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it("never throws on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        expect(typeof fromOpenAIChatRequest(body, DEFAULT_CHAT_INPUT_LIMITS).ok).toBe("boolean");
      }),
      { numRuns: 2_000 },
    );
  });

  it("never throws on arbitrary values, null prototypes and boxed strings included", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (body) => {
        expect(typeof fromOpenAIChatRequest(body, limits).ok).toBe("boolean");
      }),
      { numRuns: 1_000 },
    );
  });
});

describe("fromOpenAIEmbeddingsRequest on generated bodies", () => {
  it("never throws on arbitrary JSON", () => {
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record(
        { model: fc.jsonValue(), input: fc.jsonValue(), encoding_format: fc.jsonValue() },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(body, (value) => {
        expect(typeof fromOpenAIEmbeddingsRequest(value).ok).toBe("boolean");
      }),
      { numRuns: 1_000 },
    );
  });
});
