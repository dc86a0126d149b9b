import type { ImagePart } from "@oss-ai-agent-tool/core";

const HTTP_URL = /^https?:\/\/./i;
const DATA_URL_PREFIX = /^data:/i;
const BASE64_MARKER = ";base64";

/** What a client may put in `image_url.url`, read into a core {@link ImagePart} without its `detail`. */
export type ParsedImageUrl = { ok: true; part: ImagePart } | { ok: false; message: string };

/**
 * Reads an OpenAI `image_url.url`: an http(s) URL is kept as a URL; a
 * `data:<mediatype>[;params];base64,<data>` URL becomes `{ data, mediaType }`,
 * because most providers other than OpenAI take inline images only as raw
 * base64 plus a media type. The base64 itself is not decoded here: that would
 * cost a copy of every image on every request, and the provider rejects bad
 * data with a clear error anyway.
 */
export function parseImageUrl(url: string): ParsedImageUrl {
  if (HTTP_URL.test(url)) return { ok: true, part: { type: "image", url } };
  if (!DATA_URL_PREFIX.test(url)) {
    return { ok: false, message: "must be an http(s) URL or a base64 data: URL" };
  }
  const comma = url.indexOf(",");
  if (comma < 0) return { ok: false, message: "data: URL has no data" };
  const meta = url.slice(5, comma);
  if (!meta.toLowerCase().endsWith(BASE64_MARKER)) {
    return {
      ok: false,
      message: "data: URL must be base64-encoded (data:<media type>;base64,...)",
    };
  }
  const semicolon = meta.indexOf(";");
  const mediaType = meta.slice(0, semicolon).trim().toLowerCase();
  if (mediaType.length === 0) {
    return {
      ok: false,
      message: "data: URL must name a media type, e.g. data:image/png;base64,...",
    };
  }
  if (comma === url.length - 1) return { ok: false, message: "data: URL has no data" };
  return { ok: true, part: { type: "image", data: url.slice(comma + 1), mediaType } };
}
