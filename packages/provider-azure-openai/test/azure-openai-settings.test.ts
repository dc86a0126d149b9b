import { settingsSchemaShape } from "@oss-ai-agent-tool/testkit";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };
import {
  azureOpenAISettingsSchema,
  parseAzureOpenAISettings,
} from "../src/azure-openai-settings.js";

const minimal = { apiVersion: "2024-10-21" };

describe("azure-openai settings", () => {
  it("the manifest's optionsSchema matches the zod schema", () => {
    const fromZod = z.toJSONSchema(azureOpenAISettingsSchema, { io: "input" });
    expect(settingsSchemaShape(pkg.oaat.optionsSchema)).toEqual(settingsSchemaShape(fromZod));
  });

  it("has no format keyword in the manifest (validators reject unknown formats)", () => {
    expect(JSON.stringify(pkg.oaat.optionsSchema)).not.toContain('"format"');
  });

  it.each([
    ["minimal", minimal],
    [
      "everything",
      {
        ...minimal,
        endpoint: "https://my-resource.openai.azure.com/",
        defaultModel: "gpt-4o",
        defaultEmbeddingModel: "text-embedding-3-small",
        deployments: { "gpt-4o": "prod-gpt4o", "text-embedding-3-small": "emb" },
        timeoutMs: 30_000,
        idleTimeoutMs: 10_000,
        retryAttempts: 2,
        entra: {
          tenantId: "11111111-2222-3333-4444-555555555555",
          clientId: "app-id",
          scope: "https://cognitiveservices.azure.com/.default",
          authorityHost: "https://login.microsoftonline.us",
        },
      },
    ],
    ["a proxy base URL", { ...minimal, baseURL: "http://127.0.0.1:8080/openai" }],
    [
      "a tenant domain",
      { ...minimal, entra: { tenantId: "contoso.onmicrosoft.com", clientId: "x" } },
    ],
  ])("accepts %s", (_name, settings) => {
    expect(parseAzureOpenAISettings(settings)).toMatchObject(settings);
  });

  it.each([
    ["no apiVersion", {}, "providers.settings.azure-openai.apiVersion: is required"],
    ["an empty apiVersion", { apiVersion: "" }, "apiVersion: is required"],
    ["a non-http endpoint", { ...minimal, endpoint: "ftp://x" }, "endpoint: must be an absolute"],
    ["a relative baseURL", { ...minimal, baseURL: "/openai" }, "baseURL: must be an absolute"],
    [
      "both baseURL and endpoint",
      { ...minimal, baseURL: "http://a/openai", endpoint: "http://b" },
      "endpoint: baseURL and endpoint are mutually exclusive",
    ],
    ["an unknown key", { ...minimal, apiKey: "sk-x" }, "apiKey"],
    ["an empty deployment", { ...minimal, deployments: { a: "" } }, "deployments.a"],
    ["entra without clientId", { ...minimal, entra: { tenantId: "t" } }, "entra.clientId"],
    [
      "a tenant with a slash",
      { ...minimal, entra: { tenantId: "a/b", clientId: "c" } },
      "tenantId",
    ],
    [
      "an unknown entra key",
      { ...minimal, entra: { tenantId: "t", clientId: "c", secret: "s" } },
      "entra",
    ],
    ["retryAttempts above 10", { ...minimal, retryAttempts: 11 }, "retryAttempts"],
  ])("rejects %s, naming the field", (_name, settings, expected) => {
    expect(() => parseAzureOpenAISettings(settings)).toThrow(expected);
  });

  it("treats absent settings as empty (and so reports the missing apiVersion)", () => {
    expect(() => parseAzureOpenAISettings(undefined)).toThrow("apiVersion");
  });
});
