import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { sharedFixturesDir } from "@oss-ai-agent-tool/testkit";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { parse } from "yaml";

/** Where the shared OpenAI OpenAPI spec is, or why it cannot be used. */
export function openAPISpecLocation(): { path?: string; skipReason?: string } {
  const fixtures = sharedFixturesDir();
  if (!fixtures) {
    return {
      skipReason:
        "the OpenAI OpenAPI spec lives in ../shared/specs, which is absent beside this checkout (set OAAT_SHARED_DIR to use it)",
    };
  }
  const path = join(dirname(fixtures), "specs", "openai-openapi.yaml");
  if (!existsSync(path)) return { skipReason: `the OpenAI OpenAPI spec is not at ${path}` };
  return { path };
}

// Keywords whose value is a map of names to schemas: the names are data, not keywords.
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions"]);

/**
 * Turns the spec's OpenAPI dialect into plain JSON Schema 2020-12. The spec
 * is OpenAPI 3.1 but still uses 3.0's `nullable: true` in places: that
 * becomes `anyOf [schema, {type: "null"}]`, which also works where the
 * schema has no `type` (Ajv's own `nullable` support needs one).
 * `discriminator` only selects among `oneOf` branches that already exclude
 * each other by their `type` enum, so it is dropped; `x-*` extensions and
 * `example` are annotations.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== "object" || node === null) return node;
  const source = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === "nullable" || key === "discriminator" || key === "example" || key.startsWith("x-"))
      continue;
    if (
      SCHEMA_MAPS.has(key) &&
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value)
    ) {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, schema]) => [
          name,
          toJsonSchema(schema),
        ]),
      );
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  return source.nullable === true ? { anyOf: [out, { type: "null" }] } : out;
}

/** Validators for request bodies, compiled from the spec's `components.schemas`. */
export function compileRequestValidators(specPath: string): {
  chat: ValidateFunction;
  embeddings: ValidateFunction;
} {
  const spec = parse(readFileSync(specPath, "utf8")) as { components: { schemas: unknown } };
  // strict: false, because the spec carries OpenAPI-only keywords Ajv does not know;
  // formats are documentation here, and no format plugin is installed.
  const ajv = new Ajv2020({
    strict: false,
    validateFormats: false,
    validateSchema: false,
    allErrors: true,
  });
  ajv.addSchema({
    $id: "openai-openapi",
    components: { schemas: toJsonSchema(spec.components.schemas) },
  });
  return {
    chat: ajv.compile({ $ref: "openai-openapi#/components/schemas/CreateChatCompletionRequest" }),
    embeddings: ajv.compile({ $ref: "openai-openapi#/components/schemas/CreateEmbeddingRequest" }),
  };
}
