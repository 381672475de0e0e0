import { readServerError } from "@pictor/contract";
import { apiErrorFor, type PictorError } from "../core/errors";
import { redactBody, redactHeaders } from "./redact-credentials";

/**
 * The API error for a non-2xx response, from its body as read (JSON, text when it was not JSON,
 * or undefined when it could not be read); its error object is taken from it when present (the
 * gateway's, or another OpenAI-compatible server's words: see `readServerError`). A gateway or a proxy may echo the key it was sent, in the body or in a header:
 * `secrets` (the request's credentials) are replaced in both before they reach the error.
 */
export function errorFrom(
  response: Response,
  received: unknown,
  secrets: readonly string[],
): PictorError {
  const body = redactBody(received, secrets);
  const error = readServerError(body, response.status);
  const headers = redactHeaders(response.headers, secrets);
  return apiErrorFor({ status: response.status, headers, error, body });
}

/** An error response's body as `errorFrom` takes it: its JSON, else the text itself. */
export function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
