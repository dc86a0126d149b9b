import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AZURE_OPENAI_ENDPOINT_ENV, resolveAzureBaseURL } from "../src/resolve-azure-base-url.js";
import { resolveDeployment } from "../src/resolve-deployment.js";

describe("resolveDeployment", () => {
  it("maps a model to its configured deployment", () => {
    expect(resolveDeployment("gpt-4o", { "gpt-4o": "prod-gpt4o" })).toBe("prod-gpt4o");
  });

  it("uses the model name itself when it has no mapping", () => {
    expect(resolveDeployment("gpt-4o-mini", { "gpt-4o": "prod-gpt4o" })).toBe("gpt-4o-mini");
    expect(resolveDeployment("gpt-4o-mini", undefined)).toBe("gpt-4o-mini");
  });

  it("never reads inherited keys", () => {
    expect(resolveDeployment("toString", {})).toBe("toString");
    expect(resolveDeployment("constructor", {})).toBe("constructor");
  });
});

describe("resolveAzureBaseURL", () => {
  it("uses baseURL as is", () => {
    expect(resolveAzureBaseURL("azure-openai", { baseURL: "http://proxy/azure/openai/" })).toBe(
      "http://proxy/azure/openai/",
    );
  });

  it("appends /openai to the endpoint, dropping trailing slashes, as the SDK does", () => {
    expect(
      resolveAzureBaseURL("azure-openai", { endpoint: "https://res.openai.azure.com//" }),
    ).toBe("https://res.openai.azure.com/openai");
  });

  it("falls back to the environment's endpoint", () => {
    expect(
      resolveAzureBaseURL("azure-openai", { envEndpoint: "https://env.openai.azure.com" }),
    ).toBe("https://env.openai.azure.com/openai");
    expect(
      resolveAzureBaseURL("azure-openai", {
        endpoint: "https://settings.openai.azure.com",
        envEndpoint: "https://env.openai.azure.com",
      }),
    ).toBe("https://settings.openai.azure.com/openai");
  });

  it("fails with missing_endpoint naming the setting and the variable", () => {
    expect(() => resolveAzureBaseURL("azure-openai", { envEndpoint: "" })).toThrow(
      expect.objectContaining({
        status: 500,
        code: "missing_endpoint",
        retryable: false,
        message: expect.stringMatching(
          new RegExp(
            `providers\\.settings\\.azure-openai\\.endpoint.*${AZURE_OPENAI_ENDPOINT_ENV}`,
          ),
        ),
      }),
    );
  });
});

describe("resolveDeployment (properties)", () => {
  it("returns the mapping for a mapped model and the model itself otherwise", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }), fc.string({ minLength: 1 })),
        fc.string({ minLength: 1 }),
        (deployments, model) => {
          const expected = Object.hasOwn(deployments, model) ? deployments[model] : model;
          expect(resolveDeployment(model, deployments)).toBe(expected);
        },
      ),
    );
  });
});
