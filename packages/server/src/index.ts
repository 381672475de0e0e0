/**
 * @pictor/server: a Web-standard route handler that keeps the gateway key on your server,
 * validates and polices what the browser asks for, and forwards it through `@pictor/client`.
 * @example
 * import { createPictorHandler } from "@pictor/server";
 * const handler = createPictorHandler({ apiKey: process.env.LLM_GATEWAY_API_KEY ?? "", policy: { maxN: 2 } });
 */
export { createNextRouteHandlers } from "./create-next-route-handlers";
export { createPictorHandler } from "./create-pictor-handler";
export type {
  AuthorizeResult,
  PictorCall,
  PictorHandler,
  PictorHandlerOptions,
  PictorOperation,
  PictorPolicy,
  PictorQuality,
  PictorServiceTier,
  RateLimitResult,
} from "./pictor-handler-options";
