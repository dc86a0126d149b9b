import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ProviderError } from "../../src/errors/provider-error.js";
import { clearRegisteredSecrets, redactSecrets } from "../../src/errors/redact-secrets.js";
import { EnvStore } from "../../src/secrets/env-store.js";
import { requireSecret } from "../../src/secrets/require-secret.js";

const KEY = "provider:openai:apiKey";

beforeEach(() => {
  vi.stubEnv("OPENAI_API_KEY", undefined);
  vi.stubEnv("OPENAI_KEY_ALT", undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  clearRegisteredSecrets();
});

async function caught(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ProviderError);
    return err as ProviderError;
  }
  throw new Error("expected a rejection");
}

describe("requireSecret", () => {
  it("prefers the store over the environment", async () => {
    vi.stubEnv("OPENAI_API_KEY", "from-env-value");
    const store = new EnvStore({ [KEY]: "from-store-value" });
    await expect(requireSecret(store, "openai", { key: KEY, env: "OPENAI_API_KEY" })).resolves.toBe(
      "from-store-value",
    );
  });

  it("falls back to the environment and registers the value for redaction", async () => {
    vi.stubEnv("OPENAI_API_KEY", "env-only-secret-value");
    const value = await requireSecret(new EnvStore({}), "openai", {
      key: KEY,
      env: "OPENAI_API_KEY",
    });
    expect(value).toBe("env-only-secret-value");
    expect(redactSecrets("got env-only-secret-value back")).toBe("got [REDACTED] back");
  });

  it("takes the first set variable of a list, skipping empty ones", async () => {
    vi.stubEnv("OPENAI_API_KEY", "");
    vi.stubEnv("OPENAI_KEY_ALT", "alt-secret-value");
    const value = await requireSecret(new EnvStore({ [KEY]: "" }), "openai", {
      key: KEY,
      env: ["OPENAI_API_KEY", "OPENAI_KEY_ALT"],
    });
    expect(value).toBe("alt-secret-value");
  });

  it("treats an empty store value as missing", async () => {
    const store = { get: async () => "", set: async () => {}, delete: async () => {} };
    vi.stubEnv("OPENAI_API_KEY", "fallback-value");
    await expect(requireSecret(store, "openai", { key: KEY, env: "OPENAI_API_KEY" })).resolves.toBe(
      "fallback-value",
    );
  });

  it("throws missing_credentials naming the provider, description, key and env var", async () => {
    const err = await caught(
      requireSecret(new EnvStore({}), "openai", {
        key: KEY,
        env: "OPENAI_API_KEY",
        description: "API key",
      }),
    );
    expect(err.message).toBe(
      'openai: API key is not configured: set secret "provider:openai:apiKey" or environment variable OPENAI_API_KEY',
    );
    expect(err).toMatchObject({
      status: 500,
      code: "missing_credentials",
      provider: "openai",
      retryable: false,
    });
  });

  it("names every variable of a list, and copes with none", async () => {
    const many = await caught(
      requireSecret(new EnvStore({}), "openai", {
        key: KEY,
        env: ["OPENAI_API_KEY", "OPENAI_KEY_ALT"],
      }),
    );
    expect(many.message).toBe(
      'openai: credential is not configured: set secret "provider:openai:apiKey" or one of the environment variables OPENAI_API_KEY, OPENAI_KEY_ALT',
    );
    const none = await caught(requireSecret(new EnvStore({}), "openai", { key: KEY }));
    expect(none.message).toBe(
      'openai: credential is not configured: set secret "provider:openai:apiKey"',
    );
  });
});
