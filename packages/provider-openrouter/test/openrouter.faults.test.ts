import { runStreamFaultSuite } from "@oss-ai-agent-tool/testkit";
import plugin from "../src/index.js";
import { startOpenRouter } from "./helpers.js";
import { openRouterWire } from "./openrouter-wire.js";

runStreamFaultSuite({
  name: "openrouter: faults",
  providerId: "openrouter",
  wire: openRouterWire(),
  model: "anthropic/claude-3.5-sonnet",
  rateLimitMessage: "Rate limit exceeded: free-models-per-min.",
  start: (overrides) =>
    startOpenRouter(plugin, (url) => ({
      baseURL: `${url}/api/v1`,
      retryAttempts: 3,
      ...overrides,
    })),
});
