import { createReferencePlugin } from "@oss-ai-agent-tool/testkit/reference-provider";

export default createReferencePlugin({ id: "beta", apiKeyEnv: "BETA_API_KEY" });
