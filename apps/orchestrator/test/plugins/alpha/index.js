import { createReferencePlugin } from "@oss-ai-agent-tool/testkit/reference-provider";

export default createReferencePlugin({ id: "alpha", apiKeyEnv: "ALPHA_API_KEY" });
