import type { ImagePart } from "@oss-ai-agent-tool/core";
import { invalidRequestError } from "./invalid-request-error.js";

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DATA_URL = /^data:([^,;]*)((?:;[^,;]*)*?);base64,(.*)$/is;

function decodeBase64(text: string, where: string): Uint8Array {
  const compact = text.replace(/\s+/g, "");
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw invalidRequestError(`${where} is not valid base64`);
  }
  const bytes = Buffer.from(compact, "base64");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The bytes of an image part, for Ollama's `images` array, which takes inline
 * images only. `data` and base64 `data:` URLs are decoded; http(s) URLs are
 * refused, because fetching them would make the gateway download whatever a
 * client names (and need egress to any host).
 *
 * Bytes rather than the base64 string, on purpose: the Node build of the
 * `ollama` SDK treats an image string that names an existing file as a path
 * and uploads that file, so a client could otherwise send `/etc/hosts` as
 * "base64" and have the gateway read it. Bytes are only re-encoded. Pure.
 *
 * @throws {ProviderError} 400 `invalid_request` for a URL image or bad base64.
 */
export function toOllamaImage(part: ImagePart): Uint8Array {
  if (part.data !== undefined) return decodeBase64(part.data, "image data");
  const url = part.url ?? "";
  const match = DATA_URL.exec(url);
  if (match) return decodeBase64(match[3] ?? "", "the image data: URL");
  if (url.startsWith("data:")) {
    throw invalidRequestError("an image data: URL must be base64-encoded (`;base64,`)");
  }
  throw invalidRequestError(
    "Ollama takes inline images only: send the image as base64 `data` or a base64 `data:` URL, not an http(s) URL",
  );
}
