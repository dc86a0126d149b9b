import { describe, expect, it } from "vitest";
import { z } from "zod";
import { baseProviderSettingsSchema } from "../../src/plugin/base-settings.js";
import { defineProvider, isProviderPlugin } from "../../src/plugin/define-provider.js";
import { PLUGIN_API_VERSION } from "../../src/plugin/plugin-api-version.js";
import type { ModelProvider } from "../../src/types/model-provider.js";
import {
  formatValidationError,
  toValidationIssues,
} from "../../src/validation/format-validation-error.js";

describe("defineProvider", () => {
  it("brands the factory with the plugin API version and keeps it callable", async () => {
    const provider: ModelProvider = {
      id: "x",
      capabilities: {
        chat: true,
        stream: false,
        tools: false,
        embeddings: false,
        vision: false,
        responseFormat: false,
        reasoning: false,
      },
      chat: async () => ({
        id: "1",
        provider: "x",
        model: "m",
        output: "hi",
        finishReason: "stop",
      }),
    };
    const plugin = defineProvider<{ baseURL?: string }>(({ settings }) => {
      expect(settings.baseURL).toBe("http://127.0.0.1:1");
      return provider;
    });
    expect(isProviderPlugin(plugin)).toBe(true);
    expect(plugin.pluginApiVersion).toBe(PLUGIN_API_VERSION);
    expect(Object.isFrozen(plugin)).toBe(true);
    const created = await plugin.create({ settings: { baseURL: "http://127.0.0.1:1" } } as never);
    expect(created).toBe(provider);
  });

  it("recognizes only branded plugins", () => {
    expect(isProviderPlugin({ create: () => {} })).toBe(false);
    expect(isProviderPlugin(null)).toBe(false);
    expect(
      isProviderPlugin({
        [Symbol.for("oss-ai-agent-tool.provider-plugin")]: true,
        create: () => {},
      }),
    ).toBe(true);
  });
});

describe("baseProviderSettingsSchema", () => {
  it("accepts the seed's keys and names the bad one", () => {
    expect(
      baseProviderSettingsSchema.parse({
        baseURL: "http://127.0.0.1:8080/v1",
        defaultModel: "m",
        timeoutMs: 1000,
      }),
    ).toBeTruthy();
    const result = baseProviderSettingsSchema.safeParse({ baseURL: "not a url", timeoutMs: -1 });
    expect(result.success).toBe(false);
    if (result.success) return;
    const text = formatValidationError(result.error, "providers.settings.openai");
    expect(text).toContain("providers.settings.openai.baseURL: must be an absolute http(s) URL");
    expect(text).toContain("providers.settings.openai.timeoutMs:");
  });
});

describe("formatValidationError", () => {
  it("names array indexes and the root", () => {
    const schema = z.object({ list: z.array(z.number()) });
    const result = schema.safeParse({ list: [1, "two"] });
    if (result.success) throw new Error("expected failure");
    expect(toValidationIssues(result.error)[0]?.path).toBe("list[1]");
    const root = z.string().safeParse(3);
    if (root.success) throw new Error("expected failure");
    expect(formatValidationError(root.error)).toMatch(/^\(root\): /);
  });
});
