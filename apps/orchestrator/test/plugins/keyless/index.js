import { createReferencePlugin } from "@oss-ai-agent-tool/testkit/reference-provider";

// No apiKeyEnv: the plugin declares no credential and sends a placeholder key.
export default createReferencePlugin({ id: "keyless" });
