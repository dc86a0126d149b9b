import {
  type ChatScenario,
  encodeSseEvent,
  json,
  type MockReply,
  openAIChatWire,
  type RecordedRequest,
  type ReplySource,
  type RouteMatcher,
  type WireAdapter,
} from "@oss-ai-agent-tool/testkit";

/** The API version every test sends. */
export const TEST_API_VERSION = "2024-10-21";

function matches(matcher: RouteMatcher, request: RecordedRequest): boolean {
  if (typeof matcher === "string") return request.path === matcher;
  if (matcher instanceof RegExp) return matcher.test(request.path);
  return matcher(request);
}

/** `/openai/deployments/<deployment>/<operation>` with an `api-version` query. */
export function azureDeploymentPath(request: RecordedRequest, operation: string): boolean {
  const match = /^\/openai\/deployments\/([^/]+)\/(.+)$/.exec(request.path);
  return match?.[2] === operation && request.query["api-version"] !== undefined;
}

/** The deployment a request was routed to, from its path. */
export function deploymentOf(request: RecordedRequest | undefined): string | undefined {
  return /^\/openai\/deployments\/([^/]+)\//.exec(request?.path ?? "")?.[1];
}

/**
 * Azure's first stream frame: prompt-filter results with no choices and an
 * empty id and model, before the model's own chunks (as recorded in
 * `azure-model-router.1.chunks.txt`).
 */
export const PROMPT_FILTER_CHUNK = {
  choices: [],
  created: 0,
  id: "",
  model: "",
  object: "",
  prompt_filter_results: [
    {
      prompt_index: 0,
      content_filter_results: {
        hate: { filtered: false, severity: "safe" },
        self_harm: { filtered: false, severity: "safe" },
        sexual: { filtered: false, severity: "safe" },
        violence: { filtered: false, severity: "safe" },
      },
    },
  ],
};

function withPromptFilter(reply: MockReply): MockReply {
  if (reply.status !== 200) return reply;
  const frame = new TextEncoder().encode(encodeSseEvent({ data: PROMPT_FILTER_CHUNK }));
  return { ...reply, units: [frame, ...reply.units] };
}

/**
 * The Azure OpenAI wire: the OpenAI chat-completions format on Azure's
 * paths (`/openai/deployments/<deployment>/chat/completions` and
 * `/embeddings`, `GET /openai/models`, each with `?api-version=`), Azure's
 * prompt-filter frame first in every stream, Azure's error bodies for 401
 * and 429 (`{ error: { code: "429", message } }`), and the API key in the
 * `api-key` header (a Microsoft Entra ID token in `Authorization: Bearer`).
 */
export function azureOpenAIWire(): WireAdapter {
  const base = openAIChatWire();
  const { chat, stream } = base.routes;
  const baseStream = base.streamReply?.bind(base);
  return {
    ...base,
    routes: {
      chat: {
        method: "POST",
        path: (r) => azureDeploymentPath(r, "chat/completions") && matches(chat.path, r),
      },
      stream: {
        method: "POST",
        path: (r) =>
          azureDeploymentPath(r, "chat/completions") && !!stream && matches(stream.path, r),
      },
      embed: { method: "POST", path: (r) => azureDeploymentPath(r, "embeddings") },
      probe: {
        method: "GET",
        path: (r) => r.path === "/openai/models" && r.query["api-version"] !== undefined,
      },
    },
    streamReply(scenario: ChatScenario, options?: { delayMs?: number }): ReplySource {
      const source = baseStream?.(scenario, options);
      return async (request: RecordedRequest) => {
        const reply = typeof source === "function" ? await source(request) : source;
        if (!reply) throw new Error("the OpenAI wire has no stream reply");
        return withPromptFilter(reply);
      };
    },
    errorReply(status, message, headers) {
      if (status !== 401 && status !== 429) return base.errorReply(status, message, headers);
      return json(
        { error: { code: String(status), message } },
        { status, ...(headers ? { headers } : {}) },
      );
    },
    credentialOf(request) {
      const key = request.headers["api-key"];
      if (key !== undefined) return key;
      const auth = request.headers.authorization;
      return auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length) : undefined;
    },
  };
}
