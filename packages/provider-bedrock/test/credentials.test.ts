import { redactSecrets } from "@oss-ai-agent-tool/core";
import { MemorySecretsStore } from "@oss-ai-agent-tool/testkit";
import type { AwsCredentialIdentity } from "@smithy/types";
import { describe, expect, it } from "vitest";
import {
  BEDROCK_CREDENTIALS,
  createRefreshingCredentials,
  DEFAULT_REFRESH_BEFORE_MS,
  noCredentialsError,
  readBedrockCredentials,
} from "../src/index.js";

const { accessKeyId: ID, secretAccessKey: SECRET, sessionToken: TOKEN } = BEDROCK_CREDENTIALS;

describe("readBedrockCredentials", () => {
  it("reads the three values from the secrets store and registers them for redaction", async () => {
    const store = new MemorySecretsStore({
      [ID.key]: "AKIDSTORE",
      [SECRET.key]: "store-secret-value-1",
      [TOKEN.key]: "store-token-value-1",
    });
    expect(await readBedrockCredentials(store, { AWS_ACCESS_KEY_ID: "AKIDENV" })).toEqual({
      kind: "keys",
      from: "secrets",
      keys: {
        accessKeyId: "AKIDSTORE",
        secretAccessKey: "store-secret-value-1",
        sessionToken: "store-token-value-1",
      },
    });
    expect(redactSecrets("x store-secret-value-1 y store-token-value-1")).not.toContain("value-1");
  });

  it("reads the environment when the store holds no access key, never mixing the two", async () => {
    const store = new MemorySecretsStore({ [SECRET.key]: "ignored", [TOKEN.key]: "ignored" });
    expect(
      await readBedrockCredentials(store, {
        AWS_ACCESS_KEY_ID: "AKIDENV",
        AWS_SECRET_ACCESS_KEY: "env-secret",
      }),
    ).toEqual({
      kind: "keys",
      from: "env",
      keys: { accessKeyId: "AKIDENV", secretAccessKey: "env-secret" },
    });
  });

  it("falls back to the default chain when no access key is set anywhere (empty counts as unset)", async () => {
    const store = new MemorySecretsStore({ [ID.key]: "" });
    expect(await readBedrockCredentials(store, { AWS_ACCESS_KEY_ID: "" })).toEqual({
      kind: "default-chain",
    });
  });

  it.each([
    ["secrets", { [ID.key]: "AKID" }, {}, SECRET.key],
    ["env", {}, { AWS_ACCESS_KEY_ID: "AKID" }, SECRET.env],
  ])("names the missing secret next to an access key from %s", async (_, stored, env, named) => {
    const err = await readBedrockCredentials(new MemorySecretsStore(stored), env).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ status: 500, code: "missing_credentials", retryable: false });
    expect((err as Error).message).toContain(named);
  });

  it("words the default chain's failure with every way to configure credentials", () => {
    const err = noCredentialsError(new Error("Could not load credentials"));
    expect(err.message).toContain("(Could not load credentials)");
    expect(noCredentialsError("weird").message).toMatch(/instance role\)$/);
  });
});

describe("createRefreshingCredentials", () => {
  function setup(options: { refreshBeforeMs?: number } = {}) {
    let now = 1_000_000;
    let calls = 0;
    let fail = false;
    let lifetimeMs: number | undefined = 60 * 60_000;
    const source = async (): Promise<AwsCredentialIdentity> => {
      calls += 1;
      if (fail) throw new Error("chain down");
      return {
        accessKeyId: `ASIA${calls}`,
        secretAccessKey: "s",
        ...(lifetimeMs !== undefined ? { expiration: new Date(now + lifetimeMs) } : {}),
      };
    };
    const provider = createRefreshingCredentials(source, { now: () => now, ...options });
    return {
      provider,
      advance: (ms: number) => {
        now += ms;
      },
      calls: () => calls,
      setFail: (value: boolean) => {
        fail = value;
      },
      setLifetime: (ms: number | undefined) => {
        lifetimeMs = ms;
      },
    };
  }

  it("reuses credentials until the refresh window before their expiry, then fetches new ones", async () => {
    const t = setup();
    expect((await t.provider()).accessKeyId).toBe("ASIA1");
    t.advance(60 * 60_000 - DEFAULT_REFRESH_BEFORE_MS - 1);
    expect((await t.provider()).accessKeyId).toBe("ASIA1");
    t.advance(2);
    expect((await t.provider()).accessKeyId).toBe("ASIA2");
    expect(t.calls()).toBe(2);
  });

  it("keeps credentials without an expiration", async () => {
    const t = setup();
    t.setLifetime(undefined);
    await t.provider();
    t.advance(365 * 24 * 60 * 60_000);
    expect((await t.provider()).accessKeyId).toBe("ASIA1");
    expect(t.calls()).toBe(1);
  });

  it("shares one refresh between concurrent callers", async () => {
    const t = setup();
    const all = await Promise.all([t.provider(), t.provider(), t.provider()]);
    expect(all.map((c) => c.accessKeyId)).toEqual(["ASIA1", "ASIA1", "ASIA1"]);
    expect(t.calls()).toBe(1);
  });

  it("serves still-valid credentials when a refresh fails, and fails once they have expired", async () => {
    const t = setup({ refreshBeforeMs: 10 * 60_000 });
    await t.provider();
    t.setFail(true);
    t.advance(55 * 60_000); // inside the window, not yet expired
    expect((await t.provider()).accessKeyId).toBe("ASIA1");
    t.advance(5 * 60_000); // expired
    await expect(t.provider()).rejects.toThrow("chain down");
    t.setFail(false);
    expect((await t.provider()).accessKeyId).toBe("ASIA4");
  });

  it("fails when the first fetch fails", async () => {
    const t = setup();
    t.setFail(true);
    await expect(t.provider()).rejects.toThrow("chain down");
  });
});
