import { pluginManifestSchema } from "@oss-ai-agent-tool/core";
import { runStreamFaultSuite, startHarness } from "../src/conformance/index.js";
import { createReferencePlugin, referenceManifest } from "../src/reference-provider/index.js";
import { openAIChatWire } from "../src/wires/openai-chat-wire.js";

const options = { id: "reference-openai", apiKeyEnv: "REFERENCE_OPENAI_API_KEY" };

// The fault suite run against the reference provider: proof that it passes real code.
runStreamFaultSuite({
  name: "reference provider: faults",
  providerId: options.id,
  wire: openAIChatWire(),
  model: "m-1",
  rateLimitMessage: "Rate limit reached for requests.",
  start: (overrides) =>
    startHarness({
      plugin: createReferencePlugin(options),
      manifest: pluginManifestSchema.parse(referenceManifest(options)),
      settings: (url) => ({ baseURL: `${url}/v1`, retryAttempts: 3, ...overrides }),
      credentials: { "provider:reference-openai:apiKey": "sk-ref-test-1" },
    }),
});
