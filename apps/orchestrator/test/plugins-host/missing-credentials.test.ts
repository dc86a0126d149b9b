import type { CredentialSpec } from "@oss-ai-agent-tool/core";
import { MemorySecretsStore } from "@oss-ai-agent-tool/testkit";
import { describe, expect, it } from "vitest";
import { findMissingCredentials } from "../../src/plugins/index.js";

const apiKey: CredentialSpec = {
  key: "provider:x:apiKey",
  env: "X_API_KEY",
  description: "API key",
  required: true,
  oneOf: "auth",
};
const clientSecret: CredentialSpec = {
  key: "provider:x:clientSecret",
  env: ["X_CLIENT_SECRET", "X_SECRET"],
  description: "client secret",
  required: true,
  oneOf: "auth",
};
const region: CredentialSpec = {
  key: "provider:x:region",
  env: "X_REGION",
  description: "region",
  required: true,
};

describe("findMissingCredentials", () => {
  it("reports a oneOf group once, naming every alternative, when none is set", async () => {
    const missing = await findMissingCredentials(
      [apiKey, clientSecret, region],
      new MemorySecretsStore(),
      {},
    );
    expect(missing).toEqual([
      { key: "provider:x:region", env: ["X_REGION"], description: "region" },
      {
        key: "provider:x:apiKey | provider:x:clientSecret",
        env: ["X_API_KEY", "X_CLIENT_SECRET", "X_SECRET"],
        description: "one of: API key, client secret",
      },
    ]);
  });

  it("is satisfied by any one member of the group, from the environment or the store", async () => {
    expect(
      await findMissingCredentials([apiKey, clientSecret], new MemorySecretsStore(), {
        X_SECRET: "s",
      }),
    ).toEqual([]);
    const store = new MemorySecretsStore();
    await store.set("provider:x:apiKey", "k");
    expect(await findMissingCredentials([apiKey, clientSecret], store, {})).toEqual([]);
  });

  it("ignores optional credentials and treats empty values as missing", async () => {
    const optional: CredentialSpec = { ...region, required: false };
    expect(await findMissingCredentials([optional], new MemorySecretsStore(), {})).toEqual([]);
    expect(
      await findMissingCredentials([region], new MemorySecretsStore(), { X_REGION: "" }),
    ).toHaveLength(1);
  });
});
