import type { ErrorObject } from "../generated/types";

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
  529: { type: "api_error", code: null },
};

/** Fields of one error that differ from its status's defaults, and headers for the response. */
export interface GatewayErrorFields {
  param?: string | null | undefined;
  code?: string | null | undefined;
  type?: string | undefined;
  headers?: HeadersInit | undefined;
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
