import { readCappedJson } from "@pictor/contract";
import { gatewayError } from "./gateway-error";

/** The parsed JSON body, or the error response the gateway gives for it. */
export type BodyResult =
  | { ok: true; value: unknown; bytes: number }
  | { ok: false; response: Response };

/** Reads a JSON body with a byte cap (see `readCappedJson`), answering as the gateway does. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyResult> {
  const body = await readCappedJson(request, maxBytes);
  if (body.ok) return body;
  return {
    ok: false,
    response:
      body.reason === "too_large"
        ? gatewayError(413, `Request body too large: the limit is ${maxBytes} bytes`)
        : body.reason === "closed"
          ? // The client hung up mid-body: nobody is waiting for an answer.
            gatewayError(499, "Client Closed Request")
          : gatewayError(400, "Invalid JSON in request body"),
  };
}
