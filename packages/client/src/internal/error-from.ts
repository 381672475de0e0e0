import { readGatewayError } from "@pictor/contract";
import { apiErrorFor, type PictorError } from "../core/errors";

/**
 * The API error for a non-2xx response, from its body as read (JSON, text when it was not JSON,
 * or undefined when it could not be read); the gateway's error object is taken from it when
 * present.
 */
export function errorFrom(response: Response, body: unknown): PictorError {
  const error = readGatewayError(body, response.status);
  return apiErrorFor({ status: response.status, headers: response.headers, error, body });
}

/** An error response's body as `errorFrom` takes it: its JSON, else the text itself. */
export function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
