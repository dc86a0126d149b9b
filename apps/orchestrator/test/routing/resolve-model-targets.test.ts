import { isProviderError } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import {
  resolveModelTargets,
  resolveRouteTargets,
  splitModelAddress,
} from "../../src/routing/resolve-model-targets.js";
import type { RoutingTable } from "../../src/routing/route-target.js";

// Names a plugin answers to (ids and aliases) → canonical id.
const NAMES: Record<string, string> = {
  openai: "openai",
  anthropic: "anthropic",
  openrouter: "openrouter",
  ollama: "ollama",
  local_ollama: "ollama",
};

function table(overrides: Partial<RoutingTable> = {}): RoutingTable {
  return {
    resolveProvider: (name) => NAMES[name],
    aliases: {
      fast: ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"],
      "gpt-4o": ["openrouter/openai/gpt-4o"],
      local: ["local_ollama/llama3.2"],
    },
    priority: {
      balanced: ["openai", "anthropic"],
      high_quality: ["anthropic", "not-installed", "openai"],
    },
    defaultProvider: () => "openai",
    ...overrides,
  };
}

function failure(run: () => unknown) {
  try {
    run();
  } catch (err) {
    if (isProviderError(err)) return err;
    throw err;
  }
  throw new Error("expected a ProviderError");
}

describe("splitModelAddress", () => {
  it.each([
    ["openai/gpt-4o", { provider: "openai", model: "gpt-4o" }],
    [
      "openrouter/anthropic/claude-3.5-sonnet",
      { provider: "openrouter", model: "anthropic/claude-3.5-sonnet" },
    ],
    ["ollama/llama3.2:latest", { provider: "ollama", model: "llama3.2:latest" }],
    ["a/b/", { provider: "a", model: "b/" }],
  ])("%s", (address, expected) => {
    expect(splitModelAddress(address)).toEqual(expected);
  });

  it.each(["gpt-4o", "/gpt-4o", "openai/", "", "/"])("%j is not an address", (address) => {
    expect(splitModelAddress(address)).toBeUndefined();
  });
});

describe("resolveModelTargets", () => {
  it("expands an alias into its targets, in order", () => {
    expect(resolveModelTargets("fast", table())).toEqual([
      { provider: "openai", model: "gpt-4o-mini" },
      { provider: "anthropic", model: "claude-3-5-haiku-latest" },
    ]);
  });

  it("prefers an alias over a provider id or address of the same name", () => {
    expect(resolveModelTargets("gpt-4o", table())).toEqual([
      { provider: "openrouter", model: "openai/gpt-4o" },
    ]);
  });

  it("maps a provider alias in a target to the canonical id", () => {
    expect(resolveModelTargets("local", table())).toEqual([
      { provider: "ollama", model: "llama3.2" },
    ]);
    expect(resolveModelTargets("local_ollama/qwen2.5", table())).toEqual([
      { provider: "ollama", model: "qwen2.5" },
    ]);
  });

  it("splits provider/model at the first slash, keeping the model path", () => {
    expect(resolveModelTargets("openrouter/anthropic/claude-3.5-sonnet", table())).toEqual([
      { provider: "openrouter", model: "anthropic/claude-3.5-sonnet" },
    ]);
  });

  it("answers 404 naming an unknown provider", () => {
    const err = failure(() => resolveModelTargets("mistral/mistral-large", table()));
    expect(err).toMatchObject({ status: 404, code: "model_not_found", retryable: false });
    expect(err.message).toBe('unknown provider "mistral" in model "mistral/mistral-large"');
  });

  it("answers 404 for an address with an empty part", () => {
    for (const model of ["/gpt-4o", "openai/"]) {
      const err = failure(() => resolveModelTargets(model, table()));
      expect(err).toMatchObject({ status: 404, code: "model_not_found" });
    }
  });

  it("routes a routing mode name through its priority list, skipping providers not installed", () => {
    expect(resolveModelTargets("balanced", table())).toEqual([
      { provider: "openai" },
      { provider: "anthropic" },
    ]);
    expect(resolveModelTargets("high_quality", table())).toEqual([
      { provider: "anthropic" },
      { provider: "openai" },
    ]);
  });

  it("treats a routing mode without a priority list as a bare model name", () => {
    expect(resolveModelTargets("low_cost", table())).toEqual([
      { provider: "openai", model: "low_cost" },
    ]);
  });

  it("sends a bare model name to the default provider", () => {
    expect(resolveModelTargets("gpt-4o-mini", table())).toEqual([
      { provider: "openai", model: "gpt-4o-mini" },
    ]);
    let asked = 0;
    const lazy = table({
      defaultProvider: () => {
        asked += 1;
        return "anthropic";
      },
    });
    expect(resolveModelTargets("claude", lazy)).toEqual([
      { provider: "anthropic", model: "claude" },
    ]);
    // Asked per request, since providers can become enabled after start-up.
    resolveModelTargets("claude", lazy);
    expect(asked).toBe(2);
  });

  it("answers 404 for a bare name when there is no default provider", () => {
    const err = failure(() =>
      resolveModelTargets("gpt-4o-mini", table({ defaultProvider: () => undefined })),
    );
    expect(err).toMatchObject({ status: 404, code: "model_not_found" });
    expect(err.message).toContain('model "gpt-4o-mini" names no provider');
    expect(err.message).toContain("provider/model");
  });
});

describe("resolveRouteTargets", () => {
  it("lists the mode's providers with their default models", () => {
    expect(resolveRouteTargets("balanced", table())).toEqual([
      { provider: "openai" },
      { provider: "anthropic" },
    ]);
  });

  it("answers 400 naming the config key when the mode has no providers", () => {
    for (const priority of [{}, { low_cost: [] }]) {
      const err = failure(() => resolveRouteTargets("low_cost", table({ priority })));
      expect(err).toMatchObject({ status: 400, code: "invalid_routing" });
      expect(err.message).toContain("providers.routingPriority.low_cost");
    }
  });

  it("answers 503 naming the providers when none of the mode's providers is usable", () => {
    const err = failure(() =>
      resolveRouteTargets("low_cost", table({ priority: { low_cost: ["gone", "broken"] } })),
    );
    expect(err).toMatchObject({ status: 503, code: "no_provider_available" });
    expect(err.message).toContain('"gone", "broken"');
  });
});
