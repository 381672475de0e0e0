import type { ErrorObject } from "@pictor/contract";

/** The `type` and `code` the real gateway puts in its error body for each status. */
const statusErrors: Readonly<Record<number, { type: string; code: string | null }>> = {
  400: { type: "invalid_request_error", code: null },
  401: { type: "invalid_request_error", code: "invalid_api_key" },
  402: { type: "invalid_request_error", code: "billing_error" },
  403: { type: "invalid_request_error", code: "permission_denied" },
  404: { type: "invalid_request_error", code: "not_found" },
  408: { type: "timeout_error", code: "timeout" },
  413: { type: "invalid_request_error", code: "request_too_large" },
  415: { type: "invalid_request_error", code: "unsupported_media_type" },
  429: { type: "rate_limit_error", code: "rate_limit_exceeded" },
  499: { type: "invalid_request_error", code: "request_cancelled" },
  500: { type: "api_error", code: null },
  502: { type: "api_error", code: null },
  503: { type: "api_error", code: null },
  504: { type: "timeout_error", code: "timeout" },
  529: { type: "api_error", code: null },
};

/** Overrides for one error body; anything not given follows the gateway's table. */
export interface GatewayErrorFields {
  param?: string | null;
  code?: string | null;
  type?: string;
  headers?: HeadersInit;
}

/** The error object of the gateway's `{ error: {...} }` body for a status. */
export function errorObject(
  status: number,
  message: string,
  fields: GatewayErrorFields = {},
): ErrorObject {
  const defaults = statusErrors[status] ?? {
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

/** A JSON error response in the gateway's format. */
export function gatewayError(
  status: number,
  message: string,
  fields: GatewayErrorFields = {},
): Response {
  const headers = new Headers(fields.headers);
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify({ error: errorObject(status, message, fields) }), {
    status,
    headers,
  });
}
