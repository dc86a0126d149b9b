import { afterEach, describe, expect, it } from "vitest";
import { clearRegisteredSecrets, redactSecrets } from "../../src/errors/redact-secrets.js";
import { EnvStore } from "../../src/secrets/env-store.js";

afterEach(() => clearRegisteredSecrets());

describe("EnvStore", () => {
  it("reads the variable named by the key", async () => {
    const store = new EnvStore({ MY_KEY: "value-123" });
    expect(await store.get("MY_KEY")).toBe("value-123");
    expect(await store.get("OTHER")).toBeUndefined();
  });

  it("maps keys to variable names", async () => {
    const env: NodeJS.ProcessEnv = { OPENAI_API_KEY: "sk-test-value" };
    const store = new EnvStore(env, {
      mapKey: (key) => `${key.split(":")[1]?.toUpperCase()}_API_KEY`,
    });
    expect(await store.get("provider:openai:apiKey")).toBe("sk-test-value");
    await store.set("provider:anthropic:apiKey", "ant-value");
    expect(env.ANTHROPIC_API_KEY).toBe("ant-value");
    await store.delete("provider:openai:apiKey");
    expect("OPENAI_API_KEY" in env).toBe(false);
  });

  it("treats an empty variable as missing", async () => {
    expect(await new EnvStore({ EMPTY: "" }).get("EMPTY")).toBeUndefined();
  });

  it("registers values it hands out for redaction", async () => {
    await new EnvStore({ K: "plain-looking-secret" }).get("K");
    expect(redactSecrets("echo plain-looking-secret")).toBe("echo [REDACTED]");
  });

  it("defaults to process.env", async () => {
    process.env.CORE_ENV_STORE_TEST = "from-process";
    try {
      expect(await new EnvStore().get("CORE_ENV_STORE_TEST")).toBe("from-process");
    } finally {
      delete process.env.CORE_ENV_STORE_TEST;
    }
  });
});
