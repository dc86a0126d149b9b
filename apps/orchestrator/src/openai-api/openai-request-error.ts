/**
 * A request the gateway refuses before any provider sees it. The fields are
 * those of an OpenAI error body, so it goes straight into `toOpenAIErrorBody`.
 */
export interface OpenAIRequestError {
  /** HTTP status to answer with. */
  status: number;
  /** One line naming the field and what was expected, e.g. `messages[0].role: expected ...`. */
  message: string;
  /** The offending field in OpenAI's notation (`messages[0].content`), or `null` for the whole body. */
  param: string | null;
  /** A stable machine-readable code, e.g. `invalid_value`, `unknown_parameter`. */
  code: string;
}

/** The outcome of reading a request body. Bad input is a value, never a throw. */
export type OpenAIParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: OpenAIRequestError };
