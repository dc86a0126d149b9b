interface GptVersion {
  major: number;
  minor: number | undefined;
  variant: string | undefined;
}

function gptVersion(model: string): GptVersion | undefined {
  const match = /^gpt-(\d+)(?:\.(\d+))?(?:-(.+))?$/.exec(model);
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: match[2] === undefined ? undefined : Number(match[2]),
    variant: match[3],
  };
}

/**
 * Whether an OpenAI model id names a reasoning model, which takes
 * `max_completion_tokens` instead of `max_tokens` and samples at fixed
 * settings. Pure.
 *
 * The rule: the o-series (`o1`, `o3-mini`, `o4-mini-2025-04-16`, ...), every
 * `gpt-N` with N >= 5 (`gpt-5`, `gpt-5-mini`, `gpt-5.1`, `gpt-5.2-codex`)
 * except the non-reasoning `gpt-5-chat-latest` line, and `codex-mini-latest`.
 * Ids are matched as OpenAI spells them; a prefixed id such as
 * `openai/o3` (OpenRouter) or a fine-tune (`ft:...`) does not match.
 */
export function isOpenAIReasoningModel(model: string): boolean {
  if (/^o\d+(?:-|$)/.test(model)) return true;
  if (/^codex-mini(?:-|$)/.test(model)) return true;
  const gpt = gptVersion(model);
  if (!gpt || gpt.major < 5) return false;
  const chatLine = gpt.minor === undefined && (gpt.variant?.startsWith("chat") ?? false);
  return !chatLine;
}

/**
 * Whether a reasoning model accepts `temperature` and `top_p` for this
 * request: GPT-5.1 and later do when `reasoning_effort` is `"none"`, which
 * turns reasoning off. Pure.
 */
export function acceptsSamplingParameters(model: string, reasoningEffort: unknown): boolean {
  if (reasoningEffort !== "none") return false;
  const gpt = gptVersion(model);
  return gpt !== undefined && (gpt.major > 5 || (gpt.major === 5 && (gpt.minor ?? 0) >= 1));
}
