import type { ContentBlock, ImageFormat } from "@aws-sdk/client-bedrock-runtime";
import type { ImagePart } from "@oss-ai-agent-tool/core";
import { invalidBedrockRequest } from "./bedrock-errors.js";

const FORMATS: Readonly<Record<string, ImageFormat>> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/jpg": "jpeg",
  "image/gif": "gif",
  "image/webp": "webp",
};

const EXTENSIONS: Readonly<Record<string, ImageFormat>> = {
  png: "png",
  jpg: "jpeg",
  jpeg: "jpeg",
  gif: "gif",
  webp: "webp",
};

/** Base64 text as a plain Uint8Array view, the type the SDK declares for `bytes`. */
function base64Bytes(base64: string): Uint8Array {
  const buffer = Buffer.from(base64, "base64");
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

const DATA_URL = /^data:([^;,]+)(?:;[^;,]*)*;base64,(.*)$/s;

function formatOf(mediaType: string | undefined, where: string): ImageFormat {
  const format = mediaType ? FORMATS[mediaType.toLowerCase()] : undefined;
  if (format) return format;
  throw invalidBedrockRequest(
    `${where}: Bedrock takes png, jpeg, gif or webp images, not ${mediaType ? `"${mediaType}"` : "an image without a media type"}`,
    "unsupported_image",
  );
}

/**
 * Maps an image part to a Bedrock `image` block. Inline bytes (base64 `data`
 * with a `mediaType`, or a `data:` URL) are sent as bytes; an `s3://` URL as
 * an S3 location (which some models accept). An http(s) URL is refused with a
 * 400: Bedrock does not fetch URLs, and fetching arbitrary URLs from the
 * gateway would bypass the egress policy. Pure.
 */
export function toBedrockImage(part: ImagePart, where: string): ContentBlock.ImageMember {
  if (part.data !== undefined) {
    return {
      image: {
        format: formatOf(part.mediaType, where),
        source: { bytes: base64Bytes(part.data) },
      },
    };
  }
  const url = part.url ?? "";
  const dataUrl = DATA_URL.exec(url);
  if (dataUrl) {
    return {
      image: {
        format: formatOf(dataUrl[1], where),
        source: { bytes: base64Bytes(dataUrl[2] ?? "") },
      },
    };
  }
  if (url.startsWith("s3://")) {
    const extension = /\.([a-z0-9]+)$/i.exec(url)?.[1]?.toLowerCase();
    const format = part.mediaType
      ? formatOf(part.mediaType, where)
      : extension !== undefined
        ? EXTENSIONS[extension]
        : undefined;
    if (!format) throw invalidBedrockRequest(`${where}: give the S3 image's mediaType`);
    return { image: { format, source: { s3Location: { uri: url } } } };
  }
  throw invalidBedrockRequest(
    `${where}: Bedrock does not fetch image URLs; send the image inline (base64 data or a data: URL) or as an s3:// location`,
    "unsupported_image",
  );
}
