import { createReferencePlugin } from "@oss-ai-agent-tool/testkit/reference-provider";

// The README's examples address `openai/gpt-4o-mini`; this stands in for the real plugin.
export default createReferencePlugin({ id: "openai", defaultModel: "gpt-4o-mini" });
