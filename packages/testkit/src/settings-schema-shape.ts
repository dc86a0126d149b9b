/**
 * Compares a plugin's hand-written settings JSON Schema with the one its
 * zod schema generates.
 *
 * @module
 */

/**
 * The structural outline of a JSON Schema: what matters to a validator of
 * settings. Property names, types, required keys, whether unknown keys are
 * allowed, and the same for nested objects, arrays, maps and `anyOf`
 * alternatives. Formats, patterns, bounds and descriptions are left out:
 * they may differ by design (a manifest has no `format` keyword, zod adds
 * the safe-integer bounds).
 */
export interface SettingsSchemaShape {
  type?: unknown;
  /** Required property names, sorted. */
  required?: string[];
  /** For an object: `true` when `additionalProperties` is `false`. */
  closed?: boolean;
  /** Property shapes, by name in sorted order. */
  properties?: Record<string, SettingsSchemaShape>;
  /** The shape of an array's items. */
  items?: SettingsSchemaShape;
  /** The shape of a map's values (a non-empty `additionalProperties` schema). */
  values?: SettingsSchemaShape;
  /** The shapes of `anyOf` alternatives, in a canonical order. */
  anyOf?: SettingsSchemaShape[];
}

type Json = { [key: string]: unknown };

/**
 * The {@link SettingsSchemaShape} of a JSON Schema. A plugin checks that its
 * manifest's `optionsSchema` and its zod settings schema agree with
 *
 * ```ts
 * const fromZod = z.toJSONSchema(settingsSchema, { io: "input" });
 * expect(settingsSchemaShape(pkg.oaat.optionsSchema)).toEqual(settingsSchemaShape(fromZod));
 * ```
 *
 * It takes JSON Schema, not zod, so the testkit does not depend on zod.
 */
export function settingsSchemaShape(schema: unknown): SettingsSchemaShape {
  const s = (schema ?? {}) as Json;
  const shape: SettingsSchemaShape = {};
  if (s.type !== undefined) shape.type = s.type;
  if (Array.isArray(s.required) && s.required.length > 0)
    shape.required = [...(s.required as string[])].sort();
  if (s.type === "object") {
    const extra = s.additionalProperties;
    shape.closed = extra === false;
    // `{}` (any value) is the same as leaving it out.
    if (typeof extra === "object" && extra !== null && Object.keys(extra).length > 0)
      shape.values = settingsSchemaShape(extra);
  }
  if (typeof s.properties === "object" && s.properties !== null) {
    shape.properties = Object.fromEntries(
      Object.entries(s.properties as Json)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, sub]) => [name, settingsSchemaShape(sub)]),
    );
  }
  if (s.items !== undefined) shape.items = settingsSchemaShape(s.items);
  if (Array.isArray(s.anyOf)) {
    // Alternatives are unordered; sort them so the two schemas may list them differently.
    shape.anyOf = s.anyOf
      .map((alternative) => settingsSchemaShape(alternative))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return shape;
}
