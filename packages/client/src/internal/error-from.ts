import { type ErrorObject, readServerError } from "@pictor/contract";
import { apiErrorFor, type PictorError } from "../core/errors";
import { redactBody, redactHeaders } from "./redact-credentials";

/**
 * The API error for a non-2xx response (or for a 2xx whose body is an error, with the `status`
 * it stands for: see `validated`), from its body as read (JSON, text when it was not JSON,
 * or undefined when it could not be read); its error object is taken from it when present (the
 * gateway's, or another OpenAI-compatible server's words: see `readServerError`). A gateway or a proxy may echo the key it was sent, in the body or in a header:
 * `secrets` (the request's credentials) are replaced in both before they reach the error.
 */
export function errorFrom(
  response: Response,
  received: unknown,
  secrets: readonly string[],
  status = response.status,
): PictorError {
  const body = redactBody(received, secrets);
  const error = readServerError(body, status);
  const headers = redactHeaders(response.headers, secrets);
  return apiErrorFor({ status, headers, error, body });
}

/**
 * The status of an error a server sent where its status could not say it (in a 200, or as an
 * `event: error` in a stream): the one its details name, else an HTTP error status given as its
 * numeric `code` (OpenRouter's `{ code: 502 }`), else a bad gateway.
 */
export function statusOfSentError(error: ErrorObject | undefined, body: unknown): number {
  if (error?.details?.statusCode !== undefined) return error.details.statusCode;
  const { code } = Object(Object(body).error) as { code?: unknown };
  return typeof code === "number" && Number.isInteger(code) && code >= 400 && code <= 599
    ? code
    : 502;
}

/** An error response's body as `errorFrom` takes it: its JSON, else the text itself. */
export function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
