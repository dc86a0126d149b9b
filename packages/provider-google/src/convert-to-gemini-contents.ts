import type { Content, Part } from "@google/genai";
import type { ChatMessage, ImagePart, TextPart, ToolCall } from "@oss-ai-agent-tool/core";
import {
  decodeGeminiToolCallId,
  requiresThoughtSignatures,
  SKIP_THOUGHT_SIGNATURE,
} from "./gemini-tool-call-id.js";
import { GOOGLE_PROVIDER_ID } from "./google-settings.js";
import { invalidRequestError } from "./provider-request-error.js";

/** A conversation in Gemini's terms. */
export interface GeminiContents {
  contents: Content[];
  /** Every system message, joined; Gemini has no system role inside `contents`. */
  systemInstruction?: Content;
}

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  heic: "image/heic",
  heif: "image/heif",
};

function textOf(content: string | readonly TextPart[] | null | undefined): string {
  if (content == null) return "";
  return typeof content === "string" ? content : content.map((p) => p.text).join("");
}

/** The media type an image URL's file extension suggests, if any. */
export function imageTypeFromUrl(url: string): string | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const extension = /\.([a-z0-9]+)$/i.exec(pathname)?.[1]?.toLowerCase();
  return extension !== undefined ? IMAGE_TYPES[extension] : undefined;
}

/**
 * An image part in Gemini's terms. Bytes (`data`, or a `data:` URL) go inline
 * as `inlineData`; an http(s) URL goes as `fileData`, which Gemini fetches
 * itself, so the gateway never downloads user-supplied URLs. `fileData` needs
 * a media type: the part's `mediaType`, else the URL's extension, else
 * `image/jpeg`. `detail` has no Gemini counterpart and is dropped.
 */
export function toGeminiImagePart(part: ImagePart): Part {
  if (part.data !== undefined) {
    return { inlineData: { data: part.data, mimeType: part.mediaType ?? "image/png" } };
  }
  const url = part.url ?? "";
  const dataUrl = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/is.exec(url);
  if (dataUrl) {
    const mimeType = dataUrl[1] || part.mediaType || "image/png";
    const isBase64 = /;base64/i.test(dataUrl[2] ?? "");
    const payload = dataUrl[3] ?? "";
    const data = isBase64
      ? payload
      : Buffer.from(decodeURIComponent(payload), "utf8").toString("base64");
    return { inlineData: { data, mimeType } };
  }
  return {
    fileData: { fileUri: url, mimeType: part.mediaType ?? imageTypeFromUrl(url) ?? "image/jpeg" },
  };
}

/** A tool call's arguments as the object Gemini wants; the JSON text must be an object. */
function parseArguments(call: ToolCall): Record<string, unknown> {
  const text = call.arguments.trim();
  if (text === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidRequestError(
      GOOGLE_PROVIDER_ID,
      "invalid_tool_arguments",
      `the arguments of tool call "${call.id}" (${call.name}) are not valid JSON`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalidRequestError(
      GOOGLE_PROVIDER_ID,
      "invalid_tool_arguments",
      `the arguments of tool call "${call.id}" (${call.name}) must be a JSON object`,
    );
  }
  return parsed as Record<string, unknown>;
}

/**
 * A tool result as Gemini's `functionResponse.response`, which must be an
 * object: a JSON object result is sent as it is; anything else (text, an
 * array, a number) is sent as `{ output }`, the key Gemini reads as the
 * function's output. Pure.
 */
export function toGeminiFunctionResponse(content: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(content);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
    return { output: parsed };
  } catch {
    return { output: content };
  }
}

function assistantParts(calls: readonly ToolCall[], text: string, model: string): Part[] {
  const parts: Part[] = text ? [{ text }] : [];
  const decoded = calls.map((call) => ({ call, ...decodeGeminiToolCallId(call.id) }));
  // Gemini 3 checks the first function call of each model turn for a signature.
  const needsDummy =
    decoded.length > 0 &&
    requiresThoughtSignatures(model) &&
    decoded.every((d) => d.thoughtSignature === undefined);
  for (const [i, { call, id, thoughtSignature }] of decoded.entries()) {
    const signature =
      thoughtSignature ?? (needsDummy && i === 0 ? SKIP_THOUGHT_SIGNATURE : undefined);
    parts.push({
      functionCall: { id, name: call.name, args: parseArguments(call) },
      ...(signature !== undefined ? { thoughtSignature: signature } : {}),
    });
  }
  return parts;
}

/**
 * Maps contract messages to Gemini `contents` (roles `user` and `model`) and
 * a `systemInstruction`.
 *
 * - System messages, wherever they are, are joined into `systemInstruction`.
 * - An assistant turn becomes a `model` turn: its text, then one
 *   `functionCall` part per tool call, with the call's id (without the thought
 *   signature it may carry) and the signature as the part's
 *   `thoughtSignature`. For Gemini 3 models, a turn whose calls carry no
 *   signature (history from another model) gets Gemini's documented
 *   skip-validation signature on its first call. Earlier `reasoning` is not
 *   sent back: Gemini reads no unsigned thought text.
 * - Consecutive tool results become one `user` turn of `functionResponse`
 *   parts, as Gemini expects the answers to parallel calls together. Each
 *   needs the function's name: the message's `name`, else the name of the
 *   earlier assistant tool call with that id.
 * - A user message's `name` has no Gemini field and is dropped.
 *
 * Pure; throws a 400 `ProviderError` for tool-call arguments that are not a
 * JSON object and for a tool result whose function name cannot be found.
 */
export function convertToGeminiContents(
  messages: readonly ChatMessage[],
  model: string,
): GeminiContents {
  const system: string[] = [];
  const contents: Content[] = [];
  const names = new Map<string, string>();
  let toolTurn: Part[] | undefined;

  for (const message of messages) {
    if (message.role !== "tool") toolTurn = undefined;
    switch (message.role) {
      case "system": {
        const text = textOf(message.content);
        if (text) system.push(text);
        break;
      }
      case "user": {
        const parts: Part[] =
          typeof message.content === "string"
            ? [{ text: message.content }]
            : message.content.map((part) =>
                part.type === "text" ? { text: part.text } : toGeminiImagePart(part),
              );
        if (parts.length > 0) contents.push({ role: "user", parts });
        break;
      }
      case "assistant": {
        const calls = message.toolCalls ?? [];
        for (const call of calls) {
          names.set(call.id, call.name);
          names.set(decodeGeminiToolCallId(call.id).id, call.name);
        }
        const parts = assistantParts(calls, textOf(message.content), model);
        if (parts.length > 0) contents.push({ role: "model", parts });
        break;
      }
      case "tool": {
        const { id } = decodeGeminiToolCallId(message.toolCallId);
        const name = message.name ?? names.get(message.toolCallId) ?? names.get(id);
        if (!name) {
          throw invalidRequestError(
            GOOGLE_PROVIDER_ID,
            "missing_tool_name",
            `the tool result for call "${id}" has no name, and no earlier assistant tool call has that id; Gemini needs the function name`,
          );
        }
        const part: Part = {
          functionResponse: {
            id,
            name,
            response: toGeminiFunctionResponse(textOf(message.content)),
          },
        };
        if (toolTurn) toolTurn.push(part);
        else {
          toolTurn = [part];
          contents.push({ role: "user", parts: toolTurn });
        }
        break;
      }
    }
  }

  return {
    contents,
    ...(system.length > 0 ? { systemInstruction: { parts: [{ text: system.join("\n\n") }] } } : {}),
  };
}
