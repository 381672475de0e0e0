import { readCappedJson } from "@pictor/contract";
import { gatewayErrorResponse } from "./gateway-error-response";

/** The parsed body, or the error response that refuses it. */
export type JsonBodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

/**
 * Most objects, arrays and elements a body may hold, counted before parsing (see
 * `readCappedJson`): a real request holds a few per message and image, so ten thousand turns fit.
 */
const maxJsonValues = 100_000;

/** Reads a JSON body with a byte cap (see `readCappedJson`), refusing as the gateway would. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<JsonBodyResult> {
  const body = await readCappedJson(request, maxBytes, maxJsonValues);
  if (body.ok) return { ok: true, value: body.value };
  const response =
    body.reason === "too_large"
      ? gatewayErrorResponse(413, `Request body too large: the limit is ${maxBytes} bytes`)
      : body.reason === "too_many_values"
        ? gatewayErrorResponse(
            413,
            `Request body too large: it holds more than ${maxJsonValues} JSON values`,
          )
        : body.reason === "closed"
          ? // The browser went away mid-body: nobody is waiting for the answer.
            gatewayErrorResponse(499, "Client Closed Request: the request body broke off")
          : gatewayErrorResponse(
              400,
              `Invalid JSON in request body: ${body.reason === "empty" ? "the body is empty" : "the body is not valid JSON"}`,
            );
  return { ok: false, response };
}

/** Whether a Content-Type names JSON (`application/json`, `application/problem+json`, any charset). */
export function isJsonContentType(value: string | null): boolean {
  const type = value?.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}
