import { runStreamFaultSuite } from "@oss-ai-agent-tool/testkit";
import plugin from "../src/index.js";
import { azureOpenAIWire, TEST_API_VERSION } from "./azure-wire.js";
import { startAzure } from "./helpers.js";

runStreamFaultSuite({
  name: "azure-openai: faults",
  providerId: "azure-openai",
  wire: azureOpenAIWire(),
  model: "gpt-4o",
  replyModel: "gpt-4o-2024-08-06",
  rateLimitMessage:
    "Requests to the ChatCompletions_Create Operation have exceeded the rate limit.",
  start: (overrides) =>
    startAzure(plugin, (url) => ({
      endpoint: url,
      apiVersion: TEST_API_VERSION,
      retryAttempts: 3,
      ...overrides,
    })),
});
