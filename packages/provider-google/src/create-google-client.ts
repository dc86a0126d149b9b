import { GoogleGenAI } from "@google/genai";
import type { FetchFunction } from "@oss-ai-agent-tool/core";
import { GOOGLE_DEFAULT_API_VERSION, GOOGLE_DEFAULT_BASE_URL } from "./google-capabilities.js";
import { googleFetch } from "./to-google-error.js";

/** Where the SDK sends requests: its `httpOptions.baseUrl` and `apiVersion`. */
export interface GoogleEndpoint {
  baseUrl: string;
  apiVersion: string;
}

/**
 * Splits a configured base URL into the SDK's server root and API version.
 * The SDK puts `/{apiVersion}/` in front of every path itself, so a trailing
 * version segment (`.../v1beta`, as a copied endpoint often ends) is taken as
 * the version instead of being doubled. An explicit `apiVersion` wins. Pure.
 */
export function toGoogleEndpoint(
  baseURL: string | undefined,
  apiVersion: string | undefined,
): GoogleEndpoint {
  let root = (baseURL ?? GOOGLE_DEFAULT_BASE_URL).replace(/\/+$/, "");
  let version = apiVersion;
  const trailing = /\/(v\d+[a-z0-9]*)$/i.exec(root);
  if (trailing) {
    root = root.slice(0, trailing.index);
    version ??= trailing[1];
  }
  return { baseUrl: root, apiVersion: version ?? GOOGLE_DEFAULT_API_VERSION };
}

/** What one SDK client is built from. */
export interface GoogleClientOptions {
  apiKey: string;
  baseURL?: string | undefined;
  apiVersion?: string | undefined;
  fetch: FetchFunction;
}

/**
 * Builds the official SDK client for the Gemini API.
 *
 * - Every request goes through the injected egress `fetch`
 *   (`httpOptions.fetch`, which the SDK's `ApiClient` uses for every
 *   `models.*` call instead of the global fetch), wrapped by
 *   {@link googleFetch} so HTTP errors keep their headers.
 * - No `httpOptions.retryOptions`: without them the SDK makes one attempt;
 *   core's runners retry. No `timeout` either: the runners bound each attempt
 *   and abort it through the signal.
 * - The base URL and `vertexai: false` are always set, so neither
 *   `GOOGLE_GEMINI_BASE_URL` nor `GOOGLE_GENAI_USE_VERTEXAI` in the
 *   environment can send requests elsewhere behind the settings' back.
 */
export function createGoogleClient(options: GoogleClientOptions): GoogleGenAI {
  const { baseUrl, apiVersion } = toGoogleEndpoint(options.baseURL, options.apiVersion);
  return new GoogleGenAI({
    apiKey: options.apiKey,
    vertexai: false,
    apiVersion,
    httpOptions: { baseUrl, apiVersion, fetch: googleFetch(options.fetch) },
  });
}
