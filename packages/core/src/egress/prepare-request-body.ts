import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

/** A fetch request body turned into something undici sends. */
export interface PreparedBody {
  /** What undici sends; `null` for no body. */
  readonly data: string | Uint8Array | Readable | null;
  /**
   * Whether `data` can be sent again, on a 307/308 redirect. Streams cannot:
   * they are consumed by the first send.
   */
  readonly replayable: boolean;
  /** The content type the body implies, used when the caller set none. */
  readonly contentType: string | undefined;
}

/** The body types `fetch` accepts. */
export type FetchBody = NonNullable<RequestInit["body"]>;

const NO_BODY: PreparedBody = { data: null, replayable: true, contentType: undefined };

/**
 * Converts a fetch body to an undici body. Strings and bytes (the bodies SDKs
 * send) are returned synchronously and untouched; Blob and FormData are read
 * into memory (they are in memory already) so that they stay replayable;
 * streams and other async iterables are passed on as a Node stream.
 */
export function prepareRequestBody(
  body: FetchBody | null | undefined,
): PreparedBody | Promise<PreparedBody> {
  if (body === null || body === undefined) return NO_BODY;
  if (typeof body === "string")
    return { data: body, replayable: true, contentType: "text/plain;charset=UTF-8" };
  if (body instanceof Uint8Array) return { data: body, replayable: true, contentType: undefined };
  if (body instanceof ArrayBuffer)
    return { data: new Uint8Array(body), replayable: true, contentType: undefined };
  if (ArrayBuffer.isView(body)) {
    return {
      data: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
      replayable: true,
      contentType: undefined,
    };
  }
  if (body instanceof URLSearchParams) {
    return {
      data: body.toString(),
      replayable: true,
      contentType: "application/x-www-form-urlencoded;charset=UTF-8",
    };
  }
  if (body instanceof Blob) return readAll(body, body.type || undefined);
  if (body instanceof FormData) {
    // Response serialises multipart exactly as fetch would, boundary included.
    const encoded = new Response(body);
    return readAll(encoded, encoded.headers.get("content-type") ?? undefined);
  }
  if (body instanceof ReadableStream) {
    return {
      data: Readable.fromWeb(body as NodeReadableStream<Uint8Array>),
      replayable: false,
      contentType: undefined,
    };
  }
  if (typeof body === "object" && (Symbol.asyncIterator in body || Symbol.iterator in body)) {
    return { data: Readable.from(body), replayable: false, contentType: undefined };
  }
  throw new TypeError("Unsupported request body type");
}

async function readAll(
  source: { arrayBuffer(): Promise<ArrayBuffer> },
  contentType: string | undefined,
): Promise<PreparedBody> {
  return { data: new Uint8Array(await source.arrayBuffer()), replayable: true, contentType };
}
