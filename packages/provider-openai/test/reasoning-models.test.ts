import { describe, expect, it } from "vitest";
import {
  acceptsSamplingParameters,
  findUnsupportedParameters,
  isOpenAIReasoningModel,
} from "../src/index.js";

describe("isOpenAIReasoningModel", () => {
  it.each([
    "o1",
    "o1-2024-12-17",
    "o1-mini",
    "o3",
    "o3-mini",
    "o3-pro",
    "o4-mini",
    "o4-mini-2025-04-16",
    "gpt-5",
    "gpt-5-mini",
    "gpt-5-nano",
    "gpt-5-2025-08-07",
    "gpt-5.1",
    "gpt-5.2-codex",
    "gpt-5.1-chat-latest",
    "gpt-6",
    "codex-mini-latest",
  ])("%s is a reasoning model", (model) => {
    expect(isOpenAIReasoningModel(model)).toBe(true);
  });

  it.each([
    "gpt-4o",
    "gpt-4o-mini",
    "gpt-4.1-nano",
    "gpt-4-turbo",
    "gpt-3.5-turbo",
    "gpt-5-chat-latest",
    "omni-moderation-latest",
    "openai/o3",
    "ft:gpt-4o-mini:acme::abc",
    "text-embedding-3-small",
    "llama-3.3-70b",
  ])("%s is not", (model) => {
    expect(isOpenAIReasoningModel(model)).toBe(false);
  });
});

describe("acceptsSamplingParameters", () => {
  it.each([
    ["gpt-5.1", "none", true],
    ["gpt-5.2-codex", "none", true],
    ["gpt-6", "none", true],
    ["gpt-5.1", "low", false],
    ["gpt-5.1", undefined, false],
    ["gpt-5", "none", false],
    ["o3", "none", false],
  ])("%s with reasoning_effort %s: %s", (model, effort, expected) => {
    expect(acceptsSamplingParameters(model, effort)).toBe(expected);
  });
});

describe("findUnsupportedParameters", () => {
  const req = {
    messages: [{ role: "user" as const, content: "x" }],
    temperature: 0.2,
    topP: 0.9,
    maxTokens: 10,
  };

  it("names temperature and top_p for a reasoning model", () => {
    expect(findUnsupportedParameters(req, "o3", true)).toEqual(["temperature", "top_p"]);
  });

  it("names nothing for other models, or when reasoning is off", () => {
    expect(findUnsupportedParameters(req, "gpt-4o", false)).toEqual([]);
    expect(findUnsupportedParameters(req, "gpt-5.1", true, { reasoning_effort: "none" })).toEqual(
      [],
    );
    expect(findUnsupportedParameters(req, "gpt-4o", false, { frequency_penalty: 1 })).toEqual([]);
  });

  it("also names what the extra body parameters carry, ignoring nulls", () => {
    expect(
      findUnsupportedParameters({ messages: [] }, "o3", true, {
        frequency_penalty: 0,
        presence_penalty: null,
        logit_bias: { "1": 1 },
        logprobs: true,
        top_logprobs: 2,
        top_p: 1,
        temperature: 1,
      }),
    ).toEqual([
      "temperature",
      "top_p",
      "frequency_penalty",
      "logit_bias",
      "logprobs",
      "top_logprobs",
    ]);
  });

  it("keeps only the penalties and logit_bias for GPT-5.1 with reasoning_effort none", () => {
    expect(
      findUnsupportedParameters({ messages: [], temperature: 0 }, "gpt-5.1", true, {
        reasoning_effort: "none",
        logprobs: true,
        presence_penalty: 0.5,
        logit_bias: {},
      }),
    ).toEqual(["presence_penalty", "logit_bias"]);
  });

  it("only names what the request sets", () => {
    expect(findUnsupportedParameters({ messages: [], topP: 1 }, "o4-mini", true)).toEqual([
      "top_p",
    ]);
    expect(findUnsupportedParameters({ messages: [] }, "o4-mini", true)).toEqual([]);
  });
});
