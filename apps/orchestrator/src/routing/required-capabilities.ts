import type { ChatRequest, PluginManifest } from "@oss-ai-agent-tool/core";

/** A capability a request needs from the provider it goes to. */
export type RequiredCapability = "tools" | "vision" | "responseFormat" | "embeddings";

/** What a chat request needs beyond plain chat. */
export function requiredChatCapabilities(req: ChatRequest): RequiredCapability[] {
  const needs: RequiredCapability[] = [];
  if (req.tools && req.tools.length > 0) needs.push("tools");
  if (req.responseFormat && req.responseFormat.type !== "text") needs.push("responseFormat");
  const hasImage = req.messages.some(
    (m) =>
      m.role === "user" && Array.isArray(m.content) && m.content.some((p) => p.type === "image"),
  );
  if (hasImage) needs.push("vision");
  return needs;
}

/** The first capability of `needs` the manifest does not declare. */
export function missingCapability(
  manifest: PluginManifest,
  needs: readonly RequiredCapability[],
): RequiredCapability | undefined {
  return needs.find((need) => !manifest.capabilities[need]);
}
