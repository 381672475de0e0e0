import type { ErrorDetails, ErrorObject } from "../generated/types";

/** The `type` and `code` the gateway puts in its error body for each status (see the gateway reference). */
const statusDefaults: Readonly<Record<number, { type: string; code: string | null }>> = {
  400: { type: "invalid_request_error", code: null },
  401: { type: "invalid_request_error", code: "invalid_api_key" },
  402: { type: "invalid_request_error", code: "billing_error" },
  403: { type: "invalid_request_error", code: "permission_denied" },
  404: { type: "invalid_request_error", code: "not_found" },
  405: { type: "invalid_request_error", code: "method_not_allowed" },
  408: { type: "timeout_error", code: "timeout" },
  413: { type: "invalid_request_error", code: "request_too_large" },
  415: { type: "invalid_request_error", code: "unsupported_media_type" },
  429: { type: "rate_limit_error", code: "rate_limit_exceeded" },
  499: { type: "invalid_request_error", code: "request_cancelled" },
  500: { type: "api_error", code: null },
  502: { type: "api_error", code: null },
  503: { type: "api_error", code: null },
  504: { type: "timeout_error", code: "timeout" },
  // The gateway's error-handling docs give 529 the code `overloaded` (reference/user-needs.md §1.1).
  529: { type: "api_error", code: "overloaded" },
};

/** Fields of one error that differ from its status's defaults, and headers for the response. */
export interface GatewayErrorFields {
  param?: string | null | undefined;
  code?: string | null | undefined;
  type?: string | undefined;
  // What `new Headers()` takes: `HeadersInit` is a DOM lib name, missing from a Node-only
  // program's types (`lib: ["ES2023"]`, `types: ["node"]`).
  headers?: ConstructorParameters<typeof Headers>[0] | undefined;
}

/** The gateway's error object for a status: `{ message, type, param, code }`. */
export function gatewayErrorObject(
  status: number,
  message: string,
  fields: GatewayErrorFields = {},
): ErrorObject {
  const defaults = statusDefaults[status] ?? {
    type: status >= 500 ? "api_error" : "invalid_request_error",
    code: null,
  };
  return {
    message,
    type: fields.type ?? defaults.type,
    param: fields.param ?? null,
    code: fields.code === undefined ? defaults.code : fields.code,
  };
}

/** A JSON error response in the gateway's format (`{ error: {...} }`), as the mock and the server answer. */
export function gatewayErrorResponse(
  status: number,
  message: string,
  fields: GatewayErrorFields = {},
): Response {
  const headers = new Headers(fields.headers);
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify({ error: gatewayErrorObject(status, message, fields) }), {
    status,
    headers,
  });
}

/**
 * The gateway's error object in a parsed error body (or an `event: error`'s data), read field by
 * field: a provider error passed through can carry `details` of its own shape or leave out
 * `param`, and its message, type and code must not be lost for that. Other fields (diagnostics
 * such as `usedProvider`) are kept as sent; a missing `type` is `api_error` for a 5xx, else
 * `invalid_request_error`. Undefined when the body has no `error` with a string `message`.
 */
export function readGatewayError(body: unknown, status: number): ErrorObject | undefined {
  const error = isObject(body) ? body.error : undefined;
  if (!isObject(error) || typeof error.message !== "string") return undefined;
  const { details, responseText, ...rest } = error;
  return {
    ...rest,
    message: error.message,
    type: asString(error.type) ?? (status >= 500 ? "api_error" : "invalid_request_error"),
    param: asString(error.param) ?? null,
    code: asString(error.code) ?? null,
    ...(typeof responseText === "string" && { responseText }),
    ...(isObject(details) && { details: readErrorDetails(details) }),
  };
}

/**
 * The error object of an error answer from the gateway (`readGatewayError`) or from another
 * OpenAI-compatible server that words it its own way, so that its message is not lost: vLLM's
 * top-level `{ message, type }` (also a Node framework's `{ statusCode, error: "Not Found",
 * message }`, whose `error` only names the status), TGI's and Ollama's `{ error: "…" }`, a FastAPI
 * route's `{ detail: "…" }`. Undefined when the body holds no message.
 */
export function readServerError(body: unknown, status: number): ErrorObject | undefined {
  return readGatewayError(body, status) ?? readGatewayError({ error: looseErrorOf(body) }, status);
}

/** The error of a body outside the gateway's envelope, as `readGatewayError` takes one. */
function looseErrorOf(body: unknown): unknown {
  const { error, detail, message } = Object(body) as Record<string, unknown>;
  if (typeof message === "string") return body;
  const words = typeof error === "string" ? error : detail;
  return typeof words === "string" ? { message: words } : body;
}

/**
 * `details` with its known fields kept only when they have the gateway's types (a status may be a
 * 3-digit string); fields it does not know (a provider's own) are kept as sent.
 */
function readErrorDetails(details: Record<string, unknown>): ErrorDetails {
  const { statusCode, statusText, errorName, errorCode, cause, ...rest } = details;
  const read: ErrorDetails = rest;
  const status =
    typeof statusCode === "string" && /^\d{3}$/.test(statusCode) ? Number(statusCode) : statusCode;
  // Only an error status: anything else leaves the reader's own (a stream's 502) in place.
  if (typeof status === "number" && Number.isInteger(status) && status >= 400 && status <= 599)
    read.statusCode = status;
  const texts = { statusText, errorName, errorCode, cause };
  for (const [key, value] of Object.entries(texts))
    if (typeof value === "string") read[key as keyof typeof texts] = value;
  return read;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
