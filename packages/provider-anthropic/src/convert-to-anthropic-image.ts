import type { Base64ImageSource, ImageBlockParam } from "@anthropic-ai/sdk/resources/messages";
import type { ImagePart } from "@oss-ai-agent-tool/core";
import { InvalidAnthropicRequestError } from "./invalid-anthropic-request-error.js";

type ImageMediaType = Base64ImageSource["media_type"];

/** The image types Anthropic reads inline. */
export const ANTHROPIC_IMAGE_MEDIA_TYPES: readonly ImageMediaType[] = [
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
];

function mediaTypeOf(value: string | undefined, param: string): ImageMediaType {
  const lower = value?.toLowerCase();
  const normalized = lower === "image/jpg" ? "image/jpeg" : lower;
  const known = ANTHROPIC_IMAGE_MEDIA_TYPES.find((type) => type === normalized);
  if (known) return known;
  throw new InvalidAnthropicRequestError(
    value
      ? `image media type ${value} is not supported by Anthropic (use ${ANTHROPIC_IMAGE_MEDIA_TYPES.join(", ")})`
      : "an inline image needs its mediaType",
    param,
  );
}

const DATA_URL = /^data:([^;,]+)?((?:;[^;,]*)*?);base64,(.*)$/is;

/**
 * Maps a contract image part to an Anthropic image block: an http(s) URL
 * becomes a `url` source, a `data:` URL or inline base64 a `base64` source
 * with its media type. Pure.
 *
 * @throws {InvalidAnthropicRequestError} for another URL scheme, a `data:` URL
 *   that is not base64, or a media type Anthropic does not read.
 */
export function convertToAnthropicImage(part: ImagePart, param: string): ImageBlockParam {
  if (part.url !== undefined) {
    if (/^https?:\/\//i.test(part.url)) {
      return { type: "image", source: { type: "url", url: part.url } };
    }
    const match = DATA_URL.exec(part.url);
    if (match) {
      return {
        type: "image",
        source: {
          type: "base64",
          media_type: mediaTypeOf(match[1] ?? part.mediaType, `${param}.url`),
          data: match[3] ?? "",
        },
      };
    }
    throw new InvalidAnthropicRequestError(
      "an image URL must be http(s) or a base64 data: URL",
      `${param}.url`,
    );
  }
  if (part.data !== undefined) {
    return {
      type: "image",
      source: {
        type: "base64",
        media_type: mediaTypeOf(part.mediaType, `${param}.mediaType`),
        data: part.data,
      },
    };
  }
  throw new InvalidAnthropicRequestError("an image part needs a url or data", param);
}
