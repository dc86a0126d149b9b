/**
 * JSON Schema to the OpenAPI 3.0 subset Gemini accepts in a function
 * declaration's `parameters` and in `responseSchema`.
 *
 * Gemini parses these schemas as a protobuf `Schema` message: a keyword it
 * has no field for fails the whole request ("Invalid JSON payload received.
 * Unknown name ..."). So the converter builds its output from an allowlist
 * rather than deleting known offenders, and everything else is either
 * rewritten into what Gemini can say or dropped.
 *
 * @module
 */

/** The `type` values of a Gemini schema. `NULL` is never produced: nullability is `nullable`. */
export type GeminiSchemaType = "STRING" | "NUMBER" | "INTEGER" | "BOOLEAN" | "ARRAY" | "OBJECT";

/** A Gemini (OpenAPI 3.0 subset) schema, as the converter produces it. */
export interface GeminiSchema {
  type?: GeminiSchemaType;
  format?: string;
  title?: string;
  description?: string;
  nullable?: boolean;
  enum?: string[];
  items?: GeminiSchema;
  properties?: Record<string, GeminiSchema>;
  required?: string[];
  anyOf?: GeminiSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minProperties?: number;
  maxProperties?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  default?: unknown;
  example?: unknown;
}

/** Every key a converted schema node may carry: the fields of Gemini's `Schema` message that we use. */
export const GEMINI_SCHEMA_KEYS: ReadonlySet<string> = new Set([
  "type",
  "format",
  "title",
  "description",
  "nullable",
  "enum",
  "items",
  "properties",
  "required",
  "anyOf",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "minProperties",
  "maxProperties",
  "minimum",
  "maximum",
  "pattern",
  "default",
  "example",
]);

/** Formats Gemini accepts, by type; any other `format` is rejected by the API, so it is dropped. */
const ALLOWED_FORMATS: Readonly<Record<string, ReadonlySet<string>>> = {
  STRING: new Set(["enum", "date-time"]),
  INTEGER: new Set(["int32", "int64"]),
  NUMBER: new Set(["float", "double"]),
};

const TYPE_NAMES: Readonly<Record<string, GeminiSchemaType>> = {
  string: "STRING",
  number: "NUMBER",
  integer: "INTEGER",
  boolean: "BOOLEAN",
  array: "ARRAY",
  object: "OBJECT",
};

/** Deeper than any real tool schema; stops runaway `$ref` expansion. */
const MAX_DEPTH = 64;

/** A schema Gemini cannot be given: a recursive or unresolvable `$ref`, or one nested too deep. */
export class SchemaConversionError extends Error {
  override readonly name = "SchemaConversionError";
  /** Where in the schema the problem is, as a JSON-Pointer-like path from the root (`#` is the root). */
  readonly path: string;

  constructor(message: string, path: string) {
    super(`${message} (at ${path})`);
    this.path = path;
  }
}

type Json = { [key: string]: unknown };

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface Context {
  root: Json;
  /** `$ref`s being expanded on the current path: seeing one again means recursion. */
  refs: readonly string[];
  depth: number;
}

function decodePointerToken(token: string): string {
  return decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Resolves a local `$ref` (`#`, `#/$defs/X`, `#/definitions/X`, any JSON Pointer into the root). */
function resolveRef(root: Json, ref: string, path: string): unknown {
  if (ref !== "#" && !ref.startsWith("#/")) {
    throw new SchemaConversionError(
      `unsupported $ref "${ref}": only references inside the schema ("#/...") can be inlined`,
      path,
    );
  }
  let target: unknown = root;
  for (const token of ref === "#" ? [] : ref.slice(2).split("/")) {
    const key = decodePointerToken(token);
    if (Array.isArray(target) && /^\d+$/.test(key)) target = target[Number(key)];
    else if (isObject(target) && Object.hasOwn(target, key)) target = target[key];
    else throw new SchemaConversionError(`$ref "${ref}" does not resolve`, path);
  }
  return target;
}

/**
 * Follows `$ref`s until the node has none: the target with the referring
 * node's other keywords on top (a `description` next to a `$ref` wins).
 */
function deref(node: unknown, ctx: Context, path: string): { node: unknown; ctx: Context } {
  let current = node;
  let context = ctx;
  while (isObject(current) && typeof current.$ref === "string") {
    const ref = current.$ref;
    if (context.refs.includes(ref)) {
      throw new SchemaConversionError(
        `recursive $ref "${ref}": Gemini schemas cannot describe recursive structures`,
        path,
      );
    }
    const target = resolveRef(context.root, ref, path);
    const { $ref: _ref, ...siblings } = current;
    current = isObject(target) ? { ...target, ...siblings } : target;
    context = { ...context, refs: [...context.refs, ref] };
  }
  return { node: current, ctx: context };
}

/** Folds `allOf` branches into their parent: properties and `required` are unioned, other keys: the parent's first, then the first branch that has one. */
function mergeAllOf(node: Json, ctx: Context, path: string): { node: Json; ctx: Context } {
  const { allOf, ...rest } = node;
  if (!Array.isArray(allOf)) return { node, ctx };
  let merged: Json = { ...rest };
  let context = ctx;
  for (const [i, branch] of allOf.entries()) {
    const resolved = deref(branch, context, `${path}/allOf/${i}`);
    context = resolved.ctx;
    if (!isObject(resolved.node)) continue;
    const inner = mergeAllOf(resolved.node, context, `${path}/allOf/${i}`);
    context = inner.ctx;
    const { properties, required, ...others } = inner.node;
    merged = { ...others, ...merged };
    if (isObject(properties)) {
      merged.properties = {
        ...properties,
        ...(isObject(merged.properties) ? merged.properties : {}),
      };
    }
    if (Array.isArray(required)) {
      const existing = Array.isArray(merged.required) ? merged.required : [];
      merged.required = [...new Set([...existing, ...required])];
    }
  }
  return { node: merged, ctx: context };
}

function typeNames(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((t): t is string => typeof t === "string").map((t) => t.toLowerCase());
}

function isNullBranch(node: unknown): boolean {
  if (!isObject(node)) return false;
  const types = typeNames(node.type);
  return types.length > 0 && types.every((t) => t === "null");
}

function withHint(description: string | undefined, hint: string): string {
  return description ? `${description} (${hint})` : hint;
}

function nonNegativeInt(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function finite(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The type a typeless node most likely has, from its other keywords. */
function inferType(node: Json, values: readonly unknown[] | undefined): string | undefined {
  if (isObject(node.properties)) return "object";
  if (node.items !== undefined || node.prefixItems !== undefined) return "array";
  const present = (values ?? []).filter((v) => v !== null);
  if (present.length === 0) return undefined;
  if (present.every((v) => typeof v === "string")) return "string";
  if (present.every((v) => typeof v === "boolean")) return "boolean";
  if (present.every((v) => typeof v === "number"))
    return present.every((v) => Number.isInteger(v)) ? "integer" : "number";
  return undefined;
}

function enumValues(node: Json): unknown[] | undefined {
  if (Array.isArray(node.enum)) return node.enum;
  if (Object.hasOwn(node, "const")) return [node.const];
  return undefined;
}

/** Converts one node for one (non-null) JSON Schema type, or none. */
function convertTyped(
  node: Json,
  type: string | undefined,
  ctx: Context,
  path: string,
): GeminiSchema {
  const out: GeminiSchema = {};
  const values = enumValues(node);
  const jsonType = type ?? inferType(node, values);
  const geminiType = jsonType !== undefined ? TYPE_NAMES[jsonType] : undefined;
  if (geminiType) out.type = geminiType;
  if (typeof node.title === "string") out.title = node.title;
  let description = typeof node.description === "string" ? node.description : undefined;

  if (values) {
    const present = values.filter((v) => v !== null);
    const allStrings = present.length > 0 && present.every((v) => typeof v === "string");
    if (allStrings && (geminiType === undefined || geminiType === "STRING")) {
      out.type = "STRING";
      out.enum = present as string[];
    } else if (present.length > 0) {
      // Gemini allows `enum` on strings only; the values stay visible to the model.
      description = withHint(
        description,
        `allowed values: ${present.map((v) => JSON.stringify(v)).join(", ")}`,
      );
    }
  }

  if (typeof node.format === "string" && out.type && ALLOWED_FORMATS[out.type]?.has(node.format))
    out.format = node.format;

  if (out.type === "STRING" || out.type === undefined) {
    const minLength = nonNegativeInt(node.minLength);
    const maxLength = nonNegativeInt(node.maxLength);
    if (minLength !== undefined) out.minLength = minLength;
    if (maxLength !== undefined) out.maxLength = maxLength;
    if (typeof node.pattern === "string") out.pattern = node.pattern;
  }

  if (out.type === "NUMBER" || out.type === "INTEGER" || out.type === undefined) {
    // Exclusive bounds have no Gemini field; the inclusive bound is the closest it can say.
    const minimum = finite(node.minimum) ?? finite(node.exclusiveMinimum);
    const maximum = finite(node.maximum) ?? finite(node.exclusiveMaximum);
    if (minimum !== undefined) out.minimum = minimum;
    if (maximum !== undefined) out.maximum = maximum;
  }

  if (out.type === "ARRAY") {
    const items = node.items ?? node.prefixItems;
    if (Array.isArray(items)) {
      // A tuple: Gemini has no positional items, so any listed item type is allowed.
      if (items.length > 0) out.items = convertNode({ anyOf: items }, ctx, `${path}/items`);
    } else if (items !== undefined && items !== true) {
      out.items = convertNode(items, ctx, `${path}/items`);
    }
    const minItems = nonNegativeInt(node.minItems);
    const maxItems = nonNegativeInt(node.maxItems);
    if (minItems !== undefined) out.minItems = minItems;
    if (maxItems !== undefined) out.maxItems = maxItems;
  }

  if (out.type === "OBJECT") {
    if (isObject(node.properties)) {
      const properties: Record<string, GeminiSchema> = {};
      for (const [name, sub] of Object.entries(node.properties)) {
        properties[name] = convertNode(sub, ctx, `${path}/properties/${name}`);
      }
      if (Object.keys(properties).length > 0) out.properties = properties;
      if (Array.isArray(node.required)) {
        // Gemini rejects a required name that is not a property.
        const required = node.required.filter(
          (name): name is string => typeof name === "string" && Object.hasOwn(properties, name),
        );
        if (required.length > 0) out.required = [...new Set(required)];
      }
    }
    const minProperties = nonNegativeInt(node.minProperties);
    const maxProperties = nonNegativeInt(node.maxProperties);
    if (minProperties !== undefined) out.minProperties = minProperties;
    if (maxProperties !== undefined) out.maxProperties = maxProperties;
  }

  if (node.default !== undefined && node.default !== null) out.default = node.default;
  const example = node.example ?? (Array.isArray(node.examples) ? node.examples[0] : undefined);
  if (example !== undefined && example !== null) out.example = example;
  if (description !== undefined) out.description = description;
  return out;
}

/** Puts the parent's description on a single surviving alternative that has none. */
function collapse(branch: GeminiSchema, parent: Json): GeminiSchema {
  const out = { ...branch };
  if (out.description === undefined && typeof parent.description === "string")
    out.description = parent.description;
  if (out.title === undefined && typeof parent.title === "string") out.title = parent.title;
  return out;
}

/** Whether a node says what a value is (as opposed to only constraining it further). */
function hasShape(node: Json): boolean {
  return (
    node.type !== undefined ||
    node.properties !== undefined ||
    node.items !== undefined ||
    node.enum !== undefined ||
    Object.hasOwn(node, "const") ||
    node.anyOf !== undefined ||
    node.oneOf !== undefined ||
    node.allOf !== undefined
  );
}

/** The parent's keywords that apply inside each union branch: all but the union and its annotations. */
function inheritedByBranches(node: Json): Json {
  const {
    anyOf: _anyOf,
    oneOf: _oneOf,
    description: _description,
    title: _title,
    default: _default,
    example: _example,
    examples: _examples,
    nullable: _nullable,
    ...rest
  } = node;
  return rest;
}

/** A union branch with its parent's keywords: the branch's own win, properties and `required` add up. */
function mergeBranch(inherited: Json, own: Json): Json {
  const merged: Json = { ...inherited, ...own };
  if (isObject(inherited.properties) && isObject(own.properties))
    merged.properties = { ...inherited.properties, ...own.properties };
  if (Array.isArray(inherited.required) && Array.isArray(own.required))
    merged.required = [...new Set([...inherited.required, ...own.required])];
  return merged;
}

function convertUnion(
  node: Json,
  alternatives: readonly unknown[],
  ctx: Context,
  path: string,
): GeminiSchema {
  const inherited = inheritedByBranches(node);
  let nullable = node.nullable === true;
  const branches: GeminiSchema[] = [];
  for (const [i, alternative] of alternatives.entries()) {
    const where = `${path}/anyOf/${i}`;
    const target = deref(alternative, ctx, where);
    if (isNullBranch(target.node)) {
      nullable = true;
      continue;
    }
    const own = isObject(target.node) ? target.node : {};
    // JSON Schema applies the parent's keywords as well as the branch's: `{ type: "object", properties, anyOf: [...] }`.
    const branch = convertNode(mergeBranch(inherited, own), target.ctx, where);
    if (branch.nullable) {
      nullable = true;
      delete branch.nullable;
    }
    branches.push(branch);
  }
  let out: GeminiSchema;
  if (branches.length === 0) {
    out = convertTyped(
      node,
      typeNames(node.type).find((t) => t !== "null"),
      ctx,
      path,
    );
  } else if (branches.length === 1) {
    out = collapse(branches[0] ?? {}, node);
  } else {
    // Gemini rejects `type` next to `anyOf`, so the parent keeps only what describes it.
    out = { anyOf: branches };
    if (typeof node.title === "string") out.title = node.title;
    if (typeof node.description === "string") out.description = node.description;
  }
  if (nullable) out.nullable = true;
  return out;
}

function convertNode(input: unknown, ctx: Context, path: string): GeminiSchema {
  if (ctx.depth > MAX_DEPTH) {
    throw new SchemaConversionError(`schema is nested deeper than ${MAX_DEPTH} levels`, path);
  }
  const inner: Context = { ...ctx, depth: ctx.depth + 1 };
  const resolved = deref(input, inner, path);
  if (!isObject(resolved.node)) return {};
  const { node, ctx: context } = mergeAllOf(resolved.node, resolved.ctx, path);

  const alternatives = [
    ...(Array.isArray(node.anyOf) ? node.anyOf : []),
    ...(Array.isArray(node.oneOf) ? node.oneOf : []),
  ];
  // A union of pure constraints (`anyOf: [{ required: ["a"] }, { required: ["b"] }]`) next to a
  // described parent cannot be said in Gemini's subset; the parent alone keeps every property.
  const constraintsOnly =
    hasShape(inheritedByBranches(node)) &&
    alternatives.every((alternative, i) => {
      const target = deref(alternative, context, `${path}/anyOf/${i}`).node;
      return isObject(target) && !hasShape(target);
    });
  if (alternatives.length > 0 && !constraintsOnly)
    return convertUnion(node, alternatives, context, path);

  const types = typeNames(node.type);
  const values = enumValues(node);
  const nullable =
    types.includes("null") || node.nullable === true || values?.some((v) => v === null) === true;
  const nonNull = types.filter((t) => t !== "null");

  let out: GeminiSchema;
  if (nonNull.length > 1) {
    const { description: _description, title: _title, ...shape } = node;
    out = { anyOf: nonNull.map((type) => convertTyped(shape, type, context, path)) };
    if (typeof node.title === "string") out.title = node.title;
    if (typeof node.description === "string") out.description = node.description;
  } else {
    out = convertTyped(node, nonNull[0], context, path);
  }
  if (nullable) out.nullable = true;
  return out;
}

/**
 * Converts a JSON Schema to the schema Gemini accepts (a pure function).
 *
 * - `$ref` into the schema (`#/$defs/...`, `#/definitions/...`, any JSON
 *   Pointer) is inlined; a recursive one, or one that does not resolve,
 *   throws {@link SchemaConversionError}. `$defs`, `definitions`, `$schema`,
 *   `$id`, `$comment` and every other keyword without a Gemini field
 *   (`additionalProperties`, `uniqueItems`, `not`, `patternProperties`,
 *   `propertyNames`, `if`/`then`/`else`, `multipleOf`, ...) are dropped.
 * - `type: ["string", "null"]` becomes `type: "STRING", nullable: true`;
 *   several non-null types become `anyOf`. A `null` branch of `anyOf` /
 *   `oneOf` becomes `nullable`, a single remaining branch is inlined, and
 *   `oneOf` is sent as `anyOf` (Gemini has no exclusive union).
 * - `allOf` branches are merged into one schema.
 * - `const` becomes a one-value `enum`. Gemini takes `enum` on strings only,
 *   so non-string values are listed in the description instead.
 * - Formats Gemini rejects are dropped; exclusive bounds become inclusive.
 * - `required` keeps only names that are properties.
 */
export function convertJsonSchemaToGemini(schema: unknown): GeminiSchema {
  const root = isObject(schema) ? schema : {};
  return convertNode(root, { root, refs: [], depth: 0 }, "#");
}

/**
 * A tool's `parameters` for a Gemini function declaration: the converted
 * schema, always an `OBJECT` at the root, or `undefined` for a tool without
 * parameters (Gemini rejects an `OBJECT` with no properties there).
 *
 * @throws {SchemaConversionError} for a recursive or unresolvable `$ref`.
 */
export function toGeminiParameters(schema: unknown): GeminiSchema | undefined {
  const converted = convertJsonSchemaToGemini(schema);
  let root: GeminiSchema = converted;
  if (converted.anyOf !== undefined) {
    // A union at the root (a discriminated union of argument shapes): Gemini wants one object,
    // so the branches' properties are merged and only what every branch requires stays required.
    const objects = converted.anyOf.filter((branch) => branch.type === "OBJECT");
    if (objects.length !== converted.anyOf.length) {
      throw new SchemaConversionError("tool parameters must be a JSON Schema object", "#");
    }
    const properties: Record<string, GeminiSchema> = {};
    for (const branch of objects) Object.assign(properties, branch.properties);
    const required = (objects[0]?.required ?? []).filter((name) =>
      objects.every((branch) => branch.required?.includes(name)),
    );
    root = {
      type: "OBJECT",
      ...(converted.description !== undefined ? { description: converted.description } : {}),
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
      ...(required.length > 0 ? { required } : {}),
    };
  } else if (converted.type !== undefined && converted.type !== "OBJECT") {
    throw new SchemaConversionError("tool parameters must be a JSON Schema object", "#");
  }
  if (root.properties === undefined) return undefined;
  const { nullable: _nullable, ...rest } = root;
  return { ...rest, type: "OBJECT" };
}
