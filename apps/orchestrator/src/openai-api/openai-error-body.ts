/**
 * The `error.type` values the gateway sends. They classify coarsely, as
 * OpenAI's do; the `code` says exactly what happened. All 5xx share
 * `api_error` (no separate "upstream" type): clients branch on the status,
 * an unfamiliar type only surprises them, and `code` (`upstream_error`,
 * `upstream_auth_failed`, `overloaded`, ...) already tells a gateway fault
 * from an upstream one.
 */
export type OpenAIErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "timeout_error"
  | "rate_limit_error"
  | "api_error";

/** OpenAI's error response body. */
export interface OpenAIErrorBody {
  error: {
    message: string;
    type: OpenAIErrorType;
    code: string | null;
    param: string | null;
  };
}

/**
 * The error type for an HTTP status: 401 authentication, 403 permission,
 * 404 not found, 408 and 504 timeout, 429 rate limit, any other 4xx
 * (400, 413, 415, 422, 409, 499 ...) an invalid request, 5xx (and anything
 * that is not an error status) an API error.
 */
export function openAIErrorTypeForStatus(status: number): OpenAIErrorType {
  switch (status) {
    case 401:
      return "authentication_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 408:
    case 504:
      return "timeout_error";
    case 429:
      return "rate_limit_error";
  }
  return status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
}

/** `{ error: { message, type, code, param } }` for a status, with the type derived from the status. */
export function toOpenAIErrorBody(
  status: number,
  message: string,
  code: string | null = null,
  param: string | null = null,
): OpenAIErrorBody {
  return { error: { message, type: openAIErrorTypeForStatus(status), code, param } };
}
