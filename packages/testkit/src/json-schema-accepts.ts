/**
 * A small validator for the JSON Schema keywords plugin manifests use, so a
 * test can check that a manifest's `optionsSchema` accepts and refuses the
 * same settings as the plugin's zod schema.
 *
 * @module
 */

/** The JSON Schema keywords a manifest's `optionsSchema` uses. */
export interface SettingsJsonSchema {
  type?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  enum?: unknown[];
  required?: string[];
  items?: SettingsJsonSchema;
  properties?: Record<string, SettingsJsonSchema>;
  additionalProperties?: boolean;
}

/**
 * Whether `schema` accepts `value`, checking `type` (string, integer, number,
 * boolean, array, object), `enum`, `pattern`, `minLength`, `minimum`,
 * `maximum`, `items`, `properties`, `required` and a `false`
 * `additionalProperties`; other keywords are not checked. A plugin tests a
 * table of good and bad settings against both schemas:
 *
 * ```ts
 * expect(settingsSchema.safeParse(value).success).toBe(valid);
 * expect(jsonSchemaAccepts(manifest.optionsSchema, value)).toBe(valid);
 * ```
 */
export function jsonSchemaAccepts(schema: unknown, value: unknown): boolean {
  const rule = (schema ?? {}) as SettingsJsonSchema;
  if (rule.enum && !rule.enum.includes(value)) return false;
  switch (rule.type) {
    case "string":
      if (typeof value !== "string") return false;
      if (rule.minLength !== undefined && value.length < rule.minLength) return false;
      return rule.pattern === undefined || new RegExp(rule.pattern).test(value);
    case "integer":
    case "number":
      if (typeof value !== "number" || (rule.type === "integer" && !Number.isInteger(value)))
        return false;
      if (rule.minimum !== undefined && value < rule.minimum) return false;
      return rule.maximum === undefined || value <= rule.maximum;
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return (
        Array.isArray(value) &&
        value.every((item) => rule.items === undefined || jsonSchemaAccepts(rule.items, item))
      );
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
      for (const name of rule.required ?? []) if (!(name in value)) return false;
      for (const [key, v] of Object.entries(value)) {
        const sub = rule.properties?.[key];
        if (!sub) {
          if (rule.additionalProperties === false) return false;
          continue;
        }
        if (!jsonSchemaAccepts(sub, v)) return false;
      }
      return true;
    }
    default:
      return true;
  }
}
