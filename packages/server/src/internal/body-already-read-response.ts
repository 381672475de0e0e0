import { gatewayErrorResponse } from "./gateway-error-response";

const bodyAlreadyRead =
  "the request body was read before @pictor/server got it (a body parser such as express.json() runs in front of this route): mount the route before any body parser";

/**
 * The answer when a middleware in front of the route has read the request body: nothing can be
 * validated or forwarded, and waiting for the body would hang. A setup mistake, so it is also
 * logged, and not retried.
 */
export function bodyAlreadyReadResponse(requestId: string): Response {
  console.error(`[@pictor/server] ${bodyAlreadyRead} (x-request-id ${requestId})`);
  return gatewayErrorResponse(500, `@pictor/server: ${bodyAlreadyRead}`, {
    headers: { "x-should-retry": "false" },
  });
}
