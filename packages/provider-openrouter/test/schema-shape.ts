/**
 * The structural outline of a JSON Schema, for checking that the manifest's
 * hand-written `optionsSchema` and `z.toJSONSchema(zodSchema)` agree on
 * what matters to a validator of settings: property names, types, required
 * keys and whether unknown keys are allowed. Formats and messages differ by
 * design (no `format` keyword in the manifest).
 */
export interface SchemaShape {
  type?: unknown;
  required?: string[];
  closed?: boolean;
  properties?: Record<string, SchemaShape>;
  items?: SchemaShape;
  values?: SchemaShape;
}

type Json = { [key: string]: unknown };

export function schemaShape(schema: unknown): SchemaShape {
  const s = (schema ?? {}) as Json;
  const shape: SchemaShape = {};
  if (s.type !== undefined) shape.type = s.type;
  if (Array.isArray(s.required) && s.required.length > 0)
    shape.required = [...(s.required as string[])].sort();
  if (s.type === "object") {
    const extra = s.additionalProperties;
    shape.closed = extra === false;
    // `{}` (any value) is the same as leaving it out.
    if (typeof extra === "object" && extra !== null && Object.keys(extra).length > 0)
      shape.values = schemaShape(extra);
  }
  if (typeof s.properties === "object" && s.properties !== null) {
    shape.properties = Object.fromEntries(
      Object.entries(s.properties as Json)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, sub]) => [name, schemaShape(sub)]),
    );
  }
  if (s.items !== undefined) shape.items = schemaShape(s.items);
  return shape;
}
