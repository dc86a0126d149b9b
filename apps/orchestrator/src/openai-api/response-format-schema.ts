import type { ResponseFormat } from "@oss-ai-agent-tool/core";
import { z } from "zod";

type JsonSchemaFormat = Extract<ResponseFormat, { type: "json_schema" }>;

/**
 * `response_format` → core {@link ResponseFormat}. A `json_schema` without a
 * schema asks for some JSON object; core needs a schema, so it gets
 * `{ "type": "object" }`, the one root every provider's structured output accepts.
 */
export const responseFormatSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }).transform((): ResponseFormat => ({ type: "text" })),
  z
    .object({ type: z.literal("json_object") })
    .transform((): ResponseFormat => ({ type: "json_object" })),
  z
    .object({
      type: z.literal("json_schema"),
      json_schema: z.object({
        name: z.string().min(1),
        schema: z.record(z.string(), z.unknown()).nullish(),
        description: z.string().nullish(),
        strict: z.boolean().nullish(),
      }),
    })
    .transform((value): ResponseFormat => {
      const spec = value.json_schema;
      const format: JsonSchemaFormat = {
        type: "json_schema",
        name: spec.name,
        schema: spec.schema ?? { type: "object" },
      };
      if (spec.description != null) format.description = spec.description;
      if (spec.strict != null) format.strict = spec.strict;
      return format;
    }),
]);
