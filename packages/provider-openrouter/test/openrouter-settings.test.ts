import { settingsSchemaShape } from "@oss-ai-agent-tool/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };
import { buildOpenRouterHeaders } from "../src/build-openrouter-headers.js";
import { mergeOpenRouterOptions, withOpenRouterOptions } from "../src/merge-openrouter-options.js";
import { openRouterSettingsSchema, parseOpenRouterSettings } from "../src/openrouter-settings.js";

describe("openrouter settings", () => {
  it("the manifest's optionsSchema matches the zod schema", () => {
    const fromZod = z.toJSONSchema(openRouterSettingsSchema, { io: "input" });
    expect(settingsSchemaShape(pkg.oaat.optionsSchema)).toEqual(settingsSchemaShape(fromZod));
  });

  it("has no format keyword in the manifest (validators reject unknown formats)", () => {
    expect(JSON.stringify(pkg.oaat.optionsSchema)).not.toContain('"format"');
  });

  it("the manifest's header patterns are the zod ones", () => {
    const props = pkg.oaat.optionsSchema.properties;
    expect(new RegExp(props.siteUrl.pattern).test("https://app.example")).toBe(true);
    expect(new RegExp(props.siteUrl.pattern).test("https://app.example/é")).toBe(false);
    expect(new RegExp(props.appName.pattern).test("My App 2")).toBe(true);
    expect(new RegExp(props.appName.pattern).test("Mein Büro")).toBe(false);
  });

  it.each([
    ["nothing", {}],
    [
      "everything",
      {
        baseURL: "http://127.0.0.1:9000/api/v1",
        defaultModel: "anthropic/claude-3.5-sonnet",
        defaultEmbeddingModel: "openai/text-embedding-3-small",
        timeoutMs: 60_000,
        idleTimeoutMs: 20_000,
        retryAttempts: 3,
        siteUrl: "https://gateway.example.org",
        appName: "OSS AI Agent Tool",
        defaults: {
          provider: {
            order: ["Anthropic", "Google"],
            allow_fallbacks: false,
            data_collection: "deny",
          },
          models: ["openai/gpt-4o-mini"],
          route: "fallback",
          transforms: ["middle-out"],
          reasoning: { effort: "high" },
          usage: { include: true },
        },
      },
    ],
  ])("accepts %s", (_name, settings) => {
    expect(parseOpenRouterSettings(settings)).toEqual(settings);
  });

  it.each([
    ["a non-http baseURL", { baseURL: "ws://x" }, "providers.settings.openrouter.baseURL"],
    ["a siteUrl that is not a URL", { siteUrl: "my app" }, "siteUrl"],
    [
      "a non-ASCII siteUrl",
      { siteUrl: "https://bücher.example" },
      "siteUrl: must be an absolute http(s) URL in printable ASCII",
    ],
    ["a non-ASCII appName", { appName: "Bücher" }, "appName: must be printable ASCII"],
    ["a control character in appName", { appName: "a\nb" }, "appName"],
    ["an unknown key", { referer: "https://x" }, "referer"],
    ["an unknown defaults key", { defaults: { providers: {} } }, "defaults"],
    ["a models string", { defaults: { models: "openai/gpt-4o" } }, "defaults.models"],
  ])("rejects %s, naming the field", (_name, settings, expected) => {
    expect(() => parseOpenRouterSettings(settings)).toThrow(expected);
  });

  it("treats absent settings as empty", () => {
    expect(parseOpenRouterSettings(undefined)).toEqual({});
  });
});

describe("buildOpenRouterHeaders", () => {
  it("sends HTTP-Referer and both title spellings", () => {
    expect(buildOpenRouterHeaders({ siteUrl: "https://app.example", appName: "App" })).toEqual({
      "HTTP-Referer": "https://app.example",
      "X-Title": "App",
      "X-OpenRouter-Title": "App",
    });
  });

  it("sends nothing for unset settings", () => {
    expect(buildOpenRouterHeaders({})).toEqual({});
    expect(buildOpenRouterHeaders({ siteUrl: "https://only.example" })).toEqual({
      "HTTP-Referer": "https://only.example",
    });
  });
});

describe("mergeOpenRouterOptions", () => {
  it("returns undefined when neither side has anything", () => {
    expect(mergeOpenRouterOptions(undefined, undefined)).toBeUndefined();
    expect(mergeOpenRouterOptions({}, {})).toBeUndefined();
  });

  it("uses the defaults when the request sets nothing", () => {
    expect(mergeOpenRouterOptions({ transforms: ["middle-out"] }, undefined)).toEqual({
      transforms: ["middle-out"],
    });
  });

  it("lets the request win, merging provider, reasoning and usage key by key", () => {
    expect(
      mergeOpenRouterOptions(
        {
          provider: { data_collection: "deny", order: ["A"] },
          reasoning: { effort: "low", exclude: true },
          usage: { include: true },
          models: ["x/a", "x/b"],
          transforms: ["middle-out"],
        },
        {
          provider: { order: ["B"], allow_fallbacks: false },
          reasoning: { effort: "high" },
          models: ["y/c"],
          transforms: [],
          top_k: 5,
        },
      ),
    ).toEqual({
      provider: { data_collection: "deny", order: ["B"], allow_fallbacks: false },
      reasoning: { effort: "high", exclude: true },
      usage: { include: true },
      models: ["y/c"],
      transforms: [],
      top_k: 5,
    });
  });

  it("replaces a default object when the request sends a non-object, and drops undefined", () => {
    expect(
      mergeOpenRouterOptions({ provider: { order: ["A"] } }, { provider: null, route: undefined }),
    ).toEqual({ provider: null });
  });
});

describe("withOpenRouterOptions", () => {
  const req = { model: "a/b", messages: [{ role: "user" as const, content: "hi" }] };

  it("returns the request itself when there is nothing to add", () => {
    expect(withOpenRouterOptions(req, "openrouter", undefined)).toBe(req);
  });

  it("puts the merged options under the provider's key and leaves other providers' alone", () => {
    const out = withOpenRouterOptions(
      { ...req, providerOptions: { openrouter: { route: "fallback" }, other: { x: 1 } } },
      "openrouter",
      { transforms: ["middle-out"] },
    );
    expect(out.providerOptions).toEqual({
      openrouter: { transforms: ["middle-out"], route: "fallback" },
      other: { x: 1 },
    });
  });

  it("never modifies the caller's request", () => {
    const original = { ...req, providerOptions: { openrouter: { provider: { order: ["A"] } } } };
    const snapshot = structuredClone(original);
    withOpenRouterOptions(original, "openrouter", { provider: { sort: "price" } });
    expect(original).toEqual(snapshot);
  });
});

describe("mergeOpenRouterOptions (properties)", () => {
  const json = fc.jsonValue();
  const options = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), json);

  it("always keeps every request value for fields that do not merge", () => {
    fc.assert(
      fc.property(options, options, (defaults, request) => {
        const merged = mergeOpenRouterOptions(defaults, request) ?? {};
        for (const [key, value] of Object.entries(request)) {
          if (["provider", "reasoning", "usage"].includes(key) || value === undefined) continue;
          expect(merged[key]).toEqual(value);
        }
      }),
    );
  });

  it("keeps every default key the request does not set", () => {
    fc.assert(
      fc.property(options, options, (defaults, request) => {
        const merged = mergeOpenRouterOptions(defaults, request) ?? {};
        for (const [key, value] of Object.entries(defaults))
          if (!(key in request) && value !== undefined) expect(merged[key]).toEqual(value);
      }),
    );
  });
});

it("keeps a client's __proto__ key as an ordinary key", () => {
  const request = JSON.parse('{"__proto__": {"polluted": true}, "route": "fallback"}') as Record<
    string,
    unknown
  >;
  const merged = mergeOpenRouterOptions({ transforms: [] }, request) ?? {};
  expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  expect(Object.keys(merged).sort()).toEqual(["__proto__", "route", "transforms"]);
});
