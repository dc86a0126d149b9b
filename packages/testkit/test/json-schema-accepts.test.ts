import { describe, expect, it } from "vitest";
import { jsonSchemaAccepts, type SettingsJsonSchema } from "../src/json-schema-accepts.js";

const schema: SettingsJsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["name"],
  properties: {
    name: { type: "string", minLength: 1, pattern: "^[a-z]+$" },
    attempts: { type: "integer", minimum: 1, maximum: 10 },
    ratio: { type: "number" },
    on: { type: "boolean" },
    mode: { type: "string", enum: ["a", "b"] },
    tags: { type: "array", items: { type: "string" } },
    any: {},
    list: { type: "array" },
    nested: { type: "object", properties: { x: { type: "integer" } } },
  },
};

describe("jsonSchemaAccepts", () => {
  it.each([
    [{ name: "ok" }, true],
    [{ name: "ok", attempts: 1, ratio: 0.5, on: false, mode: "b", tags: ["t"] }, true],
    [{ name: "ok", any: [1], list: [1, "x"], nested: { x: 1, y: "free" } }, true],
    [{}, false],
    [{ name: "" }, false],
    [{ name: "UP" }, false],
    [{ name: 1 }, false],
    [{ name: "ok", attempts: 1.5 }, false],
    [{ name: "ok", attempts: 0 }, false],
    [{ name: "ok", attempts: 11 }, false],
    [{ name: "ok", ratio: "1" }, false],
    [{ name: "ok", on: "yes" }, false],
    [{ name: "ok", mode: "c" }, false],
    [{ name: "ok", tags: "t" }, false],
    [{ name: "ok", tags: [1] }, false],
    [{ name: "ok", nested: [] }, false],
    [{ name: "ok", nested: { x: "1" } }, false],
    [{ name: "ok", extra: 1 }, false],
    [null, false],
    [["name"], false],
  ])("%j: %s", (value, accepted) => {
    expect(jsonSchemaAccepts(schema, value)).toBe(accepted);
  });

  it("accepts anything under an empty or missing schema", () => {
    expect(jsonSchemaAccepts(undefined, 1)).toBe(true);
    expect(jsonSchemaAccepts({ type: "object" }, { any: 1 })).toBe(true);
  });
});
