/**
 * Thrown by the pure mappers when a request cannot be expressed on the
 * OpenAI wire (an image without a media type, a `file:` URL). The provider
 * turns it into a 400 `ProviderError`; the mappers stay free of provider ids.
 */
export class InvalidChatRequestError extends Error {
  override readonly name = "InvalidChatRequestError";
  /** Where in the request the problem is, e.g. `messages[1].content[0].url`. */
  readonly param: string;

  constructor(message: string, param: string) {
    super(message);
    this.param = param;
  }
}
