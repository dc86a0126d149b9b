import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  convertJsonSchemaToGemini,
  GEMINI_SCHEMA_KEYS,
  type GeminiSchema,
  SchemaConversionError,
  toGeminiParameters,
} from "../src/index.js";

type Json = Record<string, unknown>;

/** Every schema node of a converted schema, with its path. */
function* nodes(schema: GeminiSchema, path = "#"): Generator<[string, GeminiSchema]> {
  yield [path, schema];
  if (schema.items) yield* nodes(schema.items, `${path}/items`);
  for (const [name, sub] of Object.entries(schema.properties ?? {}))
    yield* nodes(sub, `${path}/properties/${name}`);
  for (const [i, sub] of (schema.anyOf ?? []).entries()) yield* nodes(sub, `${path}/anyOf/${i}`);
}

/** Fails when any node carries a key Gemini's Schema message has no field for, or an invalid combination. */
function expectGeminiSafe(schema: GeminiSchema): void {
  for (const [path, node] of nodes(schema)) {
    for (const key of Object.keys(node)) {
      expect(GEMINI_SCHEMA_KEYS.has(key), `${path} has key ${key}`).toBe(true);
    }
    // The SDK throws on both at once, and Gemini has no NULL-only type.
    expect(node.type !== undefined && node.anyOf !== undefined, `${path}: type and anyOf`).toBe(
      false,
    );
    expect(node.type as string | undefined).not.toBe("NULL");
    if (node.enum) expect(node.type).toBe("STRING");
    for (const name of node.required ?? []) expect(node.properties).toHaveProperty([name]);
  }
}

function propertyNames(schema: GeminiSchema): Set<string> {
  const names = new Set<string>();
  for (const [, node] of nodes(schema))
    for (const name of Object.keys(node.properties ?? {})) names.add(name);
  return names;
}

describe("convertJsonSchemaToGemini: keywords Gemini rejects", () => {
  it("drops additionalProperties, $schema, $id, $comment, uniqueItems and the other unknown keywords, at every depth", () => {
    const out = convertJsonSchemaToGemini({
      $schema: "http://json-schema.org/draft-07/schema#",
      $id: "urn:tool",
      $comment: "internal",
      type: "object",
      additionalProperties: false,
      properties: {
        tags: {
          type: "array",
          uniqueItems: true,
          contains: { type: "string" },
          items: {
            type: "object",
            additionalProperties: { type: "string" },
            propertyNames: { pattern: "^a" },
          },
        },
        count: { type: "integer", multipleOf: 2, exclusiveMinimum: 0, exclusiveMaximum: 10 },
        mode: { type: "string", not: { const: "x" }, readOnly: true, deprecated: true },
      },
      patternProperties: { "^x-": { type: "string" } },
      unevaluatedProperties: false,
      if: { required: ["a"] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
      then: { required: ["b"] },
      dependentRequired: { a: ["b"] },
    });
    expect(out).toEqual({
      type: "OBJECT",
      properties: {
        tags: { type: "ARRAY", items: { type: "OBJECT" } },
        count: { type: "INTEGER", minimum: 0, maximum: 10 },
        mode: { type: "STRING" },
      },
    });
    expectGeminiSafe(out);
  });

  it("keeps the keywords Gemini has fields for", () => {
    const out = convertJsonSchemaToGemini({
      type: "object",
      title: "Query",
      description: "A search",
      properties: {
        q: { type: "string", minLength: 1, maxLength: 100, pattern: "^\\w+$", default: "x" },
        n: { type: "number", minimum: 0.5, maximum: 9.5, example: 3, format: "double" },
        list: { type: "array", items: { type: "boolean" }, minItems: 1, maxItems: 3 },
        obj: {
          type: "object",
          properties: { a: { type: "string" } },
          minProperties: 1,
          maxProperties: 2,
        },
      },
      required: ["q"],
    });
    expect(out).toEqual({
      type: "OBJECT",
      title: "Query",
      description: "A search",
      properties: {
        q: { type: "STRING", minLength: 1, maxLength: 100, pattern: "^\\w+$", default: "x" },
        n: { type: "NUMBER", minimum: 0.5, maximum: 9.5, example: 3, format: "double" },
        list: { type: "ARRAY", items: { type: "BOOLEAN" }, minItems: 1, maxItems: 3 },
        obj: {
          type: "OBJECT",
          properties: { a: { type: "STRING" } },
          minProperties: 1,
          maxProperties: 2,
        },
      },
      required: ["q"],
    });
  });

  it("drops formats Gemini rejects and keeps the ones it accepts for the type", () => {
    const out = convertJsonSchemaToGemini({
      type: "object",
      properties: {
        url: { type: "string", format: "uri" },
        email: { type: "string", format: "email" },
        when: { type: "string", format: "date-time" },
        day: { type: "string", format: "date" },
        big: { type: "integer", format: "int64" },
        odd: { type: "integer", format: "date-time" },
      },
    });
    expect(out.properties).toEqual({
      url: { type: "STRING" },
      email: { type: "STRING" },
      when: { type: "STRING", format: "date-time" },
      day: { type: "STRING" },
      big: { type: "INTEGER", format: "int64" },
      odd: { type: "INTEGER" },
    });
  });

  it("keeps only required names that are properties, once", () => {
    const out = convertJsonSchemaToGemini({
      type: "object",
      properties: { a: { type: "string" } },
      required: ["a", "ghost", "a", 3],
    });
    expect(out.required).toEqual(["a"]);
  });

  it("uses the first of `examples` as the example and ignores a null default", () => {
    expect(
      convertJsonSchemaToGemini({ type: "string", examples: ["x", "y"], default: null }),
    ).toEqual({ type: "STRING", example: "x" });
  });
});

describe("convertJsonSchemaToGemini: types and nullability", () => {
  it('turns type ["string", "null"] into STRING + nullable', () => {
    expect(convertJsonSchemaToGemini({ type: ["string", "null"], description: "d" })).toEqual({
      type: "STRING",
      description: "d",
      nullable: true,
    });
  });

  it("turns several non-null types into anyOf, each with its own keywords", () => {
    const out = convertJsonSchemaToGemini({
      type: ["string", "array", "null"],
      items: { type: "integer" },
      minLength: 2,
      description: "one or many",
    });
    expect(out).toEqual({
      anyOf: [
        { type: "STRING", minLength: 2 },
        { type: "ARRAY", items: { type: "INTEGER" } },
      ],
      description: "one or many",
      nullable: true,
    });
    expectGeminiSafe(out);
  });

  it("infers OBJECT and ARRAY from properties and items when type is missing", () => {
    expect(convertJsonSchemaToGemini({ properties: { a: { items: { type: "string" } } } })).toEqual(
      {
        type: "OBJECT",
        properties: { a: { type: "ARRAY", items: { type: "STRING" } } },
      },
    );
  });

  it("leaves a schema that says nothing untyped, and reads nullable: true", () => {
    expect(convertJsonSchemaToGemini({ description: "anything" })).toEqual({
      description: "anything",
    });
    expect(convertJsonSchemaToGemini({ type: "string", nullable: true })).toEqual({
      type: "STRING",
      nullable: true,
    });
  });

  it("turns a tuple (items array or prefixItems) into items of anyOf", () => {
    expect(
      convertJsonSchemaToGemini({ type: "array", items: [{ type: "string" }, { type: "number" }] }),
    ).toEqual({ type: "ARRAY", items: { anyOf: [{ type: "STRING" }, { type: "NUMBER" }] } });
    expect(convertJsonSchemaToGemini({ type: "array", prefixItems: [{ type: "string" }] })).toEqual(
      { type: "ARRAY", items: { type: "STRING" } },
    );
  });

  it("maps boolean and non-object schemas to an empty schema", () => {
    expect(convertJsonSchemaToGemini(true)).toEqual({});
    expect(convertJsonSchemaToGemini(null)).toEqual({});
    expect(
      convertJsonSchemaToGemini({ type: "object", properties: { a: true, b: false } }),
    ).toEqual({ type: "OBJECT", properties: { a: {}, b: {} } });
  });
});

describe("convertJsonSchemaToGemini: enum and const", () => {
  it("turns const into a one-value enum", () => {
    expect(convertJsonSchemaToGemini({ const: "fixed" })).toEqual({
      type: "STRING",
      enum: ["fixed"],
    });
  });

  it("keeps string enums, with null as nullable", () => {
    expect(convertJsonSchemaToGemini({ type: ["string", "null"], enum: ["c", "f", null] })).toEqual(
      { type: "STRING", enum: ["c", "f"], nullable: true },
    );
  });

  it("moves non-string enum values into the description, keeping the type", () => {
    expect(
      convertJsonSchemaToGemini({ type: "integer", enum: [1, 2, 3], description: "Level" }),
    ).toEqual({ type: "INTEGER", description: "Level (allowed values: 1, 2, 3)" });
    expect(convertJsonSchemaToGemini({ const: 2.5 })).toEqual({
      type: "NUMBER",
      description: "allowed values: 2.5",
    });
    expect(convertJsonSchemaToGemini({ enum: [true] })).toEqual({
      type: "BOOLEAN",
      description: "allowed values: true",
    });
    expect(convertJsonSchemaToGemini({ enum: ["a", 1] })).toEqual({
      description: 'allowed values: "a", 1',
    });
  });
});

describe("convertJsonSchemaToGemini: anyOf, oneOf, allOf", () => {
  it("turns a nullable union (zod .nullable()) into the branch + nullable, keeping the description", () => {
    expect(
      convertJsonSchemaToGemini({
        description: "maybe a list",
        anyOf: [{ type: "array", items: { type: "string" } }, { type: "null" }],
      }),
    ).toEqual({
      type: "ARRAY",
      items: { type: "STRING" },
      description: "maybe a list",
      nullable: true,
    });
  });

  it("sends oneOf as anyOf without a type next to it", () => {
    const out = convertJsonSchemaToGemini({
      type: "object",
      description: "shape",
      oneOf: [
        { type: "object", properties: { r: { type: "number" } }, required: ["r"] },
        { type: "object", properties: { w: { type: "number" } } },
      ],
    });
    expect(out).toEqual({
      description: "shape",
      anyOf: [
        { type: "OBJECT", properties: { r: { type: "NUMBER" } }, required: ["r"] },
        { type: "OBJECT", properties: { w: { type: "NUMBER" } } },
      ],
    });
    expectGeminiSafe(out);
  });

  it("applies the parent's keywords to each branch, merging properties", () => {
    const out = convertJsonSchemaToGemini({
      type: "object",
      properties: { kind: { type: "string" } },
      required: ["kind"],
      anyOf: [
        { properties: { a: { type: "string" } }, required: ["a"] },
        { type: "object", properties: { b: { type: "integer" } } },
      ],
    });
    expect(out).toEqual({
      anyOf: [
        {
          type: "OBJECT",
          properties: { kind: { type: "STRING" }, a: { type: "STRING" } },
          required: ["kind", "a"],
        },
        {
          type: "OBJECT",
          properties: { kind: { type: "STRING" }, b: { type: "INTEGER" } },
          required: ["kind"],
        },
      ],
    });
  });

  it("drops a union of bare constraints next to a described parent, keeping its properties", () => {
    expect(
      convertJsonSchemaToGemini({
        type: "object",
        properties: { a: { type: "string" }, b: { type: "string" } },
        anyOf: [{ required: ["a"] }, { required: ["b"] }],
      }),
    ).toEqual({ type: "OBJECT", properties: { a: { type: "STRING" }, b: { type: "STRING" } } });
  });

  it("treats a union of only null as nullable", () => {
    expect(convertJsonSchemaToGemini({ anyOf: [{ type: "null" }] })).toEqual({ nullable: true });
  });

  it("merges allOf branches (properties and required add up)", () => {
    expect(
      convertJsonSchemaToGemini({
        description: "merged",
        allOf: [
          { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
          { properties: { b: { type: "number" } }, required: ["b"], description: "ignored" },
          { allOf: [{ properties: { c: { type: "boolean" } } }] },
          "junk",
        ],
      }),
    ).toEqual({
      type: "OBJECT",
      description: "merged",
      properties: { a: { type: "STRING" }, b: { type: "NUMBER" }, c: { type: "BOOLEAN" } },
      required: ["a", "b"],
    });
  });
});

describe("convertJsonSchemaToGemini: $ref", () => {
  it("inlines $defs and definitions, with sibling keywords on top", () => {
    const out = convertJsonSchemaToGemini({
      type: "object",
      properties: {
        home: { $ref: "#/$defs/Address", description: "Home address" },
        work: { $ref: "#/definitions/Address" },
        list: { type: "array", items: { $ref: "#/$defs/Address" } },
      },
      $defs: {
        Address: {
          type: "object",
          description: "An address",
          properties: { city: { type: "string" } },
          required: ["city"],
          additionalProperties: false,
        },
      },
      definitions: { Address: { $ref: "#/$defs/Address" } },
    });
    const address = {
      type: "OBJECT",
      properties: { city: { type: "STRING" } },
      required: ["city"],
    };
    expect(out).toEqual({
      type: "OBJECT",
      properties: {
        home: { ...address, description: "Home address" },
        work: { ...address, description: "An address" },
        list: { type: "ARRAY", items: { ...address, description: "An address" } },
      },
    });
    expectGeminiSafe(out);
  });

  it("follows JSON Pointers with escapes and array indexes", () => {
    const out = convertJsonSchemaToGemini({
      type: "object",
      properties: {
        a: { $ref: "#/x~1y/0" },
        b: { $ref: "#/properties/c" },
        c: { type: "integer" },
        d: { $ref: "#/m~0n" },
      },
      "x/y": [{ type: "string" }],
      "m~n": { type: "boolean" },
    });
    expect(out.properties).toEqual({
      a: { type: "STRING" },
      b: { type: "INTEGER" },
      c: { type: "INTEGER" },
      d: { type: "BOOLEAN" },
    });
  });

  it("reuses a definition in sibling places: only recursion is an error", () => {
    const out = convertJsonSchemaToGemini({
      type: "object",
      properties: { a: { $ref: "#/$defs/S" }, b: { $ref: "#/$defs/S" } },
      $defs: { S: { type: "string" } },
    });
    expect(out.properties).toEqual({ a: { type: "STRING" }, b: { type: "STRING" } });
  });

  it.each([
    [
      "a self-referencing definition",
      {
        type: "object",
        properties: { tree: { $ref: "#/$defs/Node" } },
        $defs: {
          Node: {
            type: "object",
            properties: { children: { type: "array", items: { $ref: "#/$defs/Node" } } },
          },
        },
      },
      /recursive \$ref "#\/\$defs\/Node".*at #\/properties\/tree\/properties\/children\/items/,
    ],
    [
      "a reference to the root",
      { type: "object", properties: { self: { $ref: "#" } } },
      /recursive \$ref "#"/,
    ],
    [
      "two definitions that refer to each other",
      { $ref: "#/$defs/A", $defs: { A: { $ref: "#/$defs/B" }, B: { $ref: "#/$defs/A" } } },
      /recursive \$ref "#\/\$defs\/A"/,
    ],
  ])("rejects %s with a clear error", (_name, schema, message) => {
    let caught: unknown;
    try {
      convertJsonSchemaToGemini(schema);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SchemaConversionError);
    expect((caught as Error).message).toMatch(message);
  });

  it.each([
    ["a missing definition", { $ref: "#/$defs/Nope" }, /does not resolve/],
    ["a remote reference", { $ref: "https://example.com/s.json" }, /unsupported \$ref/],
  ])("rejects %s", (_name, schema, message) => {
    expect(() => convertJsonSchemaToGemini(schema)).toThrow(message);
  });

  it("rejects a schema nested deeper than any real tool schema", () => {
    let deep: Json = { type: "string" };
    for (let i = 0; i < 80; i++) deep = { type: "array", items: deep };
    expect(() => convertJsonSchemaToGemini(deep)).toThrow(/deeper than/);
  });
});

describe("toGeminiParameters", () => {
  it("returns undefined for a tool without parameters (Gemini rejects an empty OBJECT there)", () => {
    expect(toGeminiParameters({ type: "object", properties: {} })).toBeUndefined();
    expect(toGeminiParameters({ type: "object", additionalProperties: false })).toBeUndefined();
    expect(toGeminiParameters({})).toBeUndefined();
    expect(toGeminiParameters(undefined)).toBeUndefined();
  });

  it("keeps a nested empty object and makes the root an OBJECT", () => {
    expect(
      toGeminiParameters({
        type: ["object", "null"],
        properties: { meta: { type: "object", description: "free-form" } },
      }),
    ).toEqual({
      type: "OBJECT",
      properties: { meta: { type: "OBJECT", description: "free-form" } },
    });
  });

  it("merges a root union of objects into one object, requiring only what every branch requires", () => {
    expect(
      toGeminiParameters({
        description: "by id or by name",
        anyOf: [
          {
            type: "object",
            properties: { id: { type: "string" }, v: { type: "integer" } },
            required: ["id", "v"],
          },
          {
            type: "object",
            properties: { name: { type: "string" }, v: { type: "integer" } },
            required: ["name", "v"],
          },
        ],
      }),
    ).toEqual({
      type: "OBJECT",
      description: "by id or by name",
      properties: { id: { type: "STRING" }, v: { type: "INTEGER" }, name: { type: "STRING" } },
      required: ["v"],
    });
  });

  it("rejects parameters that are not an object", () => {
    expect(() => toGeminiParameters({ type: "string" })).toThrow(SchemaConversionError);
    expect(() => toGeminiParameters({ anyOf: [{ type: "string" }, { type: "object" }] })).toThrow(
      /must be a JSON Schema object/,
    );
  });
});

// Property-based: whatever a tool sends, nothing Gemini rejects survives, and no argument is lost.
const FORBIDDEN: Json = {
  additionalProperties: false,
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "urn:x",
  $comment: "c",
  uniqueItems: true,
  exclusiveMinimum: 0,
  multipleOf: 2,
  patternProperties: { "^x": { type: "string" } },
  propertyNames: { pattern: "^a" },
  not: { type: "null" },
  examples: ["e"],
  format: "uri",
  const: "k",
  readOnly: true,
};

const propertyName = fc.stringMatching(/^[A-Za-z_$][\w$-]{0,10}$/);
const forbiddenKeys = fc
  .subarray(Object.keys(FORBIDDEN))
  .map((keys) => Object.fromEntries(keys.map((k) => [k, FORBIDDEN[k]])));
const primitive = fc.oneof(
  fc.constantFrom<Json>(
    { type: "string" },
    { type: "integer" },
    { type: "number" },
    { type: "boolean" },
    { type: ["string", "null"] },
    { type: ["integer", "string"] },
    { enum: ["a", "b", null] },
    { enum: [1, 2] },
    { $ref: "#/$defs/Shared" },
  ),
);

const { schema: schemaArb } = fc.letrec<{ schema: Json; object: Json }>((tie) => ({
  schema: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(primitive, forbiddenKeys).map(([p, f]) => ({ ...f, ...p })),
    tie("object"),
    fc.tuple(tie("schema"), forbiddenKeys).map(([items, f]) => ({ ...f, type: "array", items })),
    fc
      .tuple(fc.array(tie("schema"), { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([branches, nullable]) => ({
        anyOf: nullable ? [...branches, { type: "null" }] : branches,
      })),
    fc
      .array(tie("schema"), { minLength: 1, maxLength: 3 })
      .map((branches) => ({ oneOf: branches })),
  ),
  object: fc
    .tuple(
      fc.dictionary(propertyName, tie("schema"), { minKeys: 1, maxKeys: 4 }),
      forbiddenKeys,
      fc.boolean(),
    )
    .map(([properties, f, nullable]) => ({
      ...f,
      type: nullable ? ["object", "null"] : "object",
      properties,
      required: Object.keys(properties).slice(0, 1),
    })),
}));

/** Property names a converter must keep: those of objects it keeps (all of them, in these schemas). */
function inputPropertyNames(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) inputPropertyNames(item, out);
  } else if (typeof schema === "object" && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === "properties" && typeof value === "object" && value !== null) {
        for (const [name, sub] of Object.entries(value)) {
          out.add(name);
          inputPropertyNames(sub, out);
        }
      } else if (key === "items" || key === "anyOf" || key === "oneOf") {
        inputPropertyNames(value, out);
      }
    }
  }
  return out;
}

describe("convertJsonSchemaToGemini: properties", () => {
  it("never outputs a key Gemini rejects, and keeps every property name", () => {
    fc.assert(
      fc.property(schemaArb, (schema) => {
        const root = {
          ...schema,
          $defs: {
            Shared: {
              type: "object",
              properties: { shared_prop: { type: "string" } },
              additionalProperties: false,
            },
          },
        };
        const out = convertJsonSchemaToGemini(root);
        expectGeminiSafe(out);
        const kept = propertyNames(out);
        const expected = inputPropertyNames(root);
        if (JSON.stringify(root).includes("#/$defs/Shared")) expected.add("shared_prop");
        for (const name of expected) expect(kept.has(name), `property ${name}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("is idempotent on its own output", () => {
    fc.assert(
      fc.property(schemaArb, (schema) => {
        const root = { ...schema, $defs: { Shared: { type: "string" } } };
        const once = convertJsonSchemaToGemini(root);
        const lowered = JSON.parse(
          JSON.stringify(once).replace(
            /"type":"([A-Z]+)"/g,
            (_m, t: string) => `"type":"${t.toLowerCase()}"`,
          ),
        );
        expect(convertJsonSchemaToGemini(lowered)).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });
});
